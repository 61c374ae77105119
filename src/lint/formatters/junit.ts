import type { Finding, FormatContext, LintReport } from '../types.js'
import { describeRules, sortedFindings, unicodeEscape } from './shared.js'

/**
 * JUnit XML as GitLab (`artifacts:reports:junit`) and Jenkins (`junit` step) read it: one suite,
 * one test case per rule (a rule that did not fire is a passing test), one `<failure>` per finding.
 * GitLab shows every failure of a case; Jenkins shows the first one's message and text only.
 */
export function formatJunit(report: LintReport, context: FormatContext): string {
  const findings = sortedFindings(report)
  const rules = describeRules(context.rules, findings)
  const byRule = new Map<string, Finding[]>()
  for (const finding of findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding])

  const failedCases = rules.filter((rule) => byRule.has(rule.id)).length
  const time = (report.summary.durationMs / 1000).toFixed(3)
  const counts = `tests="${rules.length}" failures="${failedCases}" errors="0" skipped="0" time="${time}"`

  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="lambdawise" ${counts}>`, `  <testsuite name="lambdawise" ${counts}>`]
  for (const rule of rules) {
    const classname = `lambdawise.${rule.category}`
    const ruleFindings = byRule.get(rule.id) ?? []
    const open = `    <testcase classname="${escapeXmlAttribute(classname)}" name="${escapeXmlAttribute(rule.id)}"`
    if (!ruleFindings.length) {
      lines.push(`${open}/>`)
      continue
    }
    lines.push(`${open}>`)
    for (const finding of ruleFindings) {
      const text = [
        `${finding.file}:${finding.line}:${finding.column}`,
        ...(finding.resource ? [`Resource: ${finding.resource}${finding.path ? ` (${finding.path})` : ''}`] : []),
        finding.message,
        ...(rule.fix ? [`Fix: ${rule.fix}`] : []),
        ...(rule.docs ? [`Docs: ${rule.docs}`] : []),
      ].join('\n')
      lines.push(`      <failure message="${escapeXmlAttribute(finding.message)}" type="${finding.severity}">${escapeXmlText(text)}</failure>`)
    }
    lines.push('    </testcase>')
  }
  lines.push('  </testsuite>', '</testsuites>')
  return lines.join('\n') + '\n'
}

/**
 * Characters XML 1.0 cannot hold at all, even as references: C0 controls but tab, LF and CR;
 * lone surrogates; U+FFFE and U+FFFF. They are written as a visible `\uXXXX` instead.
 */
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function replaceNonXml(text: string): string {
  return text.replace(NOT_XML_CHARACTERS, unicodeEscape)
}

export function escapeXmlText(text: string): string {
  // CR would be read back as LF (end-of-line handling), so it goes as a reference.
  return replaceNonXml(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

export function escapeXmlAttribute(text: string): string {
  // Tab, LF and CR in an attribute would be read back as spaces (attribute-value normalisation).
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;')
}
