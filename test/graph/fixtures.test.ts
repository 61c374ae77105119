import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

import { graphToJson, loadGraph } from '../../src/index.js'

interface Expected {
  nodes: Array<{ id: string; type: string; kind: string }>
  edges: Array<{ from: string; to: string; mode: string; via: string; kind: string; condition?: string }>
}

// Each expected graph was derived by hand from its template and docs/graph.md (see its "notes").
const FIXTURES: Array<[name: string, template: string]> = [
  ['order-processing', 'examples/order-processing/template.yaml'],
  ['cfn-plain-yaml', 'test/fixtures/templates/cfn-plain.yaml'],
  ['cfn-plain-json', 'test/fixtures/templates/cfn-plain.json'],
  ['cdk', 'test/fixtures/templates/cdk.out/OrdersStack.template.json'],
  ['serverless', 'test/fixtures/templates/serverless/.serverless/cloudformation-template-update-stack.json'],
]

const edgeKey = (edge: Expected['edges'][number]) => [edge.from, edge.to, edge.mode, edge.via, edge.kind, edge.condition ?? ''].join(' | ')

describe.each(FIXTURES)('graph of %s', (name, template) => {
  const expected = JSON.parse(readFileSync(`test/fixtures/graph/${name}.expected.json`, 'utf8')) as Expected

  it('has every resource as a node, with its type and kind', async () => {
    const { graph } = await loadGraph([template])
    const nodes = graphToJson(graph).nodes.map(({ id, type, kind }) => ({ id, type, kind }))
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
    expect(nodes.sort(byId)).toEqual([...expected.nodes].map(({ id, type, kind }) => ({ id, type, kind })).sort(byId))
  })

  it('has exactly the expected edges, with their modes', async () => {
    const { graph } = await loadGraph([template])
    const actual = [...new Set(graphToJson(graph).edges.map(edgeKey))].sort()
    expect(actual).toEqual([...new Set(expected.edges.map(edgeKey))].sort())
  })

  it('locates every node and edge in a real file, 1-based', async () => {
    const { graph } = await loadGraph([template])
    for (const item of [...graph.nodes.values()].map((node) => node.location).concat(graph.edges.map((edge) => edge.location))) {
      expect(item.line).toBeGreaterThanOrEqual(1)
      expect(item.column).toBeGreaterThanOrEqual(1)
      expect(readFileSync(item.file, 'utf8').split('\n').length).toBeGreaterThanOrEqual(item.line)
    }
  })
})
