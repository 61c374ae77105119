/**
 * How each node kind looks: a fill/stroke pair (roughly the AWS architecture icon colours:
 * compute orange, API purple, integration pink, storage green) and a shape, so the kinds stay
 * apart in grey print and for colour-blind readers too.
 */
import type { NodeKind } from '../../graph/types.js'
import { num } from './xml.js'

export type ShapeName = 'stadium' | 'rounded' | 'queue' | 'hexagon' | 'flag' | 'double' | 'parallelogram' | 'cylinder' | 'dashed' | 'plain'

export interface KindStyle {
  /** Legend wording for the group. */
  group: string
  fill: string
  stroke: string
  shape: ShapeName
}

const GROUPS = {
  api: { group: 'API', fill: '#f1e8fc', stroke: '#7b3fbf', shape: 'stadium' },
  function: { group: 'Lambda function', fill: '#fff1e0', stroke: '#c25e00', shape: 'rounded' },
  queue: { group: 'queue', fill: '#fde8f1', stroke: '#b0306f', shape: 'queue' },
  pubsub: { group: 'topic / event bus', fill: '#fde8f1', stroke: '#b0306f', shape: 'hexagon' },
  rule: { group: 'rule / schedule', fill: '#fde8f1', stroke: '#b0306f', shape: 'flag' },
  stateMachine: { group: 'state machine', fill: '#e0f4f1', stroke: '#00796b', shape: 'double' },
  stream: { group: 'stream', fill: '#ede7f6', stroke: '#5e35b1', shape: 'parallelogram' },
  store: { group: 'data store', fill: '#e8f5e9', stroke: '#2e7d32', shape: 'cylinder' },
  network: { group: 'network', fill: '#eceff1', stroke: '#546e7a', shape: 'dashed' },
  other: { group: 'other', fill: '#f5f5f5', stroke: '#616161', shape: 'plain' },
} as const satisfies Record<string, KindStyle>

const STYLE_BY_KIND: Record<NodeKind, KindStyle> = {
  api: GROUPS.api,
  function: GROUPS.function,
  queue: GROUPS.queue,
  topic: GROUPS.pubsub,
  'event-bus': GROUPS.pubsub,
  rule: GROUPS.rule,
  schedule: GROUPS.rule,
  'state-machine': GROUPS.stateMachine,
  stream: GROUPS.stream,
  'delivery-stream': GROUPS.stream,
  table: GROUPS.store,
  bucket: GROUPS.store,
  database: GROUPS.store,
  cache: GROUPS.store,
  vpc: GROUPS.network,
  subnet: GROUPS.network,
  'security-group': GROUPS.network,
  'route-table': GROUPS.network,
  'nat-gateway': GROUPS.network,
  'internet-gateway': GROUPS.network,
  'vpc-endpoint': GROUPS.network,
  'log-group': GROUPS.other,
  role: GROUPS.other,
  policy: GROUPS.other,
  permission: GROUPS.other,
  'event-source-mapping': GROUPS.other,
  subscription: GROUPS.other,
  secret: GROUPS.other,
  parameter: GROUPS.other,
  key: GROUPS.other,
  connector: GROUPS.other,
  alarm: GROUPS.other,
  other: GROUPS.other,
}

export function kindStyle(kind: NodeKind): KindStyle {
  return STYLE_BY_KIND[kind]
}

/** Legend order: the way requests travel, left to right. */
export const LEGEND_GROUPS: readonly KindStyle[] = Object.values(GROUPS)

/** The SVG elements drawing `style.shape` in the box (x, y, width, height), filled and outlined. */
export function shapeElements(style: KindStyle, x: number, y: number, width: number, height: number): string {
  const paint = `fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"`
  const right = x + width
  const bottom = y + height
  const middle = y + height / 2
  const rect = (rx: number, extra = ''): string =>
    `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" rx="${num(rx)}" ${paint}${extra}/>`
  const polygon = (points: readonly (readonly [number, number])[]): string =>
    `<polygon points="${points.map(([px, py]) => `${num(px)},${num(py)}`).join(' ')}" ${paint}/>`
  switch (style.shape) {
    case 'stadium':
      return rect(height / 2)
    case 'rounded':
      return rect(8)
    case 'queue': {
      // Three bars at the right end: the usual "messages waiting in line" queue glyph.
      const bars = [14, 10, 6].map((offset) => `<line x1="${num(right - offset)}" y1="${num(y + 4)}" x2="${num(right - offset)}" y2="${num(bottom - 4)}" stroke="${style.stroke}" stroke-width="1.5"/>`)
      return rect(2) + bars.join('')
    }
    case 'hexagon': {
      const inset = Math.min(12, width / 6)
      return polygon([[x + inset, y], [right - inset, y], [right, middle], [right - inset, bottom], [x + inset, bottom], [x, middle]])
    }
    case 'flag': {
      const tip = Math.min(12, width / 6)
      return polygon([[x, y], [right - tip, y], [right, middle], [right - tip, bottom], [x, bottom]])
    }
    case 'double':
      return rect(6) + `<rect x="${num(x + 3)}" y="${num(y + 3)}" width="${num(width - 6)}" height="${num(height - 6)}" rx="4" fill="none" stroke="${style.stroke}" stroke-width="1"/>`
    case 'parallelogram': {
      const slant = Math.min(10, width / 8)
      return polygon([[x + slant, y], [right, y], [right - slant, bottom], [x, bottom]])
    }
    case 'cylinder': {
      // Sides plus top and bottom ellipses; the top rim is drawn again so it shows over the body.
      const ry = Math.min(6, height / 6)
      const body = `<path d="M${num(x)},${num(y + ry)} A${num(width / 2)},${num(ry)} 0 0 1 ${num(right)},${num(y + ry)} V${num(bottom - ry)} A${num(width / 2)},${num(ry)} 0 0 1 ${num(x)},${num(bottom - ry)} Z" ${paint}/>`
      const rim = `<path d="M${num(x)},${num(y + ry)} A${num(width / 2)},${num(ry)} 0 0 0 ${num(right)},${num(y + ry)}" fill="none" stroke="${style.stroke}" stroke-width="1.5"/>`
      return body + rim
    }
    case 'dashed':
      return rect(2, ' stroke-dasharray="4 3"')
    case 'plain':
      return rect(2)
  }
}
