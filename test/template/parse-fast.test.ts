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
import { generateSamTemplate } from '../bench/gen-sam.js'
import { mutate, mutations, readsAsComplete } from './differential.js'

const CORPUS = '../shared/data/corpus/serverless-patterns'

/** 'fast' when the fast reader read it (identically: else the test fails), 'complete' when it left it to the complete reader. */
function compare(name: string, text: string): 'fast' | 'complete' {
  return readsAsComplete(parseYamlFast, name, text) ? 'fast' : 'complete'
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
    fc.assert(
      fc.property(mutations(base.length), (edits) => {
        compare('mutated.yaml', mutate(base, edits))
      }),
      { numRuns: 300 },
    )
  })
})
