import { callMode } from './iam.js'
import type { GraphEdge, GraphNode } from './types.js'

/** The architecture: resources and the ways they call each other. Every job works on this. */
export class ArchitectureGraph {
  readonly nodes = new Map<string, GraphNode>()
  readonly edges: GraphEdge[] = []
  private readonly outgoingEdges = new Map<string, GraphEdge[]>()
  private readonly incomingEdges = new Map<string, GraphEdge[]>()

  addNode(node: GraphNode): GraphNode {
    const existing = this.nodes.get(node.id)
    if (existing) return existing
    this.nodes.set(node.id, node)
    return node
  }

  /** Adds an edge; a second edge with the same ends, via and kind merges its actions into the first. */
  addEdge(edge: GraphEdge): GraphEdge {
    if (edge.from === edge.to && edge.kind !== 'trigger') return edge
    const existing = this.sameEdge(edge)
    if (existing) {
      if (edge.actions) existing.actions = [...new Set([...(existing.actions ?? []), ...edge.actions])]
      const target = this.nodes.get(edge.to)
      // Code edges know their mode from the call itself (Invoke with InvocationType 'Event' is async).
      if (existing.kind === 'may-call' && existing.via !== 'code' && existing.actions && target) existing.mode = callMode(target.kind, existing.actions)
      // Otherwise a sync possibility dominates: the caller may wait, and the edge points at a call that does.
      else if (edge.mode === 'sync' && existing.mode === 'async') {
        existing.mode = 'sync'
        if (edge.location) existing.location = edge.location
      }
      return existing
    }
    this.edges.push(edge)
    push(this.outgoingEdges, edge.from, edge)
    push(this.incomingEdges, edge.to, edge)
    return edge
  }

  /**
   * The edge already added with the same ends, via, kind and label. Found among the edges of the
   * end with fewer (an API has an edge to every route's function, each function few), rather
   * than by a composite string key: ten thousand such keys were a good part of building a graph.
   */
  private sameEdge(edge: GraphEdge): GraphEdge | undefined {
    const fromEdges = this.outgoing(edge.from)
    const toEdges = this.incoming(edge.to)
    const label = edge.label ?? ''
    for (const candidate of fromEdges.length <= toEdges.length ? fromEdges : toEdges) {
      if (candidate.from === edge.from && candidate.to === edge.to && candidate.via === edge.via && candidate.kind === edge.kind && (candidate.label ?? '') === label) return candidate
    }
    return undefined
  }

  outgoing(id: string): readonly GraphEdge[] {
    return this.outgoingEdges.get(id) ?? []
  }

  incoming(id: string): readonly GraphEdge[] {
    return this.incomingEdges.get(id) ?? []
  }

  nodesOfKind(kind: GraphNode['kind']): GraphNode[] {
    return [...this.nodes.values()].filter((node) => node.kind === kind)
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
