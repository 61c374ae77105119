/** The formats of `estimate --compare`: what changes, per resource, between two versions. */
import type { EstimateComparison } from './compare.js'
import { estimateJsonObject } from './format.js'

const usd = (value: number | undefined) => (value === undefined ? '—' : `$${value.toFixed(2)}`)
const signed = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}$${Math.abs(value).toFixed(2)}`

/** Documented in docs/estimate.md: the two estimates in the `--format json` contract, and the per-resource changes. */
export function comparisonToJson(comparison: EstimateComparison): string {
  return JSON.stringify(
    {
      version: 1,
      currency: 'USD',
      monthlyCostChange: comparison.monthlyCostChange,
      resources: comparison.resources.map((change) => ({ ...change, before: change.before ?? null, after: change.after ?? null })),
      before: estimateJsonObject(comparison.before),
      after: estimateJsonObject(comparison.after),
    },
    null,
    2,
  ) + '\n'
}

export function comparisonToTable(comparison: EstimateComparison): string {
  const shown = comparison.resources.filter((change) => change.status !== 'unchanged')
  const rows = [['Resource', 'Change', 'Before', 'After', 'Difference'], ...shown.map((change) => [`${change.resource} (${change.type})`, change.status, usd(change.before), usd(change.after), signed(change.change)])]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const lines = rows.map((row) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd())
  lines.splice(1, 0, widths.map((width) => '─'.repeat(width)).join('  '))
  if (shown.length === 0) lines.push('(no resource changes cost)')
  const unchanged = comparison.resources.length - shown.length
  lines.push('')
  lines.push(`Monthly total: ${usd(comparison.before.monthlyCost)} → ${usd(comparison.after.monthlyCost)} (${signed(comparison.monthlyCostChange)}${percent(comparison)})${unchanged ? `; ${unchanged} resource${unchanged === 1 ? '' : 's'} unchanged` : ''}`)
  const { before, after } = comparison
  if (before.perRequestCost !== undefined && after.perRequestCost !== undefined) {
    lines.push(`Cost per request: $${before.perRequestCost.toFixed(8)} → $${after.perRequestCost.toFixed(8)}`)
  }
  if (!before.complete || !after.complete) lines.push('Both totals leave out what depends on usage the usage file does not give.')
  return lines.join('\n') + '\n'
}

export function comparisonToMarkdown(comparison: EstimateComparison): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|')
  const shown = comparison.resources.filter((change) => change.status !== 'unchanged')
  const lines = [
    '## lambdawise estimate: cost change',
    '',
    `**${signed(comparison.monthlyCostChange)} a month**${percent(comparison)}: ${usd(comparison.before.monthlyCost)} → ${usd(comparison.after.monthlyCost)} in ${comparison.after.region}.`,
    '',
  ]
  if (shown.length === 0) lines.push('No resource changes cost.')
  else {
    lines.push('| Resource | Type | Change | Before | After | Difference |', '| --- | --- | --- | ---: | ---: | ---: |')
    for (const change of shown) lines.push(`| \`${escape(change.resource)}\` | ${change.type} | ${change.status} | ${usd(change.before)} | ${usd(change.after)} | ${signed(change.change)} |`)
  }
  return lines.join('\n') + '\n'
}

export function comparisonToCsv(comparison: EstimateComparison): string {
  const cell = (value: string | number | undefined) => {
    const text = value === undefined ? '' : String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const rows = ['resource,type,status,before_usd,after_usd,change_usd']
  for (const change of comparison.resources) rows.push([change.resource, change.type, change.status, change.before, change.after, change.change].map(cell).join(','))
  return rows.join('\n') + '\n'
}

function percent(comparison: EstimateComparison): string {
  if (comparison.before.monthlyCost === 0) return ''
  return `, ${((comparison.monthlyCostChange / comparison.before.monthlyCost) * 100).toFixed(1)}%`
}
