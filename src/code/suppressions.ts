/**
 * Inline suppressions in handler code (design §5):
 * `// lambdawise-ignore-next-line <rule>[, <rule>...]: <reason>` applies to the next line with
 * code (blank and comment-only lines are skipped); `// lambdawise-ignore-line <rule>: <reason>`
 * to its own line; block comments work the same. The rule id and the reason are required: a
 * directive without them suppresses nothing and is reported back, so lint can warn.
 */
import type { SourceFile } from 'ts-morph'

import type { Location } from '../template/positions.js'
import type { CodeProject, CodeSuppression } from './types.js'

export interface MalformedSuppression {
  message: string
  location: Location
}

const DIRECTIVE = /lambdawise-ignore-(next-line|line)(?![\w-])/g
/** `rule-a, rule-b: why` (rule ids are kebab-case; `/` allows namespaced ids). */
const RULES_AND_REASON = /^([\w/-]+(?:\s*,\s*[\w/-]+)*)\s*:\s*(\S[\s\S]*)$/
const RULES_ONLY = /^[\w/-]+(?:\s*,\s*[\w/-]+)*\s*:?$/
const USAGE = '`// lambdawise-ignore-next-line <rule>: <reason>`'

interface Directives {
  suppressions: CodeSuppression[]
  malformed: MalformedSuppression[]
}

const cache = new WeakMap<SourceFile, Directives>()

export function findSuppressions(file: SourceFile, project: CodeProject): CodeSuppression[] {
  return directivesIn(file, project).suppressions
}

/** Directives that suppress nothing because they lack a rule id, a reason, or a line to apply to. */
export function findMalformedSuppressions(file: SourceFile, project: CodeProject): MalformedSuppression[] {
  return directivesIn(file, project).malformed
}

function directivesIn(file: SourceFile, project: CodeProject): Directives {
  const cached = cache.get(file)
  if (cached) return cached
  const directives: Directives = { suppressions: [], malformed: [] }
  const text = file.getFullText()
  const displayFile = project.locationOf(file).file
  for (const match of text.matchAll(DIRECTIVE)) {
    const comment = commentAround(file, text, match.index)
    if (!comment) continue
    const { line, column } = file.getLineAndColumnAtPos(comment.start)
    const location = { file: displayFile, line, column }
    const nextLine = match[1] === 'next-line'
    const targetLine = nextLine ? nextCodeLine(file, text, comment.end) : line
    const body = commentBody(text.slice(match.index + match[0].length, comment.end))
    const parsed = RULES_AND_REASON.exec(body)
    if (!parsed) {
      const message = RULES_ONLY.test(body) && body !== '' && body !== ':'
        ? `lambdawise-ignore-${match[1]} gives no reason: write why the finding does not apply, as in ${USAGE}`
        : `lambdawise-ignore-${match[1]} names no rule: write ${USAGE}`
      directives.malformed.push({ message, location })
    } else if (targetLine === undefined) {
      directives.malformed.push({ message: `lambdawise-ignore-next-line has no code after it to apply to`, location })
    } else {
      const reason = parsed[2]!.replace(/\s+/g, ' ').trim()
      for (const rule of parsed[1]!.split(',')) directives.suppressions.push({ file: displayFile, line: targetLine, rule: rule.trim(), reason })
    }
  }
  cache.set(file, directives)
  return directives
}

/**
 * The comment a directive at `index` opens, when it is one: the directive must follow `//`,
 * `/*` or a block comment's ` * ` line start directly (after spaces), and that comment start must lie in trivia, not in a string or
 * a template literal: it is trivia before a token, or one of the nodes ts-morph makes of
 * comments (comments between statements, JSDoc).
 */
function commentAround(file: SourceFile, text: string, index: number): { start: number; end: number } | undefined {
  const opener = /(\/\/|\/\*+|\n[ \t]*\*)[ \t]*$/.exec(text.slice(Math.max(0, index - 40), index))
  if (!opener) return undefined
  // On a ` * ` continuation line of a block comment, the comment starts at the `/*` before it.
  const start = opener[1]!.startsWith('\n') ? text.lastIndexOf('/*', index) : index - opener[0].length
  if (start < 0 || text.slice(start, index).includes('*/')) return undefined
  const token = file.getDescendantAtPos(start)
  if (token && start >= token.getStart() && !isCommentNode(token.getKindName())) return undefined
  if (opener[1] === '//') {
    const lineEnd = text.indexOf('\n', index)
    return { start, end: lineEnd === -1 ? text.length : lineEnd }
  }
  const close = text.indexOf('*/', index)
  return { start, end: close === -1 ? text.length : close + 2 }
}

function isCommentNode(kindName: string): boolean {
  return kindName.endsWith('CommentTrivia') || kindName.startsWith('JSDoc')
}

/** The text after the directive name, without the closing characters of a block comment and the `*` that starts its lines. */
function commentBody(raw: string): string {
  return raw.replace(/\*\/$/, '').split('\n').map((line) => line.replace(/^\s*\*(?!\/)/, '')).join(' ').replace(/\s+/g, ' ').trim()
}

/** The 1-based line of the first code after the line where `commentEnd` is, skipping blank and comment-only lines. */
function nextCodeLine(file: SourceFile, text: string, commentEnd: number): number | undefined {
  const lineEnd = text.indexOf('\n', commentEnd)
  if (lineEnd === -1) return undefined
  let position = lineEnd + 1
  while (position < text.length) {
    if (/\s/.test(text[position]!)) position++
    else if (text.startsWith('//', position)) {
      const end = text.indexOf('\n', position)
      position = end === -1 ? text.length : end + 1
    } else if (text.startsWith('/*', position)) {
      const end = text.indexOf('*/', position + 2)
      position = end === -1 ? text.length : end + 2
    } else {
      return file.getLineAndColumnAtPos(position).line
    }
  }
  return undefined
}
