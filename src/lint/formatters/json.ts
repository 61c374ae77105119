import type { Finding, FormatContext, LintReport } from '../types.js'
import { sortedFindings } from './shared.js'

/**
 * `--format json`: the documented, versioned contract. Keys are written in a fixed order, and every
 * key of a finding is always present (`resource` and `path` are null when a finding has none), so
 * consumers never have to test for a missing key.
 */
export interface JsonReport {
  version: 1
  findings: JsonFinding[]
  summary: LintReport['summary']
}

export interface JsonFinding {
  ruleId: string
  category: string
  severity: Finding['severity']
  message: string
  file: string
  line: number
  column: number
  resource: string | null
  path: string | null
  source: Finding['source']
  equivalents: string[]
}

export function toJsonReport(report: LintReport): JsonReport {
  const { summary } = report
  return {
    version: 1,
    findings: sortedFindings(report).map((finding) => ({
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      message: finding.message,
      file: finding.file,
      line: finding.line,
      column: finding.column,
      resource: finding.resource ?? null,
      path: finding.path ?? null,
      source: finding.source,
      equivalents: [...finding.equivalents],
    })),
    summary: {
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      files: summary.files,
      resources: summary.resources,
      durationMs: summary.durationMs,
      suppressed: summary.suppressed,
      baselined: summary.baselined,
    },
  }
}

export function formatJson(report: LintReport, _context: FormatContext): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n'
}
