import type { FormatContext, LintReport } from '../types.js'
import { formatGithub } from './github.js'
import { formatJson } from './json.js'
import { formatJunit } from './junit.js'
import { formatMarkdown } from './markdown.js'
import { formatSarif } from './sarif.js'
import { formatStylish } from './stylish.js'

export type FormatName = 'stylish' | 'json' | 'sarif' | 'junit' | 'github' | 'markdown'
export type Formatter = (report: LintReport, context: FormatContext) => string

/** `lambdawise lint --format <name>`: one formatter per file in this folder. */
export const FORMATTERS: Record<FormatName, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
}

export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[]

export { formatGithub, formatJson, formatJunit, formatMarkdown, formatSarif, formatStylish }
