/**
 * The Mermaid diagram of the graph (src/graph/render/mermaid.ts) with findings marked on the
 * nodes: a class per worst severity (border width and dash differ, so it reads without colour)
 * and the count in the node's label.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import { diagramOf } from '../graph/render/diagram.js'
import { graphToMermaid } from '../graph/render/mermaid.js'
import type { Severity } from '../lint/types.js'
import type { ReviewNodeMarker } from './types.js'

const CLASS_DEFS: Record<Severity, string> = {
  error: 'classDef lwError fill:#fde2e1,stroke:#b42318,stroke-width:4px',
  warning: 'classDef lwWarning fill:#fff4d6,stroke:#9a6700,stroke-width:3px,stroke-dasharray:6 3',
  info: 'classDef lwInfo fill:#e8f1fb,stroke:#1f5f99,stroke-width:2px,stroke-dasharray:2 2',
}

const CLASS_NAME: Record<Severity, string> = { error: 'lwError', warning: 'lwWarning', info: 'lwInfo' }

const SEVERITY_WORD: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['note', 'notes'] }

// Must match graphToMermaid's ids: the same words Mermaid reserves, the same fallback.
const RESERVED = new Set(['end', 'graph', 'subgraph', 'flowchart', 'style', 'class', 'classdef', 'click', 'linkstyle', 'default', 'call', 'href', 'interpolate'])

export function mermaidWithMarkers(graph: ArchitectureGraph, markers: ReadonlyMap<string, ReviewNodeMarker>): string {
  const diagram = graphToMermaid(graph)
  if (markers.size === 0) return diagram
  const { nodes } = diagramOf(graph)
  const ids = new Map(nodes.map((node, index) => [node.id, mermaidIdOf(node.id, node.logicalId, index)]))
  const lines = diagram.trimEnd().split('\n')
  const classes: Record<Severity, string[]> = { error: [], warning: [], info: [] }
  for (const [nodeId, marker] of markers) {
    const id = ids.get(nodeId)
    if (id === undefined) continue
    const index = lines.findIndex((line) => line.startsWith(`  ${id}`) && /^[^A-Za-z0-9_]/.test(line.slice(id.length + 2)) && !/^ -/.test(line.slice(id.length + 2)))
    if (index < 0) continue
    const [one, many] = SEVERITY_WORD[marker.severity]
    // The count goes into the small second line of the label: "Lambda function · 2 warnings".
    lines[index] = lines[index]!.replace('</small>', ` · ${marker.count} ${marker.count === 1 ? one : many}</small>`)
    classes[marker.severity].push(id)
  }
  const severities = (['error', 'warning', 'info'] as const).filter((severity) => classes[severity].length > 0)
  return [...lines, ...severities.flatMap((severity) => [`  ${CLASS_DEFS[severity]}`, `  class ${classes[severity].join(',')} ${CLASS_NAME[severity]}`])].join('\n') + '\n'
}

function mermaidIdOf(id: string, logicalId: string, index: number): string {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(id) && !RESERVED.has(id.toLowerCase()) ? id : `n${index}_${logicalId.replace(/[^A-Za-z0-9_]/g, '_')}`
}
