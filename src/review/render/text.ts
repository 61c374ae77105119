/** Wording both renderers share, so the Markdown and the HTML report say the same things. */
import type { Severity } from '../../lint/types.js'
import type { ChecklistItem, MigrationEffort, SyncPath, VerdictStatus } from '../types.js'

export const REPORT_TITLE = 'Design review'

/** Words first, symbol second: the verdict reads in grey, in a screen reader and in a plain-text diff. */
export const STATUS_LABEL: Readonly<Record<VerdictStatus, { symbol: string; word: string }>> = {
  good: { symbol: '✅', word: 'good' },
  advice: { symbol: '💡', word: 'advice' },
  attention: { symbol: '⚠️', word: 'needs attention' },
  risk: { symbol: '⛔', word: 'risk' },
}

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' }

export const EFFORT_ORDER: Readonly<Record<MigrationEffort, number>> = { high: 0, medium: 1, low: 2 }

export const EDGE_LEGEND = 'Solid arrows are synchronous calls (the caller waits), dashed arrows asynchronous hand-overs, dotted arrows (labelled "poll") the Lambda service polling a queue or stream; red arrows are failure paths. Nodes with findings carry the count and a heavier border.'

export function usd(value: number | undefined, digits = 2): string {
  return value === undefined ? '—' : `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`
}

/** A cost per request is tiny: four significant digits, fixed notation. */
export function usdPerRequest(value: number | undefined): string {
  if (value === undefined) return '—'
  const digits = Math.min(12, Math.max(2, 3 - Math.floor(Math.log10(Math.abs(value) || 1))))
  return `$${value.toFixed(digits)}`
}

export function count(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

export function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? '' : 's'}`
}

export function findingCountsSentence(counts: Readonly<Record<Severity, number>>): string {
  const total = counts.error + counts.warning + counts.info
  return `${plural(total, 'finding')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'note')}`
}

export function seconds(value: number | undefined): string {
  return value === undefined ? 'unknown' : `${count(value)} s`
}

export function pathStepsText(path: SyncPath): string[] {
  return path.steps.map((step, index) => {
    if (index === 0) return `${step.name} (${path.entryKind})`
    // A workflow started synchronously runs within the caller's wait; its own duration is not a setting we can add.
    if (step.kind === 'state machine') return `${step.name} (workflow, its duration not counted)`
    return step.timeoutSeconds === 0 ? step.name : `${step.name} (${seconds(step.timeoutSeconds)})`
  })
}

export function pathVerdict(path: SyncPath): string {
  if (path.budgetSeconds === undefined) return 'unknown: a timeout is unresolved'
  if (path.limitSeconds === undefined) return 'no limit known'
  return path.overLimit ? 'over the limit: the client can get a 504 while the work goes on' : 'within the limit'
}

export function checklistStatus(item: ChecklistItem): string {
  return item.ticked === undefined ? 'not checked (its rules are off)' : item.ticked ? 'yes' : `no: ${item.failing.map((entry) => `${entry.ruleId} (${entry.count})`).join(', ')}`
}

export function multiplierLabel(multiplier: number): string {
  return `${count(multiplier)}×`
}
