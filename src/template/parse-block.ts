import { own } from '../util/own.js'
import { longForm, MAX_DEPTH, SHORT_FORM_TAGS, tagAdjustedOffset } from './parse-common.js'
import { type Position, PositionIndex } from './positions.js'

// The first reader tried: a hand-written, single-pass reader for the block YAML that templates are
// written in (block maps and sequences, one-line scalars and flow collections, short-form tags,
// simple block scalars). It must give exactly what parse-yaml.ts gives, values and positions, so
// it throws NotBlock at anything else and the next reader takes over: anchors, aliases, `?` keys,
// directives, document markers other than a leading `---`, other tags, tags on keys, plain or
// quoted scalars over several lines, flow collections over several lines, empty sequence entries,
// empty tagged values, empty block scalars, block scalars with an indentation indicator, `+`, a
// comment, or white-space-only lines longer than their indentation, duplicate keys, null keys,
// keys longer than 1000 characters, tabs, control characters, nesting deeper than MAX_DEPTH / 2,
// and every syntax error. A differential test (test/template/parse-block.test.ts) holds it to that.
//
// It reads by character codes and knows the line and line start at every point, so positions cost
// a subtraction, not a search.

export class NotBlock extends Error {}
const NOT_BLOCK = new NotBlock('left to the next reader')

/**
 * What this reader leaves alone wherever it is: tabs and control characters (the readers differ
 * on some), a carriage return not before a line feed, a byte-order mark after the start, and the
 * characters that YAML 1.1 counted as line breaks.
 */
const UNREAD_CHARACTERS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/

const SPACE = 32
const LINE_FEED = 10
const CARRIAGE_RETURN = 13
const HASH = 35
const COLON = 58
const DASH = 45
const COMMA = 44

/** Nesting that deep is left to the complete reader, which decides at MAX_DEPTH. */
const DEEPEST = MAX_DEPTH / 2
/** yaml refuses an implicit key whose `:` is more than 1024 characters after its start. */
const LONGEST_KEY = 1000

export function parseYamlBlock(text: string): { root: unknown; positions: PositionIndex } {
  if (UNREAD_CHARACTERS.test(text)) throw NOT_BLOCK
  const reader = new BlockReader(text)
  return { root: reader.readDocument(), positions: reader.positions }
}

function isLineEnd(code: number): boolean {
  // NaN past the end of the text.
  return code === LINE_FEED || code === CARRIAGE_RETURN || Number.isNaN(code)
}

function isSpaceOrLineEnd(code: number): boolean {
  return code === SPACE || isLineEnd(code)
}

/** Characters a plain scalar may not start with (the indicators), in block and flow context alike. */
function isIndicator(code: number): boolean {
  switch (code) {
    case COMMA: case 91 /* [ */: case 93 /* ] */: case 123 /* { */: case 125 /* } */: case HASH:
    case 38 /* & */: case 42 /* * */: case 33 /* ! */: case 124 /* | */: case 62 /* > */:
    case 39 /* ' */: case 34 /* " */: case 37 /* % */: case 64 /* @ */: case 96 /* ` */:
      return true
    default:
      return false
  }
}

function isFlowIndicator(code: number): boolean {
  return code === COMMA || code === 91 || code === 93 || code === 123 || code === 125
}

/** `map[name] = value`, except that "__proto__" stays an ordinary key, as parse-yaml.ts defines it. */
function setEntry(map: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true })
  else map[name] = value
}

class BlockReader {
  readonly positions = new PositionIndex()
  private readonly text: string
  private readonly length: number

  // Where the reader is: an offset, its line (1-based) and the offset where that line starts.
  private pos = 0
  private line = 1
  private lineStart = 0
  /** The indentation of the current content line; -1 past the last one. */
  private indent = 0

  // The node just read: its position if it is a collection (tag-adjusted), else where it starts.
  private nodePosition: Position | undefined
  private nodeOffset = 0
  private nodeLine = 0
  private nodeLineStart = 0

  // A short-form tag read and not yet given to the node after it.
  private tag: string | undefined
  private tagOffset = 0
  private tagLine = 0
  private tagLineStart = 0

