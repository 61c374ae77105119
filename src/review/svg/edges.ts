/**
 * Which connections the architecture diagram draws, and how: dash pattern by mode (sync solid,
 * async dashed, poll dotted), colour, width and arrowhead by kind, so every distinction survives
 * grey print (failure paths also carry the words "on failure" and a hollow arrowhead).
 */
import type { ArchitectureGraph } from '../../graph/graph.js'
import type { EdgeKind, EdgeMode } from '../../graph/types.js'
import { compareText } from './order.js'
import { escapeXml, num } from './xml.js'
import type { Point } from './layout.js'

export interface DrawnEdge {
  from: string
  to: string
  mode: EdgeMode
  kind: EdgeKind
  /** Route, schedule or state names of trigger edges; "on failure" for failure paths; else empty. */
  label: string
}

export interface EdgeStyle { stroke: string; width: number; marker: string }

export const DASH_BY_MODE: Record<EdgeMode, string | undefined> = { sync: undefined, async: '7 4', poll: '2 3' }

export const STYLE_BY_KIND: Record<EdgeKind, EdgeStyle> = {
  trigger: { stroke: '#37474f', width: 1.6, marker: 'lw-arrow-trigger' },
  'may-call': { stroke: '#78909c', width: 1.1, marker: 'lw-arrow-may-call' },
  failure: { stroke: '#c62828', width: 1.6, marker: 'lw-arrow-failure' },
  network: { stroke: '#90a4ae', width: 1, marker: 'lw-arrow-network' },
}

/**
 * One edge per (from, to, mode, kind), in a stable order. A may-call edge alongside a trigger or
 * failure edge between the same two nodes is left out: it is the permission that edge needs
 * (a state machine's `lambda:InvokeFunction`, a function's `sqs:SendMessage` to its DLQ), and
 * drawing both doubles the lines without saying anything new.
 */
export function drawnEdges(graph: ArchitectureGraph): DrawnEdge[] {
  const merged = new Map<string, DrawnEdge & { labels: Set<string> }>()
  const covered = new Set<string>()
  for (const edge of graph.edges) {
    if (!graph.nodes.has(edge.from) || !graph.nodes.has(edge.to)) continue
    const key = JSON.stringify([edge.from, edge.to, edge.mode, edge.kind])
    const entry = merged.get(key) ?? { from: edge.from, to: edge.to, mode: edge.mode, kind: edge.kind, label: '', labels: new Set<string>() }
    if (edge.kind === 'trigger' && edge.label) entry.labels.add(edge.label)
    if (edge.kind === 'failure') entry.labels.add('on failure')
    merged.set(key, entry)
    if (edge.kind === 'trigger' || edge.kind === 'failure') covered.add(JSON.stringify([edge.from, edge.to]))
  }
  return [...merged.values()]
    .filter((edge) => edge.kind !== 'may-call' || !covered.has(JSON.stringify([edge.from, edge.to])))
    .map(({ labels, ...edge }) => ({ ...edge, label: [...labels].sort(compareText).join(', ') }))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.kind, b.kind) || compareText(a.mode, b.mode))
}

/** Arrowheads, one per edge kind (SVG markers do not inherit the line's colour in SVG 1.1). */
export function arrowDefs(): string {
  return (Object.keys(STYLE_BY_KIND) as EdgeKind[]).map((kind) => {
    const style = STYLE_BY_KIND[kind]
    // Failure paths end in a hollow head: the difference still shows in grey print.
    const fill = kind === 'failure' ? '#ffffff' : style.stroke
    return `<marker id="${style.marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M1,1 L9,5 L1,9 Z" fill="${fill}" stroke="${style.stroke}" stroke-width="1.2" stroke-linejoin="round"/></marker>`
  }).join('')
}

/** Stroke attributes for an edge line (also used by the legend's samples). */
export function strokeAttributes(mode: EdgeMode, kind: EdgeKind): string {
  const style = STYLE_BY_KIND[kind]
  const dash = DASH_BY_MODE[mode]
  return `fill="none" stroke="${style.stroke}" stroke-width="${num(style.width)}"${dash ? ` stroke-dasharray="${dash}"` : ''}`
}

/**
 * A smooth path through dagre's route: straight from the first point, a quadratic curve around
 * every bend, straight into the last point, so the arrowhead points along the final segment.
 */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return ''
  const [first, ...rest] = points
  let d = `M${num(first!.x)},${num(first!.y)}`
  for (let index = 0; index < rest.length - 1; index++) {
    const bend = rest[index]!
    const next = rest[index + 1]!
    d += ` Q${num(bend.x)},${num(bend.y)} ${num((bend.x + next.x) / 2)},${num((bend.y + next.y) / 2)}`
  }
  const last = rest[rest.length - 1]
  if (last) d += ` L${num(last.x)},${num(last.y)}`
  return d
}

export function renderEdge(edge: DrawnEdge, points: readonly Point[]): string {
  const style = STYLE_BY_KIND[edge.kind]
  return `<g class="edge" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" data-mode="${edge.mode}" data-kind="${edge.kind}">` +
    `<path d="${edgePath(points)}" ${strokeAttributes(edge.mode, edge.kind)} marker-end="url(#${style.marker})"/></g>`
}

export const EDGE_LABEL_FONT = 10
export const EDGE_LABEL_MAX_CHARS = 24
