import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

import { buildGraph, loadTemplate, UserError } from '../../src/index.js'

const CORPUS = '../shared/data/corpus/serverless-patterns'

// 471 real SAM/CloudFormation templates from aws-samples/serverless-patterns: none may crash;
// each either reads (and its graph builds) or fails with a located UserError.
it('reads every serverless-patterns template or rejects it with a located error', async () => {
  const files = readdirSync(CORPUS).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()
  expect(files.length).toBeGreaterThanOrEqual(471)
  let read = 0
  let nodes = 0
  let edges = 0
  let warnings = 0
  const rejected: string[] = []
  const started = performance.now()
  for (const name of files) {
    try {
      const template = await loadTemplate(join(CORPUS, name))
      const graph = buildGraph([template])
      read++
      nodes += graph.nodes.size
      edges += graph.edges.length
      warnings += template.warnings.length
    } catch (error) {
      if (!(error instanceof UserError)) throw new Error(`${name}: not a UserError: ${String((error as Error).stack ?? error)}`)
      expect(error.location?.file).toBe(join(CORPUS, name))
      expect(error.location?.line).toBeGreaterThanOrEqual(1)
      rejected.push(error.format())
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2)
  console.log(`serverless-patterns corpus: ${files.length} templates, ${read} read (${nodes} nodes, ${edges} edges, ${warnings} warnings), ${rejected.length} rejected with a located error, in ${seconds} s`)
  console.log(rejected.map((line) => `  ${line.replace(CORPUS + '/', '')}`).join('\n'))
  expect(read + rejected.length).toBe(files.length)
  // Every rejection so far is a real defect of the template (cfn-lint agrees on the duplicates and YAML errors).
  expect(rejected.length).toBeLessThanOrEqual(20)
})
