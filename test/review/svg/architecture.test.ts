import { describe, expect, it } from 'vitest'

import { ArchitectureGraph, loadGraph } from '../../../src/index.js'
import type { GraphNode } from '../../../src/index.js'
import { renderArchitectureSvg, type NodeMarker } from '../../../src/review/svg/architecture.js'
import { expectRoundedGeometry, parseSvg } from './parse-svg.js'

const { graph } = await loadGraph(['examples/order-processing'])

/** The centre x of a node's name: the first <text> in its group. */
function nodeX(document: Document, id: string): number {
  const node = [...document.querySelectorAll('g.node')].find((element) => element.getAttribute('data-id') === id)
  if (!node) throw new Error(`no g.node for ${id}`)
  return Number(node.querySelector('text')!.getAttribute('x'))
}

/** The same graph built again with nodes and edges added in reverse order. */
function reversedCopy(source: ArchitectureGraph, rename: (id: string) => string = (id) => id): ArchitectureGraph {
  const copy = new ArchitectureGraph()
  for (const node of [...source.nodes.values()].reverse()) copy.addNode({ ...node, id: rename(node.id) })
  for (const edge of [...source.edges].reverse()) copy.addEdge({ ...edge, from: rename(edge.from), to: rename(edge.to) })
  return copy
}