  /** Before the first content line, where a `---` starts the document. */
  private atDocumentStart = true

  /** What scanPlain stopped at: a `:` that makes the scalar a key, or not. */
  private plainBeforeColon = false

  constructor(text: string) {
    this.text = text
    this.length = text.length
  }

  readDocument(): unknown {
    this.skipToContent()
    this.atDocumentStart = false
    if (this.indent === 0 && this.text.startsWith('---', this.pos) && isSpaceOrLineEnd(this.code(this.pos + 3))) {
      this.pos += 3
      this.endOfLine()
    }
    if (this.indent < 0) throw NOT_BLOCK // no content: null to the complete reader
    const root = this.blockCollection(this.indent, 0)
    if (this.indent >= 0) throw NOT_BLOCK // something after the root, less indented
    return root
  }

  // ---------------------------------------------------------------------------------------------
  // Lines

  private code(offset: number): number {
    return this.text.charCodeAt(offset)
  }

  /** From the start of a line to the first content line at or after it: sets indent (-1 at the end). */
  private skipToContent(): void {
    const text = this.text
    for (;;) {
      let offset = this.lineStart
      while (text.charCodeAt(offset) === SPACE) offset++
      const code = text.charCodeAt(offset)
      if (code === HASH) {
        offset = text.indexOf('\n', offset)
        if (offset < 0) offset = this.length
      }
      if (offset >= this.length) {
        this.pos = this.length
        this.indent = -1
        return
      }
      const next = text.charCodeAt(offset)
      if (next === LINE_FEED || next === CARRIAGE_RETURN) {
        this.pos = next === CARRIAGE_RETURN ? offset + 2 : offset + 1
        this.line++
        this.lineStart = this.pos
        continue
      }
      this.pos = offset
      this.indent = offset - this.lineStart
      // Document markers (`---` or `...`) end the document: more than one is left to the complete reader.
      if (this.indent === 0 && (code === DASH || code === 46 /* . */) && this.code(offset + 1) === code && this.code(offset + 2) === code && isSpaceOrLineEnd(this.code(offset + 3))) {
        if (!(code === DASH && this.atDocumentStart)) throw NOT_BLOCK
      }
      return
    }
  }

  /** After a node on this line: spaces, maybe a comment, then the end of the line; on to the next content line. */
  private endOfLine(): void {
    const text = this.text
    let offset = this.pos
    while (text.charCodeAt(offset) === SPACE) offset++
    const code = text.charCodeAt(offset)
    // A comment follows white space; a `#` right after a quote or bracket is left to the next reader.
    if (code === HASH && text.charCodeAt(offset - 1) === SPACE) {
      offset = text.indexOf('\n', offset)
      if (offset < 0) offset = this.length
    } else if (!isLineEnd(code)) {
      throw NOT_BLOCK
    }
    this.toNextLine(offset)
  }

  /** From the end of a line's content (its `\r`, `\n` or the end of the text) to the next content line. */
  private toNextLine(offset: number): void {
    if (offset >= this.length) {
      this.pos = this.length
      this.indent = -1
      return
    }
    this.lineStart = this.code(offset) === CARRIAGE_RETURN ? offset + 2 : offset + 1
    this.line++
    this.skipToContent()
  }

  private skipSpaces(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++
  }

  private column(offset: number): number {
    return offset - this.lineStart + 1
  }

  // ---------------------------------------------------------------------------------------------
  // Positions

  /** Where a node starting here is shown: at a short-form tag just before it, as parse-yaml.ts does. */
  private startPosition(offset: number, line: number, lineStart: number): Position {
    const tag = this.tag
    if (tag === undefined) return { line, column: offset - lineStart + 1 }
    this.tag = undefined
    const adjusted = tagAdjustedOffset(this.text, tag, offset)
    if (adjusted === offset) return { line, column: offset - lineStart + 1 }
    if (adjusted === this.tagOffset) return { line: this.tagLine, column: this.tagOffset - this.tagLineStart + 1 }
    throw NOT_BLOCK // the tag's name again in between (a comment): not worth following
  }

