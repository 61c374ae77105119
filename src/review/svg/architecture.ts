/**
 * The architecture as a standalone, deterministic SVG for the review report: laid out left to
 * right with dagre (entry points first, data stores last), a `<g class="node" data-id="…">` for
 * every graph node, edges styled by mode and kind, finding badges, and a legend.
 *
 * Everything is inline and uses presentation attributes only: no <style> element (inside an
 * HTML page its rules would apply to the whole page), no fonts, images or scripts.
 */
import type { ArchitectureGraph } from '../../graph/graph.js'
import { KIND_LABEL } from '../../graph/render/diagram.js'
import type { GraphNode, NodeKind } from '../../graph/types.js'
import { badgeElements, SEVERITY_STYLE, type NodeMarker } from './badge.js'
import { arrowDefs, drawnEdges, EDGE_LABEL_FONT, EDGE_LABEL_MAX_CHARS, renderEdge, type DrawnEdge } from './edges.js'
import { layoutGraph, type PlacedNode, type Point } from './layout.js'
import { renderLegend } from './legend.js'
import { compareText } from './order.js'
import { kindStyle, shapeElements, type KindStyle } from './shapes.js'
import { escapeXml, FONT_FAMILY, num, textWidth, truncate } from './xml.js'

export type { NodeMarker } from './badge.js'

export interface ArchitectureSvgOptions {
  /** Finding badges by node id; ids not in the graph are ignored. */
  markers?: ReadonlyMap<string, NodeMarker>
}

const MARGIN = 16
const NODE_HEIGHT = 46
const NODE_MIN_WIDTH = 110
const NODE_MAX_WIDTH = 204
const NAME_FONT = 12
const KIND_FONT = 10
/** Characters of a name that fit the widest node; longer names are cut (the full id is in the tooltip). */
const NAME_MAX_CHARS = Math.floor((NODE_MAX_WIDTH - 28) / (NAME_FONT * 0.6))
const SECTION_GAP = 28

/** Plumbing that only clutters the flow unless something points at it (as in the Mermaid diagram). */
const SIDE_KINDS: ReadonlySet<NodeKind> = new Set(['role', 'policy', 'permission', 'log-group', 'event-source-mapping', 'subscription', 'connector', 'other', 'alarm'])
/** Where traffic can enter from outside when nothing in the template feeds it (as in src/cost/propagate.ts). */
const MAYBE_ENTRY_KINDS: ReadonlySet<NodeKind> = new Set(['topic', 'event-bus', 'queue', 'stream', 'rule'])
const STORE_KINDS: ReadonlySet<NodeKind> = new Set(['table', 'bucket', 'database', 'cache'])
/** Shapes whose ends are pointed or slanted get extra room so the text stays inside. */
const EXTRA_WIDTH: Partial<Record<KindStyle['shape'], number>> = { queue: 18, hexagon: 20, flag: 14, parallelogram: 18 }

