import type { FormatContext, LintReport, Severity } from '../types.js'
import { groupByFile, plural, showControlCharacters, sortedFindings } from './shared.js'

/** The terminal format, after ESLint's stylish: findings grouped by file, in aligned columns. */
export function formatStylish(report: LintReport, context: FormatContext): string {
  const style = ansi(context.color)
  const severityStyle: Record<Severity, (text: string) => string> = { error: style.red, warning: style.yellow, info: style.cyan }
  const lines: string[] = []

  for (const [file, findings] of groupByFile(sortedFindings(report))) {
    const rows = findings.map((finding) => ({ finding, message: terminalText(finding.message) }))
    const lineWidth = Math.max(...findings.map((finding) => String(finding.line).length))
    const columnWidth = Math.max(...findings.map((finding) => String(finding.column).length))
    const messageWidth = Math.max(...rows.map((row) => width(row.message)))
    lines.push(style.underline(terminalText(file)))
    for (const { finding, message } of rows) {
      const location = `${String(finding.line).padStart(lineWidth)}:${String(finding.column).padEnd(columnWidth)}`
      const severity = severityStyle[finding.severity](finding.severity.padEnd('warning'.length))
      lines.push(`  ${style.dim(location)}  ${severity}  ${message}${' '.repeat(messageWidth - width(message))}  ${style.dim(terminalText(finding.ruleId))}`)
    }
    lines.push('')
  }

  const { summary } = report
  const problems = summary.errors + summary.warnings + summary.infos
  if (problems) {
    const colour = summary.errors ? style.red : summary.warnings ? style.yellow : style.cyan
    const counts = `(${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')})`
    lines.push(colour(style.bold(`✖ ${plural(problems, 'problem')} ${counts}`)))
  } else {
    lines.push(style.green(style.bold('✔ no problems')))
  }
  const hidden = [
    ...(summary.suppressed ? [`${summary.suppressed} suppressed (Metadata.lambdawise.ignore)`] : []),
    ...(summary.baselined ? [`${summary.baselined} baselined (--baseline)`] : []),
  ]
  if (hidden.length) lines.push(style.dim(`  Not shown: ${hidden.join(', ')}.`))
  return lines.join('\n') + '\n'
}

/**
 * Width in terminal columns: East Asian wide and fullwidth characters and emoji take two, combining
 * marks, zero-width characters and variation selectors none (the common cases of Unicode's UAX #11).
 */
function width(text: string): number {
  let columns = 0
  for (const character of text) {
    const code = character.codePointAt(0)!
    if (/\p{Mark}|\u200B|\u200C|\u200D|\u2060|\uFEFF/u.test(character)) continue
    columns += isWide(code) ? 2 : 1
  }
  return columns
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
}

/** One line, and nothing the terminal would act on (control characters are shown as `\uXXXX`). */
function terminalText(text: string): string {
  return showControlCharacters(text.replace(/\r\n|\r|\n/g, ' ').replace(/\t/g, ' '))
}

/** The few SGR codes stylish needs; each closes with its own reset, so they nest. */
function ansi(enabled: boolean) {
  const code =
    (open: number, close: number) =>
    (text: string): string =>
      enabled ? `\u001B[${open}m${text}\u001B[${close}m` : text
  return {
    bold: code(1, 22),
    dim: code(2, 22),
    underline: code(4, 24),
    red: code(31, 39),
    green: code(32, 39),
    yellow: code(33, 39),
    cyan: code(36, 39),
  }
}
