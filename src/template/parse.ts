import { UserError } from '../errors.js'
import type { Position, PositionIndex } from './positions.js'
import { parseYamlBlock } from './parse-block.js'
import { MAX_TEMPLATE_BYTES, tooDeep } from './parse-common.js'
import { parseYamlFast } from './parse-fast.js'
import { parseYamlWithPositions } from './parse-yaml.js'

export { MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_TEMPLATE_BYTES } from './parse-common.js'

/** A template file parsed into plain values (intrinsics in their long form) with positions. */
export interface ParsedDocument {
  file: string
  /** The text as read (without a byte-order mark). */
  text: string
  format: 'yaml' | 'json'
  root: unknown
  positions: PositionIndex
}

export function parseTemplateText(file: string, text: string): ParsedDocument {
  if (text.length > MAX_TEMPLATE_BYTES) {
    throw new UserError(
      `template is ${(text.length / 1024 / 1024).toFixed(1)} MB; lambdawise reads templates up to ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB`,
      { file },
      'CloudFormation itself accepts at most 1 MB: split the stack into nested stacks',
    )
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const format = looksLikeJson(file, text) ? 'json' : 'yaml'
  // A .json file must be JSON; other files that look like JSON are read as YAML, its superset.
  if (/\.json$/i.test(file)) validateJson(file, text)
  return { file, text, format, ...parseYaml(file, text) }
}

/**
 * Three readers, fastest first, each giving exactly what the complete reader (parse-yaml.ts) gives
 * or leaving the text to the next: the block reader (parse-block.ts, hand-written, for the block
 * YAML of most templates), the fast reader (parse-fast.ts, js-yaml), the complete reader, which
 * reads the rest and words every error. The later two load their YAML package when first needed.
 */
function parseYaml(file: string, text: string): { root: unknown; positions: PositionIndex } {
  try {
    return parseYamlBlock(text)
  } catch {
    // Left to the next reader (NotBlock), or the stack running out.
  }
  try {
    return parseYamlFast(text)
  } catch {
    // Left to the complete reader, or an error in the text (js-yaml's, or the stack running out):
    // the complete reader reads it, or words and locates the error.
  }
  return parseYamlWithPositions(file, text)
}

function looksLikeJson(file: string, text: string): boolean {
  if (/\.json$/i.test(file)) return true
  const first = text.match(/^\s*(\S)/)?.[1]
  return first === '{' || first === '['
}

/** Strict JSON first: the YAML parser would accept things JSON does not (comments, trailing commas). */
function validateJson(file: string, text: string): void {
  try {
    JSON.parse(text)
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file)
    const message = error instanceof Error ? error.message : String(error)
    // "Unexpected end of JSON input" has no position: the problem is at the end.
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? text.replace(/[\r\n]+$/, '').length : NaN))
    const position = Number.isNaN(offset) ? { line: 1, column: 1 } : positionAtOffset(text, offset)
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '')
    throw new UserError(`invalid JSON: ${reason}`, { file, ...position }, 'fix the JSON syntax at that position')
  }
}

function positionAtOffset(text: string, offset: number): Position {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++
      lineStart = index + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}
