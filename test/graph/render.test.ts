import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

import { graphToDot, graphToJson, graphToMermaid, loadGraph } from '../../src/index.js'

// Golden outputs: reviewed by hand once, then any change to them must be deliberate.
// Regenerate with UPDATE_GOLDEN=1 npx vitest run test/graph/render.test.ts and review the diff.
function golden(name: string, actual: string): void {
  const path = `test/fixtures/golden/${name}`
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual)
  if (!existsSync(path)) throw new Error(`missing golden file ${path}: run with UPDATE_GOLDEN=1 and review it`)
  expect(actual).toBe(readFileSync(path, 'utf8'))
}

describe('graph renderers on the order-processing example', async () => {
  const { graph } = await loadGraph(['examples/order-processing/template.yaml'])

  it('json', () => golden('order-processing.graph.json', JSON.stringify(graphToJson(graph), null, 2) + '\n'))
  it('mermaid', () => golden('order-processing.mmd', graphToMermaid(graph)))
  it('dot', () => golden('order-processing.dot', graphToDot(graph)))

  it('json follows the documented contract', () => {
    const json = graphToJson(graph)
    expect(json.version).toBe(1)
    for (const node of json.nodes) expect(Object.keys(node)).toEqual(expect.arrayContaining(['id', 'type', 'kind', 'file', 'line', 'column']))
    const ids = new Set(json.nodes.map((node) => node.id))
    for (const edge of json.edges) {
      expect(Object.keys(edge)).toEqual(expect.arrayContaining(['from', 'to', 'mode', 'via', 'kind', 'file', 'line']))
      expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true)
      expect(['sync', 'async', 'poll']).toContain(edge.mode)
    }
  })

  it('mermaid styles edges by mode: sync solid, async dashed, poll dotted, failures red', () => {
    const text = graphToMermaid(graph)
    expect(text).toMatch(/^flowchart LR\n/)
    expect(text).toContain('OrdersApi -->|"POST /orders"| CreateOrderFunction')
    expect(text).toMatch(/OrdersQueue -\.->\|"poll"\| ProcessOrderFunction/)
    const lines = text.split('\n')
    const edgeLines = lines.filter((line) => /-->|-\.->/.test(line))
    const redriveIndex = edgeLines.findIndex((line) => line.includes('OrdersQueue -.->|"redrive"| OrdersDeadLetterQueue'))
    expect(lines).toContain(`  linkStyle ${redriveIndex} stroke-dasharray: 6 4, stroke: #c0392b`)
  })
})

describe('graphs spanning several templates', () => {
  it('qualifies ids with the file', async () => {
    const { graph } = await loadGraph(['test/fixtures/templates/cfn-plain.json', 'test/fixtures/templates/cdk.out/OrdersStack.template.json'])
    const ids = [...graph.nodes.keys()]
    expect(ids).toContain('test/fixtures/templates/cfn-plain.json#RestApi')
    expect(ids.every((id) => id.includes('#'))).toBe(true)
    for (const edge of graph.edges) expect(edge.from.split('#')[0]).toBe(edge.to.split('#')[0])
  })
})
