import type { CodeAnalysis } from './types.js'

/** How many function names a notice lists before "and N more". */
const NAMES_SHOWN = 3

/**
 * What the user should know about the code that is not a finding: functions whose code is not
 * there (a template linted without its code, an S3 object, a CDK asset not synthesised), which
 * lint then judges from the template alone. A handler module missing from code that is there is a
 * finding (handler-not-found), not a notice.
 */
export function codeNotices(analysis: CodeAnalysis): string[] {
  const absent = analysis.references.filter((reference) => reference.missing?.kind === 'no-code')
  if (absent.length === 0) return []
  const names = absent.slice(0, NAMES_SHOWN).map((reference) => `${reference.functionId} (${reference.missing!.message})`)
  const more = absent.length > NAMES_SHOWN ? ` and ${absent.length - NAMES_SHOWN} more` : ''
  const subject = absent.length === 1 ? 'the code of 1 function was' : `the code of ${absent.length} functions was`
  return [`${subject} not found, so the code rules skip it: ${names.join(', ')}${more}. Lint from the project directory with the code, or pass --no-code.`]
}
