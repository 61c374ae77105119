/** The diagram's key: node groups present, edge styles, and the finding badges when there are any. */
import type { EdgeKind, EdgeMode } from '../../graph/types.js'
import { strokeAttributes, STYLE_BY_KIND } from './edges.js'
import { badgeElements, SEVERITY_ORDER, SEVERITY_STYLE } from './badge.js'
import { LEGEND_GROUPS, shapeElements, type KindStyle } from './shapes.js'
import { escapeXml, num, textWidth } from './xml.js'

const FONT_SIZE = 11
const ROW_HEIGHT = 24
const SWATCH_WIDTH = 34
const GAP = 18

interface Item { swatchWidth: number; swatch: (x: number, y: number) => string; label: string }

export interface LegendInput {
  groups: ReadonlySet<KindStyle>
  edges: readonly { mode: EdgeMode; kind: EdgeKind }[]
  withMarkers: boolean
}

/** Legend rows wrapped to `maxWidth`, drawn from (x, y); returns the markup and its height. */
export function renderLegend(input: LegendInput, x: number, y: number, maxWidth: number): { svg: string; width: number; height: number } {
  const items = legendItems(input)
  const parts: string[] = []
  let cursorX = 0
  let row = 0
  let widest = 0
  for (const item of items) {
    const width = item.swatchWidth + 6 + textWidth(item.label, FONT_SIZE)
    if (cursorX > 0 && cursorX + width > maxWidth) {
      row++
      cursorX = 0
    }
    const itemX = x + cursorX
    const middle = y + row * ROW_HEIGHT + ROW_HEIGHT / 2
    parts.push(`<g class="legend-item">${item.swatch(itemX, middle)}<text x="${num(itemX + item.swatchWidth + 6)}" y="${num(middle + 4)}" font-size="${FONT_SIZE}" fill="#1f2328">${escapeXml(item.label)}</text></g>`)
    cursorX += width + GAP
    widest = Math.max(widest, cursorX - GAP)
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, width: widest, height: (row + 1) * ROW_HEIGHT }
}

function legendItems(input: LegendInput): Item[] {
  const items: Item[] = []
  for (const group of LEGEND_GROUPS) {
    if (!input.groups.has(group)) continue
    items.push({ swatchWidth: SWATCH_WIDTH, label: group.group, swatch: (x, y) => shapeElements(group, x, y - 8, SWATCH_WIDTH, 16) })
  }
  const line = (mode: EdgeMode, kind: EdgeKind) => (x: number, y: number): string =>
    `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + SWATCH_WIDTH)}" y2="${num(y)}" ${strokeAttributes(mode, kind)} marker-end="url(#${STYLE_BY_KIND[kind].marker})"/>`
  // Modes are always explained: they are what the review talks about (timeouts, retries, batching).
  items.push({ swatchWidth: SWATCH_WIDTH, label: 'sync: caller waits', swatch: line('sync', 'trigger') })
  items.push({ swatchWidth: SWATCH_WIDTH, label: 'async: fire and forget', swatch: line('async', 'trigger') })
  items.push({ swatchWidth: SWATCH_WIDTH, label: 'poll: Lambda polls the source', swatch: line('poll', 'trigger') })
  const kinds = new Set(input.edges.map((edge) => edge.kind))
  if (kinds.has('may-call')) items.push({ swatchWidth: SWATCH_WIDTH, label: 'may call (IAM or configuration)', swatch: line('sync', 'may-call') })
  if (kinds.has('failure')) items.push({ swatchWidth: SWATCH_WIDTH, label: 'on failure (DLQ, destination)', swatch: line('async', 'failure') })
  if (kinds.has('network')) items.push({ swatchWidth: SWATCH_WIDTH, label: 'network path', swatch: line('sync', 'network') })
  if (input.withMarkers) {
    for (const severity of SEVERITY_ORDER) {
      const sample = badgeElements({ severity, count: 1 }, 0, 0)
      items.push({ swatchWidth: sample.width, label: `${SEVERITY_STYLE[severity].word} findings`, swatch: (x, y) => badgeElements({ severity, count: 1 }, x, y - sample.height / 2).svg })
    }
  }
  return items
}
