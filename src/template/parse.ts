import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YamlNode,
  parseDocument,
  type Tags,
} from 'yaml'

import { UserError } from '../errors.js'
import { type Position, PositionIndex } from './positions.js'
import { own } from '../util/own.js'

/** A template file parsed into plain values (intrinsics in their long form) with positions. */
export interface ParsedDocument {
  file: string
  /** The text as read (without a byte-order mark). */
  text: string
  format: 'yaml' | 'json'
  root: unknown
  positions: PositionIndex
}

/**
 * CloudFormation's templates are limited to 1 MB; CDK and SAM sources can be larger before
 * transformation, so allow ten times that, and refuse anything bigger before parsing it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
/** Values that YAML aliases may expand to: far beyond real templates, far below a "billion laughs". */
export const MAX_ALIAS_EXPANSION = 100_000
/** Nesting deeper than this is not a template (and would exhaust the stack). */
export const MAX_DEPTH = 200

/** Short-form tags: `!Ref X` is `{Ref: X}`, `!Condition X` is `{Condition: X}`, the rest `{Fn::Name: ...}`. */
const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    [
      'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join',
      'Length', 'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform', 'ForEach',
    ].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
}

// Declared so the YAML library keeps them as plain scalars/collections without a warning each.
const CUSTOM_TAGS: Tags = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value, identify: () => false },
  { tag, collection: 'seq' as const, identify: () => false },
  { tag, collection: 'map' as const, identify: () => false },
])

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
  return { file, text, format, ...parseYamlWithPositions(file, text) }
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

function tooDeep(file: string): UserError {
  return new UserError(`values are nested more than ${MAX_DEPTH} levels deep`, { file }, 'this is not a CloudFormation template')
}

function parseYamlWithPositions(file: string, text: string): { root: unknown; positions: PositionIndex } {
  const lineCounter = new LineCounter()
  let document: Document.Parsed
  try {
    document = parseDocument(text, {
      lineCounter,
      customTags: CUSTOM_TAGS,
      prettyErrors: false,
      // Duplicates are found while converting, where the second key's position is known.
      uniqueKeys: false,
      keepSourceTokens: false,
    })
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file)
    throw error
  }
  const firstError = document.errors[0]
  if (firstError?.code === 'RESOURCE_EXHAUSTION') throw tooDeep(file)
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0])
    const message = firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    const hint = /Flow (map|sequence) in block collection/.test(message)
      ? 'indent the lines of a [...] or {...} value, closing bracket included, further than its key'
      : 'fix the YAML syntax at that position'
    throw new UserError(`invalid YAML: ${message}`, { file, line, column: col }, hint)
  }
  const converter = new YamlToPlain(file, text, document, lineCounter)
  const root = converter.convert(document.contents, 0)
  return { root, positions: converter.positions }
}

/** Converts the YAML syntax tree into plain values, recording every container's and child's position. */
class YamlToPlain {
  readonly positions = new PositionIndex()
  private aliasExpansion = 0
  private insideAlias = 0

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  convert(node: YamlNode | null | undefined, depth: number): unknown {
    if (node === null || node === undefined) return null
    if (depth > MAX_DEPTH) throw tooDeep(this.file)
    if (this.insideAlias > 0 && ++this.aliasExpansion > MAX_ALIAS_EXPANSION) {
      throw new UserError(
        `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values`,
        { file: this.file, ...this.positionOf(node) },
        'CloudFormation does not need anchors and aliases: write the values out',
      )
    }
    if (isAlias(node)) {
      const target = node.resolve(this.document)
      if (!target) throw new UserError(`unknown YAML alias *${node.source}`, { file: this.file, ...this.positionOf(node) })
      this.insideAlias++
      try {
        return this.convert(target, depth + 1)
      } finally {
        this.insideAlias--
      }
    }
    const value = this.convertUntagged(node, depth)
    const tag = node.tag
    if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return value
    const intrinsic = own(SHORT_FORM_TAGS, tag)
    if (!intrinsic) {
      throw new UserError(`unknown tag ${tag}`, { file: this.file, ...this.positionOf(node) }, 'CloudFormation short forms are !Ref, !GetAtt, !Sub, !Join, !If, ...')
    }
    const argument = intrinsic === 'Fn::GetAtt' && typeof value === 'string' ? splitGetAtt(value) : value
    const wrapped = { [intrinsic]: argument }
    const position = this.positionOf(node)
    this.positions.recordContainer(wrapped, position)
    this.positions.recordChild(wrapped, intrinsic, position)
    return wrapped
  }

  private convertUntagged(node: YamlNode, depth: number): unknown {
    if (isScalar(node)) return node.value
    if (isSeq(node)) {
      const items: unknown[] = []
      this.positions.recordContainer(items, this.positionOf(node))
      node.items.forEach((item, index) => {
        items.push(this.convert(item as YamlNode, depth + 1))
        this.positions.recordChild(items, index, this.positionOf(item as YamlNode))
      })
      return items
    }
    if (isMap(node)) {
      const map: Record<string, unknown> = {}
      this.positions.recordContainer(map, this.positionOf(node))
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null
        const key = isScalar(keyNode) ? keyNode.value : undefined
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          throw new UserError('map keys must be plain strings', { file: this.file, ...this.positionOf(keyNode ?? node) })
        }
        const name = String(key)
        if (Object.hasOwn(map, name)) {
          const first = this.positions.positionOf(map, name)!
          throw new UserError(
            `duplicate key "${name}" (first at line ${first.line})`,
            { file: this.file, ...this.positionOf(keyNode!) },
            'remove one of the two',
          )
        }
        // Defined as a property, so that keys like "__proto__" stay ordinary data.
        Object.defineProperty(map, name, {
          value: this.convert(pair.value as YamlNode | null, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        })
        this.positions.recordChild(map, name, this.positionOf(keyNode ?? node))
      }
      return map
    }
    return null
  }

  private positionOf(node: YamlNode): Position {
    let offset = node.range?.[0] ?? 0
    // A node's range starts after its tag; point at the tag (`!Ref X`), where the user reads the value.
    if (node.tag?.startsWith('!') && !node.tag.startsWith('!!')) {
      const tagStart = this.text.lastIndexOf(node.tag, offset)
      if (tagStart >= 0 && offset - tagStart <= node.tag.length + 4) offset = tagStart
    }
    const { line, col } = this.lineCounter.linePos(offset)
    return { line, column: col }
  }
}

/** `!GetAtt Resource.Attribute.Part` names the resource before the first dot. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.')
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)]
}
