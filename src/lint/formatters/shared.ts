import { isAbsolute, relative, sep } from 'node:path'

import { compareFindings } from '../engine.js'
import type { Finding, LintReport, RuleMetadata, Severity } from '../types.js'

/** cfn-lint's rule catalogue: its findings have no metadata of ours, so their descriptors link here. */
export const CFN_LINT_RULES_URL = 'https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md'

/** Findings in report order (file, line, column, severity, rule), whatever order the caller merged them in. */
export function sortedFindings(report: LintReport): Finding[] {
  return [...report.findings].sort(compareFindings)
}

export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>()
  for (const finding of findings) groups.set(finding.file, [...(groups.get(finding.file) ?? []), finding])
  return groups
}

/**
 * The rules a report can name: every rule of the run (context.rules, in its order), then a minimal
 * descriptor for each rule id that a finding names and the run does not know — cfn-lint's, above all.
 */
export function describeRules(rules: readonly RuleMetadata[], findings: readonly Finding[]): RuleMetadata[] {
  const known = new Set(rules.map((rule) => rule.id))
  const extra = new Map<string, RuleMetadata>()
  for (const finding of findings) {
    if (known.has(finding.ruleId) || extra.has(finding.ruleId)) continue
    extra.set(finding.ruleId, describeUnknownRule(finding))
  }
  return [...rules, ...[...extra.values()].sort((a, b) => a.id.localeCompare(b.id))]
}

function describeUnknownRule(finding: Finding): RuleMetadata {
  if (finding.source === 'cfn-lint') {
    const code = finding.ruleId.replace(/^cfn-lint:/, '')
    return {
      id: finding.ruleId,
      category: finding.category as RuleMetadata['category'],
      severity: CFN_LINT_LEVELS[code.charAt(0)] ?? finding.severity,
      title: `cfn-lint rule ${code}`,
      rationale: `Reported by cfn-lint, the AWS CloudFormation linter, as rule ${code}.`,
      fix: `See rule ${code} in the cfn-lint rule list.`,
      docs: CFN_LINT_RULES_URL,
      equivalents: [],
      messages: {},
    }
  }
  return {
    id: finding.ruleId,
    category: finding.category as RuleMetadata['category'],
    severity: finding.severity,
    title: `Rule ${finding.ruleId}`,
    rationale: `Reported by rule ${finding.ruleId}.`,
    fix: 'See the message.',
    docs: '',
    equivalents: finding.equivalents,
    messages: {},
  }
}

/** cfn-lint rule ids start with their level: E error, W warning, I informational. */
const CFN_LINT_LEVELS: Record<string, Severity> = { E: 'error', W: 'warning', I: 'info' }

/** `1 error`, `2 errors`; `info` counts as `infos`, as in the summary's own keys. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/**
 * A finding's file as a path relative to `cwd` with forward slashes (what SARIF and GitHub
 * annotations want), or undefined when it lies outside `cwd`.
 */
export function relativePosixPath(file: string, cwd: string): string | undefined {
  const relativePath = isAbsolute(file) ? relative(cwd, file) : file
  const posix = relativePath.split(sep).join('/').replace(/^(\.\/)+/, '')
  if (posix === '..' || posix.startsWith('../') || isAbsolute(posix)) return undefined
  return posix
}

/**
 * Control characters (C0 but tab, LF and CR; DEL; C1) shown as `\uXXXX`: a template can put an
 * escape sequence in a name or value that a message quotes, and a terminal, a CI log or a page would
 * act on it.
 */
export function showControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, unicodeEscape)
}

export function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
}
