import { formatNumber } from '../util/numbers.js'
import { CONTAINER_ASSUMPTIONS, type ContainerComparison } from './container.js'
import type { Estimate } from './estimate.js'

/** The documented `--format json` contract (version 1; fields are only ever added). */
export function estimateToJson(estimate: Estimate): string {
  return JSON.stringify(estimateJsonObject(estimate), null, 2) + '\n'
}

export function estimateJsonObject(estimate: Estimate) {
  return {
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
    scaling: estimate.scaling.map((step) => ({ ...step, container: containerJson(step.container) })),
    container: estimate.container ? { ...containerJson(estimate.container), breakEvenEntryRequests: estimate.container.breakEvenEntryRequests ?? null } : null,
    unpriced: estimate.unpriced,
  }
}

function containerJson(container: ContainerComparison | undefined) {
  if (!container) return null
  return {
    lambdaMonthlyCost: container.lambdaMonthlyCost,
    fargateMonthlyCost: container.fargateMonthlyCost ?? null,
    tasks: container.tasks,
    architecture: container.architecture,
    containerCheaper: container.containerCheaper ?? null,
    monthlySaving: container.monthlySaving ?? null,
    assumptions: CONTAINER_ASSUMPTIONS,
  }
}

/** One sentence: Lambda against Fargate today, and the traffic where that changes. */
export function containerSentence(estimate: Estimate): string | undefined {
  const container = estimate.container
  if (!container) return undefined
  if (container.fargateMonthlyCost === undefined) return `Container comparison: no Fargate price for ${estimate.region}.`
  const today = container.containerCheaper
    ? `a container (Fargate, ${container.tasks} tasks) would be cheaper than the functions: ${usd(container.fargateMonthlyCost)} against ${usd(container.lambdaMonthlyCost)}, saving ${usd(container.monthlySaving)} a month`
    : `Lambda is cheaper than a container (Fargate, ${container.tasks} tasks): ${usd(container.lambdaMonthlyCost)} against ${usd(container.fargateMonthlyCost)} a month`
  const breakEven = container.containerCheaper
    ? ''
    : container.breakEvenEntryRequests !== undefined
      ? `; a container becomes cheaper above about ${formatNumber(container.breakEvenEntryRequests, 3)} entry requests a month`
      : estimate.entryRequests !== undefined ? '; it stays cheaper at any traffic' : ''
  return `Container: ${today}${breakEven} (${CONTAINER_ASSUMPTIONS}).`
}

/** The billed resources the total leaves out, by name. */
export function unpricedSentence(estimate: Estimate): string | undefined {
  if (estimate.unpriced.length === 0) return undefined
  return `Not priced by lambdawise (add them by hand): ${estimate.unpriced.map((item) => `${item.resource} (${item.type}: ${item.billedFor})`).join('; ')}.`
}

const usd = (value: number | undefined, digits = 2) => (value === undefined ? '' : `$${value.toFixed(digits)}`)
const quantity = (value: number | undefined) => (value === undefined ? 'depends on usage' : formatNumber(value, 2))

