/**
 * The differential check shared by the tests of the fast readers (parse-block.ts, parse-fast.ts):
 * whatever a fast reader accepts, it must read exactly as the complete reader (the `yaml` package,
 * parse-yaml.ts) does: the same values, the same own-property layout and prototypes, the same
 * position for every container, key and item.
 */
import fc from 'fast-check'

import { parseYamlWithPositions } from '../../src/template/parse-yaml.js'
import type { PositionIndex } from '../../src/template/positions.js'

export type Reader = (text: string) => { root: unknown; positions: PositionIndex }

/** The first difference between two parses, as a path and what differs; undefined when they are the same. */
export function difference(a: unknown, positionsA: PositionIndex, b: unknown, positionsB: PositionIndex, path = '$'): string | undefined {
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`
  if (a === null || typeof a !== 'object') return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`
  if (b === null || Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: shape`
  const keysA = Reflect.ownKeys(a).map(String)
  const keysB = Reflect.ownKeys(b as object).map(String)
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${path}: keys ${keysA.join(',')} vs ${keysB.join(',')}`
  if (JSON.stringify(positionsA.positionOf(a)) !== JSON.stringify(positionsB.positionOf(b as object))) return `${path}: position`
  for (const name of keysA) {
    if (Array.isArray(a) && name === 'length') continue
    const key = Array.isArray(a) ? Number(name) : name
    if (JSON.stringify(positionsA.positionOf(a, key)) !== JSON.stringify(positionsB.positionOf(b as object, key))) return `${path}.${name}: position`
    const found = difference((a as Record<string, unknown>)[name], positionsA, (b as Record<string, unknown>)[name], positionsB, `${path}.${name}`)
    if (found) return found
  }
  return undefined
}

/**
 * Reads `text` with `reader` and, if it accepts it, checks that the complete reader reads it the
 * same (else throws). True when the reader read it, false when it left it to the next reader.
 */
export function readsAsComplete(reader: Reader, name: string, text: string): boolean {
  let fast: ReturnType<Reader>
  try {
    fast = reader(text)
  } catch {
    return false
  }
  let complete: ReturnType<typeof parseYamlWithPositions>
  try {
    complete = parseYamlWithPositions(name, text)
  } catch (error) {
    throw new Error(`${name}: the reader accepted what the complete reader rejects: ${(error as Error).message}`)
  }
  const found = difference(fast.root, fast.positions, complete.root, complete.positions)
  if (found) throw new Error(`${name}: the readers differ at ${found}`)
  return true
}

/** Pieces that mutations insert: YAML syntax the readers must either read alike or refuse. */
export const MUTATION_PIECES = [
  '\n', '  ', '- ', ': ', '[', ']', '{', '}', '"', "'", '#', '|', '>-', '&a ', '*a', '!Ref ', '!Sub ', '!Foo ', '---\n', '\t',
  '\r\n', '<<: ', 'null', '1e3', '0x1F', '1_000', '~', '.inf', '2010-09-09', 'yes', '__proto__',
  // Added for the block reader: compact and same-indentation sequences, escapes, block scalars, markers.
  '- - ', '-\n', ':x', '"\\x41\\u00e9"', '\\', '|\n', '>\n', ' # c', '...\n', '? ', '%', '!GetAtt ', ',', '0o17', '-0', '\n\n',
]

/** Up to three edits of a text: at an offset, remove up to 4 characters and insert a piece. */
export function mutations(length: number): fc.Arbitrary<[number, number, string][]> {
  return fc.array(fc.tuple(fc.nat(length), fc.nat(4), fc.constantFrom(...MUTATION_PIECES)), { minLength: 1, maxLength: 3 })
}

export function mutate(text: string, edits: readonly [number, number, string][]): string {
  for (const [at, remove, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + remove)
  return text
}
