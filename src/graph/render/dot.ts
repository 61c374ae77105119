import type { ArchitectureGraph } from '../graph.js'
import type { NodeKind } from '../types.js'
import { diagramOf, KIND_LABEL } from './diagram.js'

const DOT_SHAPES: Partial<Record<NodeKind, string>> = {
  function: 'box', api: 'house', queue: 'cds', topic: 'hexagon', 'event-bus': 'hexagon', rule: 'invhouse', schedule: 'invhouse',
  'state-machine': 'component', table: 'cylinder', bucket: 'folder', database: 'cylinder', cache: 'cylinder',
}

/** Graphviz DOT: `dot -Tsvg`. Same conventions as the Mermaid output. */
export function graphToDot(graph: ArchitectureGraph): string {
  const { nodes, edges } = diagramOf(graph)
  const lines = ['digraph architecture {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11, style=rounded];', '  edge [fontname="Helvetica", fontsize=9];']
  for (const node of nodes) {
    lines.push(`  ${quote(node.id)} [label=${quote(`${node.logicalId}\n${KIND_LABEL[node.kind] ?? node.kind}`)}, shape=${DOT_SHAPES[node.kind] ?? 'box'}];`)
  }
  for (const edge of edges) {
    const style = edge.mode === 'sync' ? 'solid' : edge.mode === 'async' ? 'dashed' : 'dotted'
    const color = edge.kind === 'failure' ? ', color="#c0392b"' : edge.kind === 'network' ? ', color="#95a5a6"' : ''
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.mode === 'poll' ? `poll ${edge.label}`.trim() : edge.label)}, style=${style}${color}];`)
  }
  lines.push('}')
  return lines.join('\n') + '\n'
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}
