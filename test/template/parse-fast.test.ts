/**
 * The fast reader (js-yaml, parse-fast.ts) must read every template it accepts exactly as the
 * complete reader (the `yaml` package, parse-yaml.ts) does: the same values, the same own-property
 * layout, the same position for every container, key and item. Whatever it cannot read that way it
 * must refuse (throw), so that the complete reader reads it or words the error.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { parseYamlFast } from '../../src/template/parse-fast.js'
import { parseYamlWithPositions } from '../../src/template/parse-yaml.js'
import type { PositionIndex } from '../../src/template/positions.js'
import { generateSamTemplate } from '../bench/gen-sam.js'

const CORPUS = '../shared/data/corpus/serverless-patterns'

/** The first difference between two parses, as a path and what differs; undefined when they are the same. */
function difference(a: unknown, positionsA: PositionIndex, b: unknown, positionsB: PositionIndex, path = '$'): string | undefined {
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

/** 'fast' when the fast reader read it (identically: else the test fails), 'complete' when it left it to the complete reader. */
function compare(name: string, text: string): 'fast' | 'complete' {
  let fast: ReturnType<typeof parseYamlFast>
  try {
    fast = parseYamlFast(text)
  } catch {
    return 'complete'
  }
  let complete: ReturnType<typeof parseYamlWithPositions>
  try {
    complete = parseYamlWithPositions(name, text)
  } catch (error) {
    throw new Error(`${name}: the fast reader accepted what the complete reader rejects: ${(error as Error).message}`)
  }
  const found = difference(fast.root, fast.positions, complete.root, complete.positions)
  if (found) throw new Error(`${name}: the readers differ at ${found}`)
  return 'fast'
}

describe('the fast YAML reader', () => {
  it('reads the corpus and the benchmark template exactly as the complete reader, or leaves them to it', () => {
    const counts = { fast: 0, complete: 0 }
    for (const name of readdirSync(CORPUS).filter((file) => /\.(ya?ml|json)$/.test(file)).sort()) {
      const text = readFileSync(join(CORPUS, name), 'utf8')
      counts[compare(name, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)]++
    }
    expect(compare('sam-200.yaml', generateSamTemplate(200))).toBe('fast')
    expect(compare('example', readFileSync('examples/order-processing/template.yaml', 'utf8'))).toBe('fast')
    // Most real templates take the fast path (422 of 471 when this was written).
    expect(counts.fast).toBeGreaterThan(400)
  })

  it('mutated templates: whatever the fast reader accepts, it reads as the complete reader does', () => {
    const base = readFileSync('examples/order-processing/template.yaml', 'utf8')
    const pieces = ['\n', '  ', '- ', ': ', '[', ']', '{', '}', '"', "'", '#', '|', '>-', '&a ', '*a', '!Ref ', '!Sub ', '!Foo ', '---\n', '\t', '\r\n', '<<: ', 'null', '1e3', '0x1F', '1_000', '~', '.inf', '2010-09-09', 'yes', '__proto__']
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), fc.nat(4), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 3 }), (edits) => {
        let text = base
        for (const [at, remove, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + remove)
        compare('mutated.yaml', text)
      }),
      { numRuns: 300 },
    )
  })
})