describe('renderArchitectureSvg on the order-processing example', () => {
  const markers = new Map<string, NodeMarker>([
    ['CreateOrderFunction', { severity: 'error', count: 3 }],
    ['OrdersQueue', { severity: 'warning', count: 2 }],
    ['OrdersTable', { severity: 'info', count: 1 }],
  ])
  const svg = renderArchitectureSvg(graph, { markers })
  const document = parseSvg(svg)

  it('draws one g.node per graph node, keyed by id', () => {
    const ids = [...document.querySelectorAll('g.node')].map((element) => element.getAttribute('data-id'))
    expect(ids).toHaveLength(graph.nodes.size)
    expect(new Set(ids)).toEqual(new Set(graph.nodes.keys()))
  })

  it('gives every node a <title> for hover, naming its id, type and location', () => {
    for (const element of document.querySelectorAll('g.node')) {
      const title = element.querySelector(':scope > title')?.textContent ?? ''
      const id = element.getAttribute('data-id')!
      const node = graph.nodes.get(id)!
      expect(title).toContain(id)
      expect(title).toContain(node.type)
      expect(title).toContain(`${node.location.file}:${node.location.line}`)
    }
  })

  it('puts entry points on the left and data stores on the right', () => {
    const apiX = nodeX(document, 'OrdersApi')
    const tableX = nodeX(document, 'OrdersTable')
    const bucketX = nodeX(document, 'ReportsBucket')
    for (const node of graph.nodes.values()) {
      if (node.kind !== 'function' && node.kind !== 'queue' && node.kind !== 'state-machine') continue
      expect(nodeX(document, node.id), node.id).toBeGreaterThan(apiX)
      expect(nodeX(document, node.id), node.id).toBeLessThan(Math.min(tableX, bucketX))
    }
    // Both entry points (the API and the nightly schedule) share the first layer.
    expect(Math.abs(nodeX(document, 'DailyReportFunctionNightlyReport') - apiX)).toBeLessThan(1)
    expect(Math.abs(tableX - bucketX)).toBeLessThan(1)
  })

  it('styles edges by mode: sync solid, async dashed, poll dotted; failure edges red with a hollow head', () => {
    const edges = [...document.querySelectorAll('g.edge')]
    const path = (from: string, to: string) => edges.find((edge) => edge.getAttribute('data-from') === from && edge.getAttribute('data-to') === to)!.querySelector('path')!
    expect(path('OrdersApi', 'CreateOrderFunction').getAttribute('stroke-dasharray')).toBeNull()
    expect(path('OrderEventsTopic', 'AnalyticsQueue').getAttribute('stroke-dasharray')).toBe('7 4')
    expect(path('OrdersQueue', 'ProcessOrderFunction').getAttribute('stroke-dasharray')).toBe('2 3')
    const failure = path('OrdersQueue', 'OrdersDeadLetterQueue')
    expect(failure.getAttribute('marker-end')).toBe('url(#lw-arrow-failure)')
    expect(document.getElementById('lw-arrow-failure')!.querySelector('path')!.getAttribute('fill')).toBe('#ffffff')
    expect(svg).toContain('>on failure<')
    // Every edge ends in an arrowhead defined in the same document.
    for (const edge of edges) {
      const marker = edge.querySelector('path')!.getAttribute('marker-end')!.match(/^url\(#(.+)\)$/)![1]!
      expect(document.getElementById(marker)).not.toBeNull()
    }
  })

  it('marks findings with a badge that carries a letter as well as a colour', () => {
    const badge = (id: string) => [...document.querySelectorAll('g.node')].find((element) => element.getAttribute('data-id') === id)!.querySelector('g.marker')
    expect(badge('CreateOrderFunction')!.textContent).toBe('E3')
    expect(badge('OrdersQueue')!.textContent).toBe('W2')
    expect(badge('OrdersTable')!.textContent).toBe('I1')
    expect(badge('GetOrderFunction')).toBeNull()
    expect(document.querySelectorAll('g.legend g.marker')).toHaveLength(3)
  })

  it('has a legend naming the node groups and the edge modes', () => {
    const legend = document.querySelector('g.legend')!.textContent!
    for (const word of ['API', 'Lambda function', 'queue', 'data store', 'sync', 'async', 'poll', 'on failure']) expect(legend).toContain(word)
  })

  it('is self-contained: no scripts, styles, images, fonts or links', () => {
    expect(document.querySelectorAll('script, style, image, foreignObject, a, use').length).toBe(0)
    expect(svg).not.toMatch(/href|@import|url\((?!#)/)
  })

  it('is deterministic: same graph, same bytes, whatever the insertion order', () => {
    expect(renderArchitectureSvg(graph, { markers })).toBe(svg)
    expect(renderArchitectureSvg(reversedCopy(graph), { markers })).toBe(svg)
    expect(expectRoundedGeometry(svg)).toEqual([])
  })
})

describe('renderArchitectureSvg with hostile ids', () => {
  const hostile = (id: string) => `${id}<script>alert("x")</script>&amp;'"]]><!--\u0000\u0007\uD800 #é😀`
  const evil = reversedCopy(graph, hostile)
  const markers = new Map<string, NodeMarker>([[hostile('OrdersQueue'), { severity: 'error', count: 1 }]])
  const svg = renderArchitectureSvg(evil, { markers })

  it('escapes ids and labels so the document still parses, with no injected elements', () => {
    const document = parseSvg(svg)
    expect(document.querySelectorAll('script').length).toBe(0)
    const ids = [...document.querySelectorAll('g.node')].map((element) => element.getAttribute('data-id'))
    expect(ids).toHaveLength(evil.nodes.size)
    // Characters XML cannot hold at all become U+FFFD; everything else survives the round trip.
    const expected = [...evil.nodes.keys()].map((id) => id.replace(/[\u0000\u0007]|\uD800(?![\uDC00-\uDFFF])/g, '\uFFFD'))
    expect(new Set(ids)).toEqual(new Set(expected))
    expect(document.querySelectorAll('g.node g.marker')).toHaveLength(1)
  })

  it('parses inside an HTML page too', async () => {
    const { JSDOM } = await import('jsdom')
    const page = new JSDOM(`<!doctype html><body>${svg}</body>`)
    expect(page.window.document.querySelectorAll('svg g.node')).toHaveLength(evil.nodes.size)
    expect(page.window.document.querySelectorAll('script')).toHaveLength(0)
  })
})

describe('renderArchitectureSvg edge cases', () => {
  it('renders an empty graph as a valid SVG saying so', () => {
    const svg = renderArchitectureSvg(new ArchitectureGraph())
    expect(parseSvg(svg).querySelectorAll('g.node')).toHaveLength(0)
    expect(svg).toContain('No resources')
  })

  it('survives a cycle and a self-loop', () => {
    const [first, second] = [...graph.nodes.values()].filter((node) => node.kind === 'function') as [GraphNode, GraphNode]
    const looped = new ArchitectureGraph()
    looped.addNode(first)
    looped.addNode(second)
    const edge = { mode: 'async' as const, via: 'iam' as const, kind: 'trigger' as const, location: first.location }
    looped.addEdge({ ...edge, from: first.id, to: second.id })
    looped.addEdge({ ...edge, from: second.id, to: first.id })
    looped.addEdge({ ...edge, from: first.id, to: first.id })
    const document = parseSvg(renderArchitectureSvg(looped))
    expect(document.querySelectorAll('g.node')).toHaveLength(2)
    expect(document.querySelectorAll('g.edge')).toHaveLength(3)
    for (const path of document.querySelectorAll('g.edge path')) expect(path.getAttribute('d')).toMatch(/^M-?\d/)
  })
})
