import { createRequire } from 'node:module'

import type { LoadOptions, Schema, State } from 'js-yaml'

import { PositionIndex } from './positions.js'
import { own } from '../util/own.js'
import { resolvePlainScalar } from './parse-block.js'
import { LineIndex, longForm, MAX_DEPTH, SHORT_FORM_TAGS, tagAdjustedOffset } from './parse-common.js'

// A fast reader for the common case, with js-yaml: 3-4x faster than the `yaml` package on large
// templates. It must give exactly what parse-yaml.ts gives (values and positions), so it reads
// only what both parsers read alike and throws NotFast at anything else, which parse-yaml.ts then
// reads (or rejects with its own error): anchors, aliases, directives, document markers, explicit
// `?` keys, tags other than the short forms, keys that are not scalars, empty sequence entries,
// nesting near MAX_DEPTH, quoted scalars over several lines, flow collections over several lines
// in a block document, unusual block scalars, and every error. A differential fuzz of the two
// readers (corpus, mutated templates, syntax soup, JSON, scalars) found these cases.
//
// Positions come from js-yaml's `listener` ('open' at the start of each node, 'close' with its
// value). Its order of events is js-yaml's internals, not a documented contract: hence the exact
// version in package.json, and the checks that every node's children are its values.

class NotFast extends Error {}
const NO_CHILDREN: readonly Node[] = []
const NOT_FAST = new NotFast('left to the complete reader')

/** The fields of js-yaml's loader state that its listener reads, beyond those @types/js-yaml declares. */
interface LoaderState extends Omit<State, 'kind'> {
  tag: string | null
  anchor: string | null
  kind: 'scalar' | 'sequence' | 'mapping' | null
}

/** js-yaml's `load` options, with `maxDepth`, which js-yaml 4.3 has and @types/js-yaml lacks. */
type FastLoadOptions = LoadOptions & { maxDepth: number }

const CORE_SCALAR = 'tag:lambdawise,2026:core-scalar'

// js-yaml is loaded when this reader is first needed: parse-block.ts reads most templates alone.
const require = createRequire(import.meta.url)
let jsYaml: typeof import('js-yaml') | undefined
let schema: Schema | undefined

function loadJsYaml(): { load: (typeof import('js-yaml'))['load']; schema: Schema } {
  jsYaml ??= require('js-yaml') as typeof import('js-yaml')
  schema ??= buildSchema(jsYaml)
  return { load: jsYaml.load, schema }
}

function buildSchema({ Schema, Type }: typeof import('js-yaml')): Schema {
  // Plain scalars resolved exactly as the `yaml` package resolves them (its YAML 1.2 core schema):
  // js-yaml's schemas differ (`1_000` is a number there).
  let resolvedScalar: unknown
  const coreScalar = new Type(CORE_SCALAR, {
    kind: 'scalar',
    resolve(source: string) {
      resolvedScalar = resolvePlainScalar(source)
      // A string is left as js-yaml's own string; js-yaml calls construct right after a successful resolve.
      return typeof resolvedScalar !== 'string'
    },
    construct: () => resolvedScalar,
  })

  // Short forms become their long form when js-yaml builds the value. yaml reads a tagged scalar
  // as a string; js-yaml may hand over a number (`!Sub` then `.inf` on the next line, which it has
  // resolved already) or null (an empty `!Ref`): those are left to the complete reader.
  const shortForms = Object.entries(SHORT_FORM_TAGS).flatMap(([tag, intrinsic]) =>
    (['scalar', 'sequence', 'mapping'] as const).map(
      (kind) =>
        new Type(tag, {
          kind,
          resolve: kind === 'scalar' ? (data: unknown) => typeof data === 'string' : (data: unknown) => data !== null,
          construct: (data: unknown) => longForm(intrinsic, data),
        }),
    ),
  )

  return new Schema({ implicit: [coreScalar], explicit: shortForms })
}

/**
 * Directives and document markers (a leading `---` aside), explicit `? key` entries, and what the
 * two parsers read differently: tabs (`-<tab>!Ref x`; templates hardly have any), a carriage
 * return not before a line feed, a byte-order mark after the start (yaml drops it), a `#` right
 * after a quote, bracket, comma or colon (yaml wants white space before a comment).
 * Also matches harmless text (`- ? x` in a block scalar): that only takes longer.
 */