  /** The position of the node just read, for its parent sequence or its tag. */
  private lastNodePosition(): Position {
    return this.nodePosition ?? this.startPosition(this.nodeOffset, this.nodeLine, this.nodeLineStart)
  }

  private scalarRead(offset: number): void {
    this.nodePosition = undefined
    this.nodeOffset = offset
    this.nodeLine = this.line
    this.nodeLineStart = this.lineStart
  }

  // ---------------------------------------------------------------------------------------------
  // Block collections

  /** The block sequence or mapping at the current content line, indented by `indent`. */
  private blockCollection(indent: number, depth: number): unknown {
    if (depth > DEEPEST) throw NOT_BLOCK
    const code = this.code(this.pos)
    if (code === DASH && isSpaceOrLineEnd(this.code(this.pos + 1))) return this.blockSequence(indent, depth)
    if (!this.startsKey()) throw NOT_BLOCK
    return this.blockMapping(depth)
  }

  /** Whether a mapping key (a one-line scalar and `:`) starts here. */
  private startsKey(): boolean {
    const start = this.pos
    const code = this.code(start)
    let isKey = false
    if (code === 34 /* " */ || code === 39 /* ' */) {
      if (code === 34) this.doubleQuoted()
      else this.singleQuoted()
      this.skipSpaces()
      isKey = this.code(this.pos) === COLON && isSpaceOrLineEnd(this.code(this.pos + 1))
    } else if (this.startsPlain(start, true)) {
      this.scanPlain(start, true)
      isKey = this.plainBeforeColon
    }
    this.pos = start
    return isKey
  }

  private blockSequence(indent: number, depth: number): unknown[] {
    const items: unknown[] = []
    const self = this.startPosition(this.pos, this.line, this.lineStart)
    this.positions.recordContainer(items, self)
    for (;;) {
      this.pos++ // past the `-`
      const item = this.value(indent, depth + 1, true)
      this.positions.recordChild(items, items.length, this.lastNodePosition())
      items.push(item)
      // Less indented, or a key at this indentation (the sequence was a value at its key's indentation).
      if (this.indent < indent) break
      if (this.indent > indent) throw NOT_BLOCK
      if (!(this.code(this.pos) === DASH && isSpaceOrLineEnd(this.code(this.pos + 1)))) break
    }
    this.nodePosition = self
    return items
  }

  /** A block mapping whose first key starts here (at the start of a line or after a `- `). */
  private blockMapping(depth: number): Record<string, unknown> {
    if (depth > DEEPEST) throw NOT_BLOCK
    const indent = this.pos - this.lineStart
    const map: Record<string, unknown> = {}
    const self = this.startPosition(this.pos, this.line, this.lineStart)
    this.positions.recordContainer(map, self)
    for (;;) {
      const keyLine = this.line
      const keyColumn = this.column(this.pos)
      const name = this.blockKey()
      if (Object.hasOwn(map, name)) throw NOT_BLOCK // the complete reader words the error
      setEntry(map, name, this.value(indent, depth + 1, false))
      this.positions.recordChildAt(map, name, keyLine, keyColumn)
      if (this.indent !== indent) {
        if (this.indent > indent) throw NOT_BLOCK
        break
      }
    }
    this.nodePosition = self
    return map
  }

  /** A key and its `:`, leaving the reader after the `:`. */
  private blockKey(): string {
    const start = this.pos
    const code = this.code(start)
    let name: string
    if (code === 34 /* " */ || code === 39 /* ' */) {
      name = code === 34 ? this.doubleQuoted() : this.singleQuoted()
      this.skipSpaces()
    } else {
      if (!this.startsPlain(start, true)) throw NOT_BLOCK
      const end = this.scanPlain(start, true)
      if (!this.plainBeforeColon) throw NOT_BLOCK
      name = this.plainKey(start, end)
    }
    if (!(this.code(this.pos) === COLON && isSpaceOrLineEnd(this.code(this.pos + 1)))) throw NOT_BLOCK
    if (this.pos - start > LONGEST_KEY) throw NOT_BLOCK
    this.pos++
    return name
  }

