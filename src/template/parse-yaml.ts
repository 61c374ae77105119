import { createRequire } from 'node:module'

import type { Document, LineCounter, Node as YamlNode, Tags } from 'yaml'

import { UserError } from '../errors.js'
import { type Position, PositionIndex } from './positions.js'
import { own } from '../util/own.js'
import { longForm, MAX_ALIAS_EXPANSION, MAX_DEPTH, SHORT_FORM_TAGS, tagAdjustedOffset, tooDeep } from './parse-common.js'

// The complete reader, with the `yaml` package: it reads any YAML, anchors, aliases and directives
// included, and says precisely what is wrong with a file it cannot read. parse-fast.ts reads
// common templates faster and hands everything else to this one.

// Declared so the YAML library keeps them as plain scalars/collections without a warning each.
const CUSTOM_TAGS: Tags = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value, identify: () => false },
  { tag, collection: 'seq' as const, identify: () => false },
  { tag, collection: 'map' as const, identify: () => false },
])

// The `yaml` package (tens of milliseconds to load) is loaded when a template first needs it.
const require = createRequire(import.meta.url)
let yamlPackage: typeof import('yaml') | undefined

function yaml(): typeof import('yaml') {
  return (yamlPackage ??= require('yaml') as typeof import('yaml'))
}

export function parseYamlWithPositions(file: string, text: string): { root: unknown; positions: PositionIndex } {
  const { LineCounter, parseDocument } = yaml()
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
    const { isAlias } = yaml()
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
    const wrapped = longForm(intrinsic, value)
    const position = this.positionOf(node)
    this.positions.recordContainer(wrapped, position)
    this.positions.recordChild(wrapped, intrinsic, position)
    return wrapped
  }

  private convertUntagged(node: YamlNode, depth: number): unknown {
    const { isMap, isScalar, isSeq } = yaml()
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
    if (node.tag?.startsWith('!') && !node.tag.startsWith('!!')) offset = tagAdjustedOffset(this.text, node.tag, offset)
    const { line, col } = this.lineCounter.linePos(offset)
    return { line, column: col }
  }
}