/** A table per resource and component, the total, the cost per request and the scaling at 10x-1000x. */
export function estimateToTable(estimate: Estimate): string {
  const rows: string[][] = [['Resource / component', 'Quantity', 'Unit', 'Unit price', 'Monthly']]
  for (const resource of estimate.resources) {
    rows.push([`${resource.resource} (${resource.type})`, '', '', '', `${usd(resource.monthlyCost)}${resource.complete ? '' : '+'}`])
    for (const component of resource.components) {
      rows.push([`  ${component.name}`, quantity(component.quantity), component.unit, component.unitPrice === undefined ? 'no price' : `$${component.unitPrice.toPrecision(4)}`, usd(component.monthlyCost)])
    }
  }
  // A loop, not Math.max(...column): a spread of 10,000 rows is slow and deep on the stack.
  const widths = rows[0]!.map(() => 0)
  for (const row of rows) row.forEach((cell, column) => { if (cell.length > widths[column]!) widths[column] = cell.length })
  const lines = rows.map((row) => {
    let line = row[0]!.padEnd(widths[0]!)
    for (let column = 1; column < row.length; column++) line += '  ' + row[column]!.padStart(widths[column]!)
    return line.trimEnd()
  })
  lines.splice(1, 0, widths.map((width) => '─'.repeat(width)).join('  '))
  lines.push('')
  lines.push(`Monthly total: ${usd(estimate.monthlyCost)}${estimate.complete ? '' : ' + what depends on usage (lines without a cost: give them in a usage file)'} — ${estimate.region}, ${estimate.freeTier ? 'with' : 'without'} the free tier`)
  if (estimate.entryRequests !== undefined) {
    lines.push(`Entry requests: ${formatNumber(estimate.entryRequests, 3)} a month; cost per request: ${usd(estimate.perRequestCost, 8)}`)
    lines.push(`Scaling: ${estimate.scaling.map((step) => `${step.multiplier}× the traffic ${usd(step.monthlyCost)} (largest: ${step.largest ?? '-'}${step.container?.containerCheaper ? `; a container saves ${usd(step.container.monthlySaving)}` : ''})`).join('; ')}`)
  }
  const container = containerSentence(estimate)
  if (container) lines.push(container)
  const unpriced = unpricedSentence(estimate)
  if (unpriced) lines.push(unpriced)
  return lines.join('\n') + '\n'
}

/** For PR comments: the total, then a table of resources with their monthly cost, largest first. */
export function estimateToMarkdown(estimate: Estimate): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|')
  const lines = [
    '## lambdawise estimate',
    '',
    `**${usd(estimate.monthlyCost)} a month**${estimate.complete ? '' : ' + what depends on usage'} in ${estimate.region}` +
      `${estimate.entryRequests !== undefined ? ` for ${formatNumber(estimate.entryRequests, 3)} entry requests (${usd(estimate.perRequestCost, 8)} per request)` : ''}` +
      `, ${estimate.freeTier ? 'with' : 'without'} the free tier.`,
    '',
    '| Resource | Type | Monthly | Depends on usage |',
    '| --- | --- | ---: | --- |',
    ...[...estimate.resources]
      .sort((a, b) => b.monthlyCost - a.monthlyCost)
      .map((resource) => {
        const unknown = resource.components.filter((component) => component.monthlyCost === undefined).map((component) => component.name)
        return `| \`${escape(resource.resource)}\` | ${resource.type} | ${usd(resource.monthlyCost)} | ${escape(unknown.join(', ')) || '—'} |`
      }),
  ]
  if (estimate.scaling.length > 0) {
    lines.push('', '| Traffic | Monthly | Largest | Container (Fargate) |', '| --- | ---: | --- | --- |')
    for (const step of estimate.scaling) {
      const container = step.container?.fargateMonthlyCost === undefined ? '—' : `${usd(step.container.fargateMonthlyCost)}${step.container.containerCheaper ? ` (saves ${usd(step.container.monthlySaving)})` : ''}`
      lines.push(`| ${step.multiplier}× (${formatNumber(step.entryRequests, 3)}) | ${usd(step.monthlyCost)} | ${step.largest ?? '—'} | ${container} |`)
    }
  }
  const container = containerSentence(estimate)
  if (container) lines.push('', container)
  const unpriced = unpricedSentence(estimate)
  if (unpriced) lines.push('', unpriced)
  return lines.join('\n') + '\n'
}

/** One row per component, for spreadsheets. */
export function estimateToCsv(estimate: Estimate): string {
  const cell = (value: string | number | boolean | undefined) => {
    const text = value === undefined ? '' : String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const rows = [['resource', 'type', 'component', 'quantity', 'unit', 'unit_price_usd', 'monthly_cost_usd', 'usage_known'].join(',')]
  for (const resource of estimate.resources) {
    for (const component of resource.components) {
      rows.push([resource.resource, resource.type, component.name, component.quantity, component.unit, component.unitPrice, component.monthlyCost, component.usageKnown].map(cell).join(','))
    }
  }
  return rows.join('\n') + '\n'
}
