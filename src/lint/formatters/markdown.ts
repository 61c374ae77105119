import type { FormatContext, LintReport, Severity } from '../types.js'
import { describeRules, groupByFile, plural, showControlCharacters, sortedFindings } from './shared.js'

/** GitHub-flavoured Markdown for a pull-request comment: a summary, a table per file, then the fixes. */
const SEVERITY_LABELS: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' }

export function formatMarkdown(report: LintReport, context: FormatContext): string {
  const findings = sortedFindings(report)
  const { summary } = report
  const problems = summary.errors + summary.warnings + summary.infos
  const hidden = [
    ...(summary.suppressed ? [`${summary.suppressed} suppressed`] : []),
    ...(summary.baselined ? [`${summary.baselined} baselined`] : []),
  ]
  const counts = problems
    ? `✖ ${plural(problems, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')})`
    : '✔ no problems'
  const lines = [
    '## lambdawise',
    '',
    `**${counts}** in ${plural(summary.files, 'template')}, ${plural(summary.resources, 'resource')}.${hidden.length ? ` Not shown: ${hidden.join(', ')}.` : ''}`,
  ]

  const rules = describeRules(context.rules, findings)
  const docsOf = new Map(rules.map((rule) => [rule.id, rule.docs]))
  for (const [file, fileFindings] of groupByFile(findings)) {
    lines.push('', `### ${codeSpan(file)}`, '', '| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |')
    for (const finding of fileFindings) {
      const cells = [
        SEVERITY_LABELS[finding.severity],
        codeSpan(`${finding.file}:${finding.line}`).replace(/\|/g, '\\|'),
        tableCell(link(escapeMarkdown(finding.ruleId), docsOf.get(finding.ruleId))),
        tableCell(escapeMarkdown(finding.message)),
      ]
      lines.push(`| ${cells.join(' | ')} |`)
    }
  }

  const fired = rules.filter((rule) => findings.some((finding) => finding.ruleId === rule.id))
  if (fired.length) {
    lines.push('', '### Rules', '')
    for (const rule of fired) {
      lines.push(`- **${link(escapeMarkdown(rule.id), rule.docs)}**: ${escapeMarkdown(rule.title)}  `, `  **Fix:** ${escapeMarkdown(rule.fix)}`)
    }
  }
  return lines.join('\n') + '\n'
}

/**
 * Text shown as is: every inline-syntax character is backslash-escaped (CommonMark allows it before
 * any ASCII punctuation), so a message cannot open emphasis, a link, HTML, an entity or math.
 */
export function escapeMarkdown(text: string): string {
  return showControlCharacters(text).replace(/[\\`*_{}[\]()<>#+!|~&$]/g, '\\$&')
}

/**
 * Inside a table a line break would end the row. (`|` would end the cell: escaped text has it as
 * `\|` already, and a code span in a cell escapes it too, which GFM undoes before reading the span.)
 */
function tableCell(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '<br>')
}

/** A code span whose fence is longer than any run of backticks inside it. */
function codeSpan(text: string): string {
  const flat = showControlCharacters(text).replace(/\r\n|\r|\n/g, ' ')
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const padding = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${fence}${padding}${flat}${padding}${fence}`
}

function link(label: string, url: string | undefined): string {
  if (!url) return label
  return `[${label}](${url.replace(/[\s()<>]/g, (character) => encodeURIComponent(character))})`
}
