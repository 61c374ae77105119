/**
 * Finding badges on nodes. Severity shows three ways, so it reads in grey print and without
 * colour vision: a letter (E, W, I), a fill (solid dark, solid light, outline only) and a shape
 * (pill, square corners, slightly rounded).
 */
import { escapeXml, num, textWidth } from './xml.js'

export interface NodeMarker {
  severity: 'error' | 'warning' | 'info'
  /** Findings on the node; `severity` is the most severe of them. */
  count: number
}

type Severity = NodeMarker['severity']

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info']

export const SEVERITY_STYLE: Record<Severity, { letter: string; word: string; fill: string; stroke: string; text: string; shape: 'pill' | 'square' | 'rounded' }> = {
  error: { letter: 'E', word: 'error', fill: '#b71c1c', stroke: '#b71c1c', text: '#ffffff', shape: 'pill' },
  warning: { letter: 'W', word: 'warning', fill: '#ffc107', stroke: '#6d4c00', text: '#1f2328', shape: 'square' },
  info: { letter: 'I', word: 'info', fill: '#ffffff', stroke: '#1565c0', text: '#0d47a1', shape: 'rounded' },
}

const HEIGHT = 16
const FONT_SIZE = 10

/** A badge with its top-left at (x, y). */
export function badgeElements(marker: NodeMarker, x: number, y: number): { svg: string; width: number; height: number } {
  const style = SEVERITY_STYLE[marker.severity]
  const count = Number.isFinite(marker.count) ? Math.max(0, Math.floor(marker.count)) : 0
  const text = `${style.letter}${count > 99 ? '99+' : String(count)}`
  const width = Math.max(HEIGHT, textWidth(text, FONT_SIZE) + 8)
  const rx = style.shape === 'pill' ? HEIGHT / 2 : style.shape === 'rounded' ? 3 : 0
  const svg = `<g class="marker" data-severity="${marker.severity}" data-count="${count}">` +
    `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${HEIGHT}" rx="${num(rx)}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.2"/>` +
    `<text x="${num(x + width / 2)}" y="${num(y + HEIGHT / 2 + 3.5)}" text-anchor="middle" font-size="${FONT_SIZE}" font-weight="700" fill="${style.text}">${escapeXml(text)}</text></g>`
  return { svg, width, height: HEIGHT }
}
