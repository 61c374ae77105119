import type { FormatContext, LintReport, Severity } from '../types.js'
import { relativePosixPath, showControlCharacters, sortedFindings } from './shared.js'

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the file and line.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' }

export function formatGithub(report: LintReport, context: FormatContext): string {
  return sortedFindings(report)
    .map((finding) => {
      const properties = [
        `file=${escapeProperty(relativePosixPath(finding.file, context.cwd) ?? finding.file)}`,
        `line=${Math.max(1, finding.line)}`,
        `col=${Math.max(1, finding.column)}`,
        `title=${escapeProperty(`lambdawise ${finding.ruleId}`)}`,
      ].join(',')
      return `::${COMMANDS[finding.severity]} ${properties}::${escapeData(finding.message)}\n`
    })
    .join('')
}

/**
 * A command's message: `%`, CR and LF are encoded (the runner decodes them; LF shows as a new line).
 * Other control characters are shown, not sent: the log viewer would act on an escape sequence.
 */
export function escapeData(text: string): string {
  return showControlCharacters(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** A command's property value: as data, and `:` and `,` too, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