  /** A plain key as parse-yaml.ts names it: the string of its scalar (`1.0:` is "1"); null keys are refused. */
  private plainKey(start: number, end: number): string {
    const value = resolvePlainScalar(this.text.slice(start, end))
    if (value === null) throw NOT_BLOCK
    return typeof value === 'string' ? value : String(value)
  }

  // ---------------------------------------------------------------------------------------------
  // Values in block context

  /**
   * The value after a key's `: ` or a sequence's `- `, on this line or the lines after it, in a
   * collection indented by `ownerIndent`. Leaves the reader at the next content line.
   */
  private value(ownerIndent: number, depth: number, inSequence: boolean): unknown {
    this.skipSpaces()
    let intrinsic: string | undefined
    if (this.code(this.pos) === 33 /* ! */) intrinsic = this.shortFormTag()
    const code = this.code(this.pos)
    let value: unknown
    if (isLineEnd(code) || code === HASH) {
      value = this.valueBelow(ownerIndent, depth, inSequence, intrinsic !== undefined)
    } else {
      value = this.inlineValue(ownerIndent, depth, inSequence && intrinsic === undefined)
    }
    if (intrinsic === undefined) return value
    const position = this.lastNodePosition()
    const wrapped = longForm(intrinsic, value)
    this.positions.recordContainer(wrapped, position)
    this.positions.recordChild(wrapped, intrinsic, position)
    this.nodePosition = position
    return wrapped
  }

  /** A short-form tag and the spaces after it; the intrinsic it stands for. */
  private shortFormTag(): string {
    // A second tag (`!Sub` then `!Ref x` on the next line): left to the next reader.
    if (this.tag !== undefined) throw NOT_BLOCK
    const start = this.pos
    let end = start + 1
    while (!isSpaceOrLineEnd(this.code(end))) end++
    const tag = this.text.slice(start, end)
    const intrinsic = own(SHORT_FORM_TAGS, tag)
    if (intrinsic === undefined) throw NOT_BLOCK
    this.tag = tag
    this.tagOffset = start
    this.tagLine = this.line
    this.tagLineStart = this.lineStart
    this.pos = end
    this.skipSpaces()
    return intrinsic
  }

  /** A value that starts on a later line than its key or `-`: a collection, or nothing (null). */
  private valueBelow(ownerIndent: number, depth: number, inSequence: boolean, tagged: boolean): unknown {
    const code = this.code(this.pos)
    this.toNextLine(code === HASH ? this.lineEndAfter(this.pos) : this.pos)
    const indent = this.indent
    const startsEntry = indent >= 0 && this.code(this.pos) === DASH && isSpaceOrLineEnd(this.code(this.pos + 1))
    if (indent > ownerIndent) {
      if (startsEntry || this.startsKey()) return this.blockCollection(indent, depth)
      // A scalar or flow collection on a line of its own (`Key:` then `  !Sub '...'`).
      return this.value(ownerIndent, depth, false)
    }
    // A mapping's value may be a sequence at the mapping's own indentation.
    if (indent === ownerIndent && startsEntry && !inSequence) return this.blockSequence(indent, depth)
    // Empty: null, whose position (an empty entry's, an empty tagged value's) is left to the complete reader.
    if (inSequence || tagged) throw NOT_BLOCK
    this.nodePosition = undefined
    return null
  }

  private lineEndAfter(offset: number): number {
    const newline = this.text.indexOf('\n', offset)
    return newline < 0 ? this.length : newline
  }