export function renderArchitectureSvg(graph: ArchitectureGraph, options: ArchitectureSvgOptions = {}): string {
  const markers = options.markers ?? new Map<string, NodeMarker>()
  const nodes = [...graph.nodes.values()].sort((a, b) => compareText(a.id, b.id))
  const edges = drawnEdges(graph)
  const connected = new Set(edges.flatMap((edge) => [edge.from, edge.to]))
  const flowNodes = nodes.filter((node) => connected.has(node.id) || !SIDE_KINDS.has(node.kind))
  const sideNodes = nodes.filter((node) => !connected.has(node.id) && SIDE_KINDS.has(node.kind))
    .sort((a, b) => compareText(a.kind, b.kind) || compareText(a.id, b.id))

  const layout = layoutGraph(
    flowNodes.map((node) => ({ id: node.id, width: nodeWidth(node), height: NODE_HEIGHT, entry: isEntryPoint(graph, node), store: STORE_KINDS.has(node.kind) })),
    edges.map((edge) => {
      const label = edgeLabel(edge)
      return { from: edge.from, to: edge.to, labelWidth: label ? textWidth(label, EDGE_LABEL_FONT) + 8 : 0, labelHeight: label ? 14 : 0 }
    }),
    MARGIN,
  )

  const body: string[] = []
  body.push(`<g class="edges">${edges.map((edge, index) => renderEdge(edge, layout.edges[index]?.points ?? [])).join('')}</g>`)
  body.push(`<g class="edge-labels">${edges.map((edge, index) => renderEdgeLabel(edge, layout.edges[index]?.label)).join('')}</g>`)
  body.push(`<g class="nodes">${flowNodes.map((node) => renderNode(node, layout.nodes.get(node.id)!, markers.get(node.id))).join('')}</g>`)

  let bottom = layout.height > 0 ? MARGIN + layout.height : MARGIN
  let width = layout.width
  if (sideNodes.length > 0) {
    const side = renderSideNodes(sideNodes, markers, bottom + (layout.height > 0 ? SECTION_GAP : 0), Math.max(width, 560))
    body.push(side.svg)
    bottom = side.bottom
    width = Math.max(width, side.width)
  }
  if (nodes.length === 0) {
    body.push(`<text x="${MARGIN}" y="${MARGIN + 14}" font-size="12" fill="#4a5058">No resources in the templates.</text>`)
    bottom = MARGIN + 20
    width = Math.max(width, 200)
  }
  const legend = renderLegend({
    groups: new Set(nodes.map((node) => kindStyle(node.kind))),
    edges,
    withMarkers: nodes.some((node) => markers.has(node.id)),
  }, MARGIN, bottom + SECTION_GAP, Math.max(width, 560))
  body.push(legend.svg)
  width = Math.max(width, legend.width)
  const totalWidth = width + 2 * MARGIN
  const totalHeight = bottom + SECTION_GAP + legend.height + MARGIN
  const title = `Architecture: ${nodes.length} resource${nodes.length === 1 ? '' : 's'}, ${edges.length} connection${edges.length === 1 ? '' : 's'}`
  return `<svg xmlns="http://www.w3.org/2000/svg" class="lambdawise-architecture" role="img" width="${num(totalWidth)}" height="${num(totalHeight)}" viewBox="0 0 ${num(totalWidth)} ${num(totalHeight)}" font-family="${FONT_FAMILY}">` +
    `<title>${escapeXml(title)}</title><defs>${arrowDefs()}</defs>` +
    `<rect x="0" y="0" width="${num(totalWidth)}" height="${num(totalHeight)}" fill="#ffffff"/>` +
    body.join('') + '</svg>\n'
}

/** An entry point: APIs and schedules always; topics, buses, queues, streams and rules that nothing in the template feeds. */
function isEntryPoint(graph: ArchitectureGraph, node: GraphNode): boolean {
  if (node.kind === 'api' || node.kind === 'schedule') return true
  if (!MAYBE_ENTRY_KINDS.has(node.kind)) return false
  // A DLQ receives failures and a queue a function sends to is fed from inside: neither is an entry.
  return !graph.incoming(node.id).some((edge) => edge.kind === 'trigger' || edge.kind === 'failure' || (edge.kind === 'may-call' && edge.mode === 'async'))
}

function kindText(node: GraphNode): string {
  const kind = KIND_LABEL[node.kind] ?? node.kind
  // In a multi-template graph ids are `<file>#<logicalId>`: the file tells same-named resources apart.
  const hash = node.id.lastIndexOf('#')
  return node.id !== node.logicalId && hash > 0 ? `${kind} · ${node.id.slice(0, hash)}` : kind
}

function nodeWidth(node: GraphNode): number {
  const name = truncate(node.logicalId, NAME_MAX_CHARS)
  const text = Math.max(textWidth(name, NAME_FONT), textWidth(kindText(node), KIND_FONT))
  return Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, text + 24 + (EXTRA_WIDTH[kindStyle(node.kind).shape] ?? 0)))
}

