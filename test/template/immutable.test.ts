import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { expect, it } from 'vitest'

import { ALL_RULES } from '../../rules/index.js'
import { estimate } from '../../src/cost/estimate.js'
import { loadSnapshot, SnapshotPriceSource } from '../../src/cost/prices/snapshot.js'
import { buildGraph } from '../../src/graph/build.js'
import { lintGraph } from '../../src/lint/engine.js'
import { parseTemplateText } from '../../src/template/parse.js'
import { Template } from '../../src/template/template.js'
// @ts-expect-error a plain JavaScript module of the benchmarks
import { generateSamTemplate } from '../bench/gen-sam.js'

const CORPUS = '../shared/data/corpus/serverless-patterns'
const prices = new SnapshotPriceSource(loadSnapshot())

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const item of Object.values(value)) deepFreeze(item)
}

// Resolved properties share every value without an intrinsic with the parsed document (copy on
// write, intrinsics.ts), so nothing after parsing may modify either. Frozen, any write throws
// (modules are strict): reading, the graph, every lint rule and the estimate must run unchanged.
it('reads, builds, lints and prices templates whose parsed values are frozen', () => {
  const texts: [string, string][] = [
    ['examples/order-processing/template.yaml', readFileSync('examples/order-processing/template.yaml', 'utf8')],
    ['generated.yaml', generateSamTemplate(80) as string],
    ...readdirSync(CORPUS).filter((name) => /\.ya?ml$/.test(name)).sort().slice(0, 120).map((name): [string, string] => [name, readFileSync(join(CORPUS, name), 'utf8')]),
  ]
  let read = 0
  for (const [file, text] of texts) {
    let template: Template
    try {
      const document = parseTemplateText(file, text)
      deepFreeze(document.root)
      template = new Template(document)
    } catch (error) {
      // A template the reader rejects (with a located UserError, as the corpus test checks) has nothing to run.
      if (error instanceof TypeError) throw error
      continue
    }
    const graph = buildGraph([template])
    const lint = lintGraph([template], graph, { rules: ALL_RULES, today: new Date('2026-11-27') })
    const priced = estimate(graph, { region: 'us-east-1', freeTier: false, entryRequests: 1_000_000, prices })
    expect(lint.findings.length + priced.resources.length).toBeGreaterThanOrEqual(0)
    read++
  }
  expect(read).toBeGreaterThan(100)
})