  /** A value that starts on this line; `keyAllowed` where a mapping may start (after `- `). */
  private inlineValue(ownerIndent: number, depth: number, keyAllowed: boolean): unknown {
    const start = this.pos
    const code = this.code(start)
    let value: unknown
    if (code === 91 /* [ */ || code === 123 /* { */) {
      value = this.flowCollection(depth)
    } else if (code === 34 /* " */ || code === 39 /* ' */) {
      value = code === 34 ? this.doubleQuoted() : this.singleQuoted()
      if (keyAllowed) {
        const end = this.pos
        this.skipSpaces()
        if (this.code(this.pos) === COLON && isSpaceOrLineEnd(this.code(this.pos + 1))) {
          this.pos = start
          return this.blockMapping(depth)
        }
        this.pos = end
      }
      this.scalarRead(start)
    } else if (code === 124 /* | */ || code === 62 /* > */) {
      return this.blockScalar(ownerIndent)
    } else if (code === DASH && isSpaceOrLineEnd(this.code(start + 1))) {
      // `- - x`: a sequence in a sequence, indented by where its first `-` is.
      if (!keyAllowed) throw NOT_BLOCK
      return this.blockSequence(start - this.lineStart, depth)
    } else if (this.startsPlain(start, true)) {
      const end = this.scanPlain(start, true)
      if (this.plainBeforeColon) {
        if (!keyAllowed) throw NOT_BLOCK
        this.pos = start
        return this.blockMapping(depth)
      }
      value = this.plainValue(start, end)
      this.scalarRead(start)
    } else {
      throw NOT_BLOCK
    }
    this.endOfLine()
    // A more indented line would continue the scalar (or be an error).
    if (this.indent > ownerIndent) throw NOT_BLOCK
    return value
  }

  // ---------------------------------------------------------------------------------------------
  // Scalars

  /** Whether a plain scalar can start with this character; `-`, `?` and `:` only before a non-space. */
  private startsPlain(offset: number, block: boolean): boolean {
    const code = this.code(offset)
    if (isIndicator(code) || isLineEnd(code) || code === SPACE) return false
    if (code === DASH || code === 63 /* ? */ || code === COLON) {
      const next = this.code(offset + 1)
      if (isSpaceOrLineEnd(next) || (!block && isFlowIndicator(next))) return false
      // `?` starting a scalar, and `:` in flow context: rare, and where the parsers' rules are subtle.
      return code === DASH || (code === COLON && block)
    }
    return true
  }

  /**
   * The end (after its last non-space) of the plain scalar starting at `start`, on this line;
   * sets plainBeforeColon when a `:` and a space (or the line's end) follow it, making it a key.
   * In flow context the scalar also ends before `,`, `]` or `}`, and `[` or `{` in it is refused.
   */
  private scanPlain(start: number, block: boolean): number {
    const text = this.text
    let offset = start
    let end = start
    this.plainBeforeColon = false
    for (;;) {
      const code = text.charCodeAt(offset)
      if (isLineEnd(code)) break
      if (code === COLON) {
        const next = text.charCodeAt(offset + 1)
        if (isSpaceOrLineEnd(next) || (!block && isFlowIndicator(next))) {
          this.plainBeforeColon = true
          break
        }
      } else if (code === HASH) {
        if (text.charCodeAt(offset - 1) === SPACE) break
      } else if (!block && isFlowIndicator(code)) {
        if (code === 91 || code === 123) throw NOT_BLOCK
        break
      }
      offset++
      if (code !== SPACE) end = offset
    }
    this.pos = offset
    return end
  }

  /** A plain scalar's value: resolved by the core schema, except under a short-form tag, where it is the text. */
  private plainValue(start: number, end: number): unknown {
    const source = this.text.slice(start, end)
    return this.tag === undefined ? resolvePlainScalar(source) : source
  }

  /** A single-quoted scalar on this line (`''` is a quote); leaves the reader after it. */
  private singleQuoted(): string {
    const text = this.text
    let offset = this.pos + 1
    let value = ''
    let from = offset
    for (;;) {
      const code = text.charCodeAt(offset)
      if (code === 39 /* ' */) {
        if (text.charCodeAt(offset + 1) !== 39) break
        value += text.slice(from, offset + 1)
        offset += 2
        from = offset
      } else if (isLineEnd(code)) {
        throw NOT_BLOCK // over several lines
      } else {
        offset++
      }
    }
    this.pos = offset + 1
    return value + text.slice(from, offset)
  }

  /** A double-quoted scalar on this line, escapes decoded (YAML 1.2, 5.7); leaves the reader after it. */
  private doubleQuoted(): string {
    const text = this.text
    let offset = this.pos + 1
    let value = ''
    let from = offset
    for (;;) {
      const code = text.charCodeAt(offset)
      if (code === 34 /* " */) break
      if (isLineEnd(code)) throw NOT_BLOCK // over several lines
      if (code === 92 /* \ */) {
        value += text.slice(from, offset)
        const length = this.escape(offset + 1)
        value += this.escaped
        offset += 1 + length
        from = offset
      } else {
        offset++
      }
    }
    this.pos = offset + 1
    return value + text.slice(from, offset)
  }

