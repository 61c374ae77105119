import type { ArchitectureGraph } from '../graph.js'
import type { GraphNode, NodeKind } from '../types.js'
import { diagramOf, KIND_LABEL } from './diagram.js'

/** Mermaid node shapes: open/close brackets per kind. */
const SHAPES: Partial<Record<NodeKind, [string, string]>> = {
  api: ['([', '])'],
  function: ['(', ')'],
  queue: ['[[', ']]'],
  topic: ['{{', '}}'],
  'event-bus': ['{{', '}}'],
  rule: ['>', ']'],
  schedule: ['>', ']'],
  'state-machine': ['[/', '/]'],
  table: ['[(', ')]'],
  bucket: ['[(', ')]'],
  database: ['[(', ')]'],
  cache: ['[(', ')]'],
}

// Words Mermaid's flowchart grammar reserves; ids equal to them (any case) break the diagram.
const RESERVED = new Set(['end', 'graph', 'subgraph', 'flowchart', 'style', 'class', 'classdef', 'click', 'linkstyle', 'default', 'call', 'href', 'interpolate'])

/**
 * A Mermaid flowchart (renders on GitHub): sync edges solid, async dashed, poll dotted and
 * labelled, failure paths red, network paths grey.
 */
export function graphToMermaid(graph: ArchitectureGraph): string {
  const { nodes, edges } = diagramOf(graph)
  const ids = new Map<string, string>()
  nodes.forEach((node, index) => ids.set(node.id, mermaidId(node, index)))
  const lines = ['flowchart LR']
  for (const node of nodes) {
    const [open, close] = SHAPES[node.kind] ?? ['[', ']']
    lines.push(`  ${ids.get(node.id)}${open}"${escape(node.logicalId)}<br/><small>${escape(KIND_LABEL[node.kind] ?? node.kind)}</small>"${close}`)
  }
  const styles: string[] = []
  edges.forEach((edge, index) => {
    const from = ids.get(edge.from)
    const to = ids.get(edge.to)
    if (!from || !to) return
    const arrow = edge.mode === 'sync' ? '-->' : '-.->'
    const label = edge.mode === 'poll' ? `poll${edge.label ? ': ' + edge.label : ''}` : edge.label
    lines.push(label ? `  ${from} ${arrow}|"${escape(label)}"| ${to}` : `  ${from} ${arrow} ${to}`)
    const style = [
      edge.mode === 'async' ? 'stroke-dasharray: 6 4' : edge.mode === 'poll' ? 'stroke-dasharray: 2 3' : '',
      edge.kind === 'failure' ? 'stroke: #c0392b' : edge.kind === 'network' ? 'stroke: #95a5a6' : '',
    ].filter(Boolean)
    if (style.length > 0) styles.push(`  linkStyle ${index} ${style.join(', ')}`)
  })
  return [...lines, ...styles].join('\n') + '\n'
}

function mermaidId(node: GraphNode, index: number): string {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(node.id) && !RESERVED.has(node.id.toLowerCase()) ? node.id : `n${index}_${node.logicalId.replace(/[^A-Za-z0-9_]/g, '_')}`
}

function escape(text: string): string {
  // `#` first: Mermaid reads `#...;` as a character code, and backticks as markdown.
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/`/g, '#96;').replace(/[\r\n]+/g, ' ')
}
