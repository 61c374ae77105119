import type { Estimate } from './estimate.js'

/** The documented `--format json` contract (version 1; fields are only ever added). */
export function estimateToJson(estimate: Estimate): string {
  return JSON.stringify(
    {
      version: 1,
      currency: 'USD',
      region: estimate.region,
      freeTier: estimate.freeTier,
      entryRequests: estimate.entryRequests ?? null,
      monthlyCost: estimate.monthlyCost,
      complete: estimate.complete,
      perRequestCost: estimate.perRequestCost ?? null,
      resources: estimate.resources.map((resource) => ({
        resource: resource.resource,
        type: resource.type,
        monthlyCost: resource.monthlyCost,
        complete: resource.complete,
        components: resource.components.map((component) => ({
          name: component.name,
          unit: component.unit,
          quantity: component.quantity ?? null,
          unitPrice: component.unitPrice ?? null,
          monthlyCost: component.monthlyCost ?? null,
          usageKnown: component.usageKnown,
        })),
      })),
      scaling: estimate.scaling,
    },
    null,
    2,
  ) + '\n'
}

const usd = (value: number | undefined, digits = 2) => (value === undefined ? '' : `$${value.toFixed(digits)}`)
const quantity = (value: number | undefined) => (value === undefined ? 'depends on usage' : value.toLocaleString('en-US', { maximumFractionDigits: 2 }))

/** A table per resource and component, the total, the cost per request and the scaling at 10x-1000x. */
export function estimateToTable(estimate: Estimate): string {
  const rows: string[][] = [['Resource / component', 'Quantity', 'Unit', 'Unit price', 'Monthly']]
  for (const resource of estimate.resources) {
    rows.push([`${resource.resource} (${resource.type})`, '', '', '', `${usd(resource.monthlyCost)}${resource.complete ? '' : '+'}`])
    for (const component of resource.components) {
      rows.push([`  ${component.name}`, quantity(component.quantity), component.unit, component.unitPrice === undefined ? 'no price' : `$${component.unitPrice.toPrecision(4)}`, usd(component.monthlyCost)])
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const lines = rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd())
  lines.splice(1, 0, widths.map((width) => '─'.repeat(width)).join('  '))
  lines.push('')
  lines.push(`Monthly total: ${usd(estimate.monthlyCost)}${estimate.complete ? '' : ' + what depends on usage (lines without a cost: give them in a usage file)'} — ${estimate.region}, ${estimate.freeTier ? 'with' : 'without'} the free tier`)
  if (estimate.entryRequests !== undefined) {
    lines.push(`Entry requests: ${estimate.entryRequests.toLocaleString('en-US')} a month; cost per request: ${usd(estimate.perRequestCost, 8)}`)
    lines.push(`Scaling: ${estimate.scaling.map((step) => `${step.multiplier}× the traffic ${usd(step.monthlyCost)} (largest: ${step.largest ?? '-'})`).join('; ')}`)
  }
  return lines.join('\n') + '\n'
}