  private escaped = ''

  /** Decodes the escape after a `\` at `offset` into `escaped`; returns how many characters it took. */
  private escape(offset: number): number {
    const code = this.code(offset)
    const simple = SIMPLE_ESCAPES[code]
    if (simple !== undefined) {
      this.escaped = simple
      return 1
    }
    const digits = code === 120 /* x */ ? 2 : code === 117 /* u */ ? 4 : code === 85 /* U */ ? 8 : 0
    if (digits === 0) throw NOT_BLOCK // not an escape (or an escaped line break)
    let point = 0
    for (let index = 1; index <= digits; index++) {
      const digit = hexValue(this.code(offset + index))
      if (digit < 0) throw NOT_BLOCK
      point = point * 16 + digit
    }
    // Surrogates and points beyond Unicode: left to the complete reader.
    if ((point >= 0xd800 && point <= 0xdfff) || point > 0x10ffff) throw NOT_BLOCK
    this.escaped = String.fromCodePoint(point)
    return 1 + digits
  }

  /**
   * `|`, `>`, `|-` or `>-` and the lines below it, more indented than `ownerIndent`. Those with an
   * indentation indicator or `+`, empty ones, and white-space lines longer than the indentation
   * are left to the complete reader (parse-fast.ts leaves the same to it).
   */
  private blockScalar(ownerIndent: number): string {
    const text = this.text
    const start = this.pos
    const folded = this.code(start) === 62 /* > */
    let offset = start + 1
    const strip = this.code(offset) === DASH
    if (strip) offset++
    while (text.charCodeAt(offset) === SPACE) offset++
    if (!isLineEnd(text.charCodeAt(offset))) throw NOT_BLOCK
    this.scalarRead(start)

    const lines: string[] = []
    let indent = -1
    let lastText = -1
    // Each line after the header until one less indented than the content, or the end of the text.
    let lineEnd = offset
    let line = this.line
    let endsBefore = -1
    while (lineEnd < this.length) {
      const lineStart = text.charCodeAt(lineEnd) === CARRIAGE_RETURN ? lineEnd + 2 : lineEnd + 1
      let spaces = 0
      while (text.charCodeAt(lineStart + spaces) === SPACE) spaces++
      const code = text.charCodeAt(lineStart + spaces)
      lineEnd = this.lineEndAfter(lineStart)
      if (isLineEnd(code)) {
        if (spaces > Math.max(indent, 0)) throw NOT_BLOCK
        lines.push('')
      } else {
        if (indent < 0) {
          if (spaces <= ownerIndent) throw NOT_BLOCK // an empty scalar
          indent = spaces
        } else if (spaces < indent) {
          endsBefore = lineStart
          break
        }
        const contentEnd = text.charCodeAt(lineEnd - 1) === CARRIAGE_RETURN ? lineEnd - 1 : lineEnd
        lastText = lines.push(text.slice(lineStart + indent, contentEnd)) - 1
      }
      line++
    }
    if (lastText < 0) throw NOT_BLOCK
    const body = folded ? foldLines(lines, lastText) : lines.slice(0, lastText + 1).join('\n')

    if (endsBefore < 0) {
      this.pos = this.length
      this.indent = -1
    } else {
      this.line = line + 1
      this.lineStart = endsBefore
      this.skipToContent()
    }
    if (this.indent > ownerIndent) throw NOT_BLOCK
    return strip ? body : body + '\n'
  }

  // ---------------------------------------------------------------------------------------------
  // Flow collections (on one line)