function renderNode(node: GraphNode, box: PlacedNode, marker: NodeMarker | undefined): string {
  const style = kindStyle(node.kind)
  const extra = EXTRA_WIDTH[style.shape] ?? 0
  // Queues draw their bars on the right, so their text sits left of centre; the other shapes are symmetric.
  const centre = box.x + (style.shape === 'queue' ? (box.width - extra) / 2 + 4 : box.width / 2)
  const textRoom = Math.floor((box.width - 20 - extra) / (KIND_FONT * 0.6))
  const tooltip = [
    node.id,
    `${KIND_LABEL[node.kind] ?? node.kind} (${node.type})`,
    `${node.location.file}:${node.location.line}`,
    ...(marker ? [`${marker.count} finding${marker.count === 1 ? '' : 's'}, most severe: ${SEVERITY_STYLE[marker.severity].word}`] : []),
  ].join('\n')
  const parts = [
    `<g class="node" data-id="${escapeXml(node.id)}" data-kind="${node.kind}">`,
    `<title>${escapeXml(tooltip)}</title>`,
    shapeElements(style, box.x, box.y, box.width, box.height),
    `<text x="${num(centre)}" y="${num(box.y + 20)}" text-anchor="middle" font-size="${NAME_FONT}" font-weight="600" fill="#1f2328">${escapeXml(truncate(node.logicalId, NAME_MAX_CHARS))}</text>`,
    `<text x="${num(centre)}" y="${num(box.y + 35)}" text-anchor="middle" font-size="${KIND_FONT}" fill="#4a5058">${escapeXml(truncate(kindText(node), Math.max(8, textRoom)))}</text>`,
  ]
  if (marker) {
    const sample = badgeElements(marker, 0, 0)
    parts.push(badgeElements(marker, box.x + box.width - sample.width + 6, box.y - sample.height / 2 - 2).svg)
  }
  parts.push('</g>')
  return parts.join('')
}

function edgeLabel(edge: DrawnEdge): string {
  const base = edge.mode === 'poll' && edge.kind === 'trigger' ? (edge.label ? `poll: ${edge.label}` : '') : edge.label
  return truncate(base, EDGE_LABEL_MAX_CHARS)
}

function renderEdgeLabel(edge: DrawnEdge, at: Point | undefined): string {
  const label = edgeLabel(edge)
  if (!label || !at) return ''
  const width = textWidth(label, EDGE_LABEL_FONT) + 8
  const colour = edge.kind === 'failure' ? '#b71c1c' : '#37474f'
  return `<g class="edge-label"><rect x="${num(at.x - width / 2)}" y="${num(at.y - 7)}" width="${num(width)}" height="14" rx="3" fill="#ffffff" fill-opacity="0.9"/>` +
    `<text x="${num(at.x)}" y="${num(at.y + 3.5)}" text-anchor="middle" font-size="${EDGE_LABEL_FONT}" fill="${colour}">${escapeXml(label)}</text></g>`
}

/** Unconnected plumbing (log groups, policies, …): still one node each, in a grid under the flow. */
function renderSideNodes(nodes: readonly GraphNode[], markers: ReadonlyMap<string, NodeMarker>, top: number, maxWidth: number): { svg: string; bottom: number; width: number } {
  const cellWidth = Math.max(...nodes.map(nodeWidth))
  const gap = 12
  const columns = Math.max(1, Math.floor((maxWidth + gap) / (cellWidth + gap)))
  const heading = `<text x="${MARGIN}" y="${num(top + 11)}" font-size="11" font-weight="600" fill="#4a5058">Not connected to the flow</text>`
  const gridTop = top + 22
  const cells = nodes.map((node, index) => {
    const box = { x: MARGIN + (index % columns) * (cellWidth + gap), y: gridTop + Math.floor(index / columns) * (NODE_HEIGHT + gap), width: cellWidth, height: NODE_HEIGHT }
    return renderNode(node, box, markers.get(node.id))
  })
  const rows = Math.ceil(nodes.length / columns)
  const usedColumns = Math.min(columns, nodes.length)
  return {
    svg: `<g class="side-nodes">${heading}${cells.join('')}</g>`,
    bottom: gridTop + rows * NODE_HEIGHT + (rows - 1) * gap,
    width: usedColumns * cellWidth + (usedColumns - 1) * gap,
  }
}