const UNUSUAL_SYNTAX = /^(?:%|---|\.\.\.)|(?:^[ -]*|[[{,] *)\?(?:\s|$)|\t|\r(?!\n)|\ufeff|["'[\]{},:]#/gm

const BLOCK_SCALAR_HEADER = /^[|>]-? *\r?$/

/** A `---` line that starts the document: the one marker common in templates. */
const LEADING_DOCUMENT_START = /^--- *(?:#.*)?(?:\r?\n|$)/

/** A node being read, then read: where js-yaml started it, its children, and (once read) its value. */
interface Node {
  open: number
  /** Allocated for the first child: most nodes are scalars. */
  children: Node[] | undefined
  /** The position yaml gives it (at the tag for a short form), once read. */
  offset: number
  value: unknown
  intrinsic: string | undefined
  kind: LoaderState['kind']
}

export function parseYamlFast(text: string): { root: unknown; positions: PositionIndex } {
  for (const match of text.matchAll(UNUSUAL_SYNTAX)) {
    if (!(match.index === 0 && LEADING_DOCUMENT_START.test(text))) throw NOT_FAST
  }
  const { load, schema } = loadJsYaml()
  const reader = new FastReader(text)
  const options: FastLoadOptions = {
    schema,
    // js-yaml's nodes are at least as deep as the values: the complete reader decides at the limit.
    maxDepth: MAX_DEPTH,
    listener: (event, state) => (event === 'open' ? reader.open(state) : reader.close(state as LoaderState)),
  }
  const value = load(text, options)
  if (value === undefined || reader.root === undefined || !Object.is(reader.root.value, value)) throw NOT_FAST
  return { root: value, positions: reader.positions }
}

class FastReader {
  readonly positions = new PositionIndex()
  root: Node | undefined
  private readonly stack: Node[] = []
  private readonly lines: LineIndex

  /** Whether the document is a flow collection (JSON), with no block collection anywhere. */
  private readonly flowRoot: boolean

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text)
    const first = text.charCodeAt(this.skipSeparation(text.startsWith('---') ? 3 : 0))
    this.flowRoot = first === 91 /* [ */ || first === 123 /* { */
  }

  open(state: State): void {
    this.stack.push({ open: state.position, children: undefined, offset: 0, value: undefined, intrinsic: undefined, kind: null })
  }

  close(state: LoaderState): void {
    const node = this.stack.pop()!
    const { tag, kind } = state
    // An anchor, or an alias (no kind, yet a value).
    if (state.anchor !== null || (kind === null && state.result !== null)) throw NOT_FAST
    let intrinsic: string | undefined
    if (tag !== null && tag !== '?' && tag !== CORE_SCALAR) {
      intrinsic = own(SHORT_FORM_TAGS, tag)
      if (intrinsic === undefined) throw NOT_FAST
    }
    node.value = state.result
    node.intrinsic = intrinsic
    node.kind = kind
    const start = this.contentStart(node.open, tag, intrinsic)
    node.offset = intrinsic === undefined ? start : tagAdjustedOffset(this.text, tag!, start)
    const content: unknown = intrinsic === undefined ? node.value : (node.value as Record<string, unknown>)[intrinsic]
    let children = node.children ?? NO_CHILDREN
    const first = this.text.charCodeAt(start)
    if (kind === 'scalar') {
      // The two parsers differ on quoted scalars over several lines (yaml refuses some that are
      // not indented enough, reads an escaped line break before an empty line differently).
      if (first === 34 /* " */ || first === 39 /* ' */) this.singleLine(start, state.position)
      else if (first === 124 /* | */ || first === 62 /* > */) this.checkBlockScalar(start, state.position)
    } else if (!this.flowRoot && (first === 91 /* [ */ || first === 123) /* { */) {
      // yaml refuses a flow collection in a block collection whose lines are not indented enough,
      // and js-yaml accepts some.
      this.singleLine(start, state.position)
    }
    if (kind === 'sequence' || kind === 'mapping') {
      // js-yaml reads a block node's content as a candidate key first, and keeps it when no `:`
      // follows: the one child is then this node's content.
      if (children.length === 1 && children[0]!.value === content) {
        const only = children[0]!
        if (only.intrinsic !== undefined) {
          if (intrinsic !== undefined) throw NOT_FAST
          this.attach(only)
          return
        }
        children = only.children ?? NO_CHILDREN
      }
      if (kind === 'sequence') this.recordSequence(content, children, node.offset)
      else this.recordMapping(content, children, node.offset)
    } else if (children.length > (kind === null ? 0 : 1)) {
      // A scalar's one child is what js-yaml read first as a candidate key, and dropped.
      throw NOT_FAST
    }
    if (intrinsic !== undefined) {
      const position = this.lines.position(node.offset)
      this.positions.recordContainer(node.value as object, position)
      this.positions.recordChild(node.value as object, intrinsic, position)
    }
    this.attach(node)
  }

  private attach(node: Node): void {
    const parent = this.stack[this.stack.length - 1]
    if (parent) (parent.children ??= []).push(node)
    else if (this.root === undefined) this.root = node
    else throw NOT_FAST
  }

  private recordSequence(items: unknown, children: readonly Node[], offset: number): void {
    // An empty entry (`-` alone) has no node in js-yaml; a `[a: b]` entry has two.
    if (!Array.isArray(items) || items.length !== children.length) throw NOT_FAST
    this.positions.recordContainer(items, this.lines.position(offset))
    for (let index = 0; index < children.length; index++) {
      if (!Object.is(items[index], children[index]!.value)) throw NOT_FAST
      this.positions.recordChild(items, index, this.lines.position(children[index]!.offset))
    }
  }

  private recordMapping(map: unknown, children: readonly Node[], offset: number): void {
    if (typeof map !== 'object' || map === null || children.length !== 2 * Object.keys(map).length) throw NOT_FAST
    this.positions.recordContainer(map, this.lines.position(offset))
    for (let index = 0; index < children.length; index += 2) {
      const key = children[index]!
      const keyValue = key.value
      // yaml takes these keys as their string; everything else (null, collections, tagged keys) it
      // refuses or reads differently.
      if (key.kind !== 'scalar' || key.intrinsic !== undefined || (typeof keyValue !== 'string' && typeof keyValue !== 'number' && typeof keyValue !== 'boolean')) {
        throw NOT_FAST
      }
      // yaml refuses an implicit key whose `:` is more than 1024 characters after its start; js-yaml does not.
      if (children[index + 1]!.open - key.offset > 1000) throw NOT_FAST
      const name = String(keyValue)
      if (!Object.hasOwn(map, name) || !Object.is((map as Record<string, unknown>)[name], children[index + 1]!.value)) throw NOT_FAST
      this.positions.recordChild(map, name, this.lines.position(key.offset))
    }
  }

  private singleLine(start: number, end: number): void {
    const newline = this.text.indexOf('\n', start)
    if (newline >= 0 && newline < end) throw NOT_FAST
  }

  /**
   * The two parsers differ on block scalars with an indentation indicator or `+` (keep), and on
   * lines of spaces longer than the content's indentation: only `|`, `>`, `|-` and `>-` without
   * such lines are read here.
   */
  private checkBlockScalar(start: number, end: number): void {
    const text = this.text
    let lineEnd = text.indexOf('\n', start)
    if (!BLOCK_SCALAR_HEADER.test(text.slice(start, lineEnd < 0 ? text.length : lineEnd))) throw NOT_FAST
    let indent = -1
    while (lineEnd >= 0) {
      const lineStart = lineEnd + 1
      let spaces = 0
      while (text.charCodeAt(lineStart + spaces) === 32) spaces++
      const next = text.charCodeAt(lineStart + spaces)
      lineEnd = text.indexOf('\n', lineStart)
      const blank = next === 10 || Number.isNaN(next) || (next === 13 && text.charCodeAt(lineStart + spaces + 1) === 10)
      if (blank) {
        if (spaces > Math.max(indent, 0)) throw NOT_FAST
      } else if (lineStart >= end || spaces < indent) {
        return // past the scalar
      } else if (indent < 0) {
        indent = spaces
      }
    }
  }

  /** Where yaml's range of the node starts: its first character after its tag, if any. */
  private contentStart(open: number, tag: string | null, intrinsic: string | undefined): number {
    const offset = this.skipSeparation(open)
    if (intrinsic === undefined) {
      // js-yaml drops a node's tag in places (`!Sub`, then `|` on the next line): what starts with
      // a tag, an anchor or an alias must have come with a tag (and anchors and aliases are left to yaml).
      const first = this.text.charCodeAt(offset)
      if (first === 33 /* ! */ || first === 38 /* & */ || first === 42 /* * */) throw NOT_FAST
      return offset
    }
    const tagText = tag!
    const after = this.text.charCodeAt(offset + tagText.length)
    if (!this.text.startsWith(tagText, offset) || !(after === 32 || after === 9 || after === 10 || after === 13)) throw NOT_FAST
    return this.skipSeparation(offset + tagText.length)
  }

  /** Past spaces, tabs, line breaks and comments. */
  private skipSeparation(offset: number): number {
    const text = this.text
    for (;;) {
      const code = text.charCodeAt(offset)
      if (code === 32 || code === 9 || code === 10 || code === 13) offset++
      else if (code === 35 /* # */) {
        const previous = text.charCodeAt(offset - 1)
        // A comment follows white space; a `#` right after an indicator is left to the complete reader.
        if (!(offset === 0 || previous === 32 || previous === 9 || previous === 10 || previous === 13)) throw NOT_FAST
        const newline = text.indexOf('\n', offset)
        offset = newline < 0 ? text.length : newline
      } else return offset
    }
  }
}