  /** A node in a flow collection: a collection, a quoted or plain scalar, maybe tagged. */
  private flowNode(depth: number): unknown {
    let intrinsic: string | undefined
    if (this.code(this.pos) === 33 /* ! */) intrinsic = this.shortFormTag()
    const start = this.pos
    const code = this.code(start)
    let value: unknown
    if (code === 91 /* [ */ || code === 123 /* { */) {
      value = this.flowCollection(depth)
    } else {
      if (code === 34 /* " */) value = this.doubleQuoted()
      else if (code === 39 /* ' */) value = this.singleQuoted()
      else if (this.startsPlain(start, false)) value = this.plainValue(start, this.scanPlain(start, false))
      else throw NOT_BLOCK
      this.scalarRead(start)
    }
    if (intrinsic === undefined) return value
    const position = this.lastNodePosition()
    const wrapped = longForm(intrinsic, value)
    this.positions.recordContainer(wrapped, position)
    this.positions.recordChild(wrapped, intrinsic, position)
    this.nodePosition = position
    return wrapped
  }

  private flowCollection(depth: number): unknown {
    if (depth > DEEPEST) throw NOT_BLOCK
    return this.code(this.pos) === 91 ? this.flowSequence(depth) : this.flowMapping(depth)
  }

  private flowSequence(depth: number): unknown[] {
    const items: unknown[] = []
    const self = this.startPosition(this.pos, this.line, this.lineStart)
    this.positions.recordContainer(items, self)
    this.pos++
    this.skipSpaces()
    if (this.code(this.pos) !== 93 /* ] */) {
      for (;;) {
        const item = this.flowNode(depth + 1)
        this.positions.recordChild(items, items.length, this.lastNodePosition())
        items.push(item)
        if (this.flowSeparator(93 /* ] */)) break
      }
    }
    this.pos++
    this.nodePosition = self
    return items
  }

  private flowMapping(depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {}
    const self = this.startPosition(this.pos, this.line, this.lineStart)
    this.positions.recordContainer(map, self)
    this.pos++
    this.skipSpaces()
    if (this.code(this.pos) !== 125 /* } */) {
      for (;;) {
        const keyLine = this.line
        const keyColumn = this.column(this.pos)
        const name = this.flowKey()
        if (Object.hasOwn(map, name)) throw NOT_BLOCK
        this.skipSpaces()
        const next = this.code(this.pos)
        // An empty value (`{a: , b}`): left to the complete reader.
        if (next === COMMA || next === 125 || isLineEnd(next)) throw NOT_BLOCK
        setEntry(map, name, this.flowNode(depth + 1))
        this.positions.recordChildAt(map, name, keyLine, keyColumn)
        if (this.flowSeparator(125 /* } */)) break
      }
    }
    this.pos++
    this.nodePosition = self
    return map
  }

  /** A key in a flow mapping and its `:`. */
  private flowKey(): string {
    const start = this.pos
    const code = this.code(start)
    let name: string
    if (code === 34 /* " */ || code === 39 /* ' */) {
      name = code === 34 ? this.doubleQuoted() : this.singleQuoted()
      this.skipSpaces()
      // A quoted key may be followed by `:` and its value without a space (JSON).
      if (this.code(this.pos) !== COLON) throw NOT_BLOCK
    } else {
      if (!this.startsPlain(start, false)) throw NOT_BLOCK
      const end = this.scanPlain(start, false)
      if (!this.plainBeforeColon || this.code(this.pos + 1) !== SPACE) throw NOT_BLOCK
      name = this.plainKey(start, end)
    }
    if (this.pos - start > LONGEST_KEY) throw NOT_BLOCK
    this.pos++
    return name
  }

