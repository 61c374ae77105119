/**
 * Places the architecture with dagre (a layered graph layout: synchronous, no native code), left
 * to right. The layers come from rank.ts (entry points first, data stores last) and reach dagre
 * as minimum edge lengths; two invisible anchors, one before layer 0 and one after the last,
 * pin unconnected parts of the graph to the same layers. They are dropped before drawing.
 */
import { Graph, layout } from '@dagrejs/dagre'
import { rankNodes } from './rank.js'

/*
 * The part of dagre's graph this file uses, typed here: dagre's own declarations import their
 * siblings without file extensions, which NodeNext resolution cannot follow, so TypeScript sees
 * them as `any`. Assigning the graph to this interface brings the types back at the one edge.
 */
interface NodeLabel { width: number; height: number; x?: number; y?: number }
interface EdgeLabel { weight: number; minlen: number; width?: number; height?: number; labelpos?: 'l' | 'c' | 'r'; x?: number; y?: number; points?: Point[] }
interface GraphLabel { rankdir: 'LR'; nodesep: number; ranksep: number; edgesep: number; marginx: number; marginy: number }
interface DagreGraph {
  setGraph(label: GraphLabel): unknown
  setNode(name: string, label: NodeLabel): unknown
  setEdge(from: string, to: string, label: EdgeLabel, name: string): unknown
  node(name: string): NodeLabel
  edge(from: string, to: string, name: string): EdgeLabel
}

export interface LayoutNode {
  id: string
  width: number
  height: number
  /** Put in the first layer (APIs, schedules, topics and buses nothing in the template feeds). */
  entry: boolean
  /** Put in the last layer (tables, buckets, databases, caches). */
  store: boolean
}

export interface LayoutEdge {
  from: string
  to: string
  labelWidth: number
  labelHeight: number
}

export interface Point { x: number; y: number }

export interface PlacedNode { x: number; y: number; width: number; height: number }

export interface PlacedEdge { points: Point[]; label?: Point }

export interface Layout {
  /** Node boxes by id: top-left corner and size. */
  nodes: Map<string, PlacedNode>
  /** Edge routes, in the order of the input edges. */
  edges: PlacedEdge[]
  width: number
  height: number
}

const SOURCE = 'anchor:source'
const SINK = 'anchor:sink'

/**
 * Lays out `nodes` and `edges` (given in a stable order: the output depends only on it) and
 * returns boxes and routes with the top-left of the drawing at (margin, margin).
 */
export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], margin: number): Layout {
  const graph: DagreGraph = new Graph({ multigraph: true })
  graph.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 56, edgesep: 12, marginx: 0, marginy: 0 })
  // Ids come from templates and may be anything; dagre only ever sees our own short keys.
  const keyOf = new Map<string, string>()
  nodes.forEach((node, index) => {
    const key = `n${index}`
    keyOf.set(node.id, key)
    graph.setNode(key, { width: node.width, height: node.height })
  })
  const { rank, reversed } = rankNodes({
    ids: nodes.map((node) => node.id),
    entry: new Set(nodes.filter((node) => node.entry).map((node) => node.id)),
    store: new Set(nodes.filter((node) => node.store).map((node) => node.id)),
    edges,
  })
  // dagre sees every edge pointing right (loop-closing ones turned round), so it reverses nothing itself.
  const routed: { key: string; v: string; w: string }[] = []
  edges.forEach((edge, index) => {
    const from = keyOf.get(edge.from)
    const to = keyOf.get(edge.to)
    if (from === undefined || to === undefined) return
    const [v, w] = reversed[index] ? [to, from] : [from, to]
    const [first, second] = reversed[index] ? [edge.to, edge.from] : [edge.from, edge.to]
    const minlen = Math.max(1, rank.get(second)! - rank.get(first)!)
    graph.setEdge(v, w, { weight: 1, minlen, width: edge.labelWidth, height: edge.labelHeight, labelpos: 'c' }, `e${index}`)
    routed[index] = { key: `e${index}`, v, w }
  })
  anchor(graph, nodes, keyOf, rank)
  layout(graph)

  const placed = new Map<string, PlacedNode>()
  for (const node of nodes) {
    const label = graph.node(keyOf.get(node.id)!)
    placed.set(node.id, { x: (label.x ?? 0) - node.width / 2, y: (label.y ?? 0) - node.height / 2, width: node.width, height: node.height })
  }
  const placedEdges: PlacedEdge[] = edges.map((edge, index) => {
    const route = routed[index]
    if (!route) return { points: [] }
    const label = graph.edge(route.v, route.w, route.key)
    const labelPoint = edge.labelWidth > 0 && label.x !== undefined && label.y !== undefined ? { x: label.x, y: label.y } : undefined
    const points = (label.points ?? []).map((point) => ({ x: point.x, y: point.y }))
    if (reversed[index]) points.reverse()
    return { points, ...(labelPoint ? { label: labelPoint } : {}) }
  })
  return shift(placed, placedEdges, edges, margin)
}

/** Edges from the source anchor to layer 0 and from the last layer to the sink anchor: one layer long each, so no bends. */
function anchor(graph: DagreGraph, nodes: readonly LayoutNode[], keyOf: ReadonlyMap<string, string>, rank: ReadonlyMap<string, number>): void {
  if (nodes.length === 0) return
  let lastRank = 0
  for (const value of rank.values()) lastRank = Math.max(lastRank, value)
  graph.setNode(SOURCE, { width: 0, height: 0 })
  graph.setNode(SINK, { width: 0, height: 0 })
  for (const node of nodes) {
    const value = rank.get(node.id)!
    if (value === 0) graph.setEdge(SOURCE, keyOf.get(node.id)!, { weight: 1, minlen: 1 }, 'anchor')
    if (value === lastRank) graph.setEdge(keyOf.get(node.id)!, SINK, { weight: 1, minlen: 1 }, 'anchor')
  }
}

/** Moves everything so the real drawing (anchors excluded) starts at (margin, margin). */
function shift(nodes: Map<string, PlacedNode>, edges: PlacedEdge[], input: readonly LayoutEdge[], margin: number): Layout {
  const xs: number[] = []
  const ys: number[] = []
  const xe: number[] = []
  const ye: number[] = []
  for (const node of nodes.values()) {
    xs.push(node.x)
    ys.push(node.y)
    xe.push(node.x + node.width)
    ye.push(node.y + node.height)
  }
  edges.forEach((edge, index) => {
    for (const point of edge.points) {
      xs.push(point.x)
      ys.push(point.y)
      xe.push(point.x)
      ye.push(point.y)
    }
    const size = input[index]
    if (edge.label && size) {
      xs.push(edge.label.x - size.labelWidth / 2)
      ys.push(edge.label.y - size.labelHeight / 2)
      xe.push(edge.label.x + size.labelWidth / 2)
      ye.push(edge.label.y + size.labelHeight / 2)
    }
  })
  if (xs.length === 0) return { nodes, edges, width: 0, height: 0 }
  const dx = margin - Math.min(...xs)
  const dy = margin - Math.min(...ys)
  const move = (point: Point): Point => ({ x: point.x + dx, y: point.y + dy })
  for (const [id, node] of nodes) nodes.set(id, { ...node, x: node.x + dx, y: node.y + dy })
  const moved = edges.map((edge) => ({ points: edge.points.map(move), ...(edge.label ? { label: move(edge.label) } : {}) }))
  return { nodes, edges: moved, width: Math.max(...xe) + dx - margin, height: Math.max(...ye) + dy - margin }
}
