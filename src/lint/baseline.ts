import { UserError } from '../errors.js'
import type { Finding } from './types.js'

/**
 * Accepted findings, keyed by file + resource + rule (not by line, so edits above a resource do
 * not invalidate the baseline), with a count: a second finding of the same key is new.
 */
export interface Baseline {
  version: 1
  findings: Array<{ file: string; resource: string; rule: string; count: number }>
}

const keyOf = (finding: Pick<Finding, 'file' | 'resource' | 'ruleId'>) => `${finding.file.replace(/\\/g, '/')}\u0000${finding.resource ?? ''}\u0000${finding.ruleId}`

export function createBaseline(findings: readonly Finding[]): Baseline {
  const counts = new Map<string, { file: string; resource: string; rule: string; count: number }>()
  for (const finding of findings) {
    const key = keyOf(finding)
    const entry = counts.get(key) ?? { file: finding.file.replace(/\\/g, '/'), resource: finding.resource ?? '', rule: finding.ruleId, count: 0 }
    entry.count++
    counts.set(key, entry)
  }
  const entries = [...counts.values()].sort((a, b) => a.file.localeCompare(b.file) || a.resource.localeCompare(b.resource) || a.rule.localeCompare(b.rule))
  return { version: 1, findings: entries }
}

/** Splits findings into those the baseline accepts and the rest. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { kept: Finding[]; baselined: number } {
  const remaining = new Map(baseline.findings.map((entry) => [keyOf({ file: entry.file, resource: entry.resource, ruleId: entry.rule }), entry.count]))
  const kept: Finding[] = []
  for (const finding of findings) {
    const key = keyOf(finding)
    const left = remaining.get(key) ?? 0
    if (left > 0) remaining.set(key, left - 1)
    else kept.push(finding)
  }
  return { kept, baselined: findings.length - kept.length }
}

export function parseBaseline(file: string, text: string): Baseline {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new UserError(`not a lambdawise baseline: ${(error as Error).message}`, { file }, 'create one with --write-baseline')
  }
  const baseline = parsed as Partial<Baseline>
  const valid = baseline?.version === 1 && Array.isArray(baseline.findings) &&
    baseline.findings.every((entry) => typeof entry?.file === 'string' && typeof entry.resource === 'string' && typeof entry.rule === 'string' && Number.isInteger(entry.count) && entry.count > 0)
  if (!valid) throw new UserError('not a lambdawise baseline (version 1, findings with file, resource, rule, count)', { file }, 'create one with --write-baseline')
  return baseline as Baseline
}
