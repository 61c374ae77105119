import type { ArchitectureGraph } from '../graph.js'
import type { EdgeKind, EdgeMode, EdgeVia, NodeKind } from '../types.js'

/** The documented `--format json` shape (docs/graph.md). Additive changes only within version 1. */
export interface GraphJson {
  version: 1
  nodes: Array<{ id: string; type: string; kind: NodeKind; file: string; line: number; column: number; createdBy?: string }>
  edges: Array<{
    from: string; to: string; mode: EdgeMode; via: EdgeVia; kind: EdgeKind; file: string; line: number; column: number
    condition?: string; label?: string; actions?: string[]; operation?: string
  }>
}

export function graphToJson(graph: ArchitectureGraph): GraphJson {
  return {
    version: 1,
    nodes: [...graph.nodes.values()].map((node) => ({
      id: node.id,
      type: node.type,
      kind: node.kind,
      file: node.location.file,
      line: node.location.line,
      column: node.location.column,
      ...(node.createdBy ? { createdBy: node.createdBy } : {}),
    })),
    edges: graph.edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      mode: edge.mode,
      via: edge.via,
      kind: edge.kind,
      file: edge.location.file,
      line: edge.location.line,
      column: edge.location.column,
      ...(edge.condition ? { condition: edge.condition } : {}),
      ...(edge.label ? { label: edge.label } : {}),
      ...(edge.actions ? { actions: edge.actions } : {}),
      ...(edge.operation ? { operation: edge.operation } : {}),
    })),
  }
}