  /** After an entry: `,` and another entry (false), or the closing bracket (true, the reader at it). */
  private flowSeparator(close: number): boolean {
    this.skipSpaces()
    const code = this.code(this.pos)
    if (code === close) return true
    if (code !== COMMA) throw NOT_BLOCK // `:` of a pair in a sequence, a line break, anything else
    this.pos++
    this.skipSpaces()
    // A trailing comma, an empty entry: left to the complete reader.
    const next = this.code(this.pos)
    if (next === close || next === COMMA) throw NOT_BLOCK
    return false
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** `\0`, `\n`, ... (YAML 1.2, 5.7), by the character after the `\`. */
const SIMPLE_ESCAPES: Record<number, string> = {
  48: '\0', 97: '\x07', 98: '\b', 116: '\t', 9: '\t', 110: '\n', 118: '\v', 102: '\f', 114: '\r', 101: '\x1b',
  32: ' ', 34: '"', 47: '/', 92: '\\', 78: '\x85', 95: '\xa0', 76: '\u2028', 80: '\u2029',
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}

/**
 * The content of a folded (`>`) block scalar up to its last text line (YAML 1.2, 8.1.3): a line
 * break between two text lines becomes a space, or the empty lines between them; around lines
 * that start with a space (more indented) line breaks are kept.
 */
function foldLines(lines: readonly string[], lastText: number): string {
  let value = ''
  let index = 0
  while (lines[index] === '') {
    value += '\n'
    index++
  }
  value += lines[index]
  let previous = lines[index]!
  for (index++; index <= lastText; index++) {
    let empty = 0
    while (lines[index] === '') {
      empty++
      index++
    }
    const line = lines[index]!
    const folds = previous.charCodeAt(0) !== SPACE && line.charCodeAt(0) !== SPACE
    value += folds ? (empty === 0 ? ' ' : '\n'.repeat(empty)) : '\n'.repeat(empty + 1)
    value += line
    previous = line
  }
  return value
}

/**
 * A plain scalar's value as the `yaml` package's YAML 1.2 core schema resolves it: null, a
 * boolean, an integer (decimal, `0o` octal, `0x` hexadecimal), a float (`.inf`, `.nan` too), else
 * the string. Written out so that the `yaml` package need not be loaded; tested against it.
 */
export function resolvePlainScalar(source: string): unknown {
  const length = source.length
  if (length === 0) return null
  switch (source.charCodeAt(0)) {
    case 126 /* ~ */:
      return length === 1 ? null : source
    case 110 /* n */: case 78 /* N */:
      return source === 'null' || source === 'Null' || source === 'NULL' ? null : source
    case 116 /* t */: case 84 /* T */:
      return source === 'true' || source === 'True' || source === 'TRUE' ? true : source
    case 102 /* f */: case 70 /* F */:
      return source === 'false' || source === 'False' || source === 'FALSE' ? false : source
    case 43 /* + */: case DASH: case 46 /* . */:
    case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57:
      return resolveNumber(source)
    default:
      return source
  }
}

const SPECIAL_FLOATS: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
}

/** A number in the core schema's syntax, or the string itself. */
function resolveNumber(source: string): unknown {
  const special = own(SPECIAL_FLOATS, source)
  if (special !== undefined) return special
  const length = source.length
  // 0o17 and 0x1F, without a sign.
  if (length > 2 && source.charCodeAt(0) === 48 && (source.charCodeAt(1) === 111 /* o */ || source.charCodeAt(1) === 120 /* x */)) {
    const octal = source.charCodeAt(1) === 111
    for (let index = 2; index < length; index++) {
      const digit = hexValue(source.charCodeAt(index))
      if (digit < 0 || (octal && digit > 7)) return source
    }
    return parseInt(source.slice(2), octal ? 8 : 16)
  }
  let index = source.charCodeAt(0) === 43 || source.charCodeAt(0) === DASH ? 1 : 0
  const integerStart = index
  while (isDigit(source.charCodeAt(index))) index++
  const integerDigits = index - integerStart
  if (index === length) return integerDigits > 0 ? parseInt(source, 10) : source
  let fractionDigits = 0
  const dot = source.charCodeAt(index) === 46
  if (dot) {
    index++
    const fractionStart = index
    while (isDigit(source.charCodeAt(index))) index++
    fractionDigits = index - fractionStart
  }
  // `1.`, `.5` and `1.5`, not `.`
  if (integerDigits === 0 && fractionDigits === 0) return source
  if (index === length) return dot ? parseFloat(source) : source
  const exponent = source.charCodeAt(index)
  if (exponent !== 101 /* e */ && exponent !== 69 /* E */) return source
  index++
  const sign = source.charCodeAt(index)
  if (sign === 43 || sign === DASH) index++
  const exponentStart = index
  while (isDigit(source.charCodeAt(index))) index++
  return index === length && index > exponentStart ? parseFloat(source) : source
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}
