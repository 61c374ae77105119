/**
 * Monthly cost against traffic as a deterministic inline SVG line chart, both axes on a log
 * scale in steps of ten (the estimate's scaling steps are ×1, ×10, ×100, ×1000). Series differ
 * by dash pattern and point shape as well as colour, so the chart reads in grey print.
 *
 * A log scale has no zero: values of $0 (or missing) are left out of their line, and the chart
 * says so, rather than being drawn as a made-up small number.
 */
import { escapeXml, FONT_FAMILY, num, textWidth } from './xml.js'

export interface CostPoint {
  entryRequests: number
  totalMonthly: number
  lambdaMonthly?: number
  containerMonthly?: number
}

export interface CostChartOptions {
  /** Entry requests a month above which the container comparison becomes cheaper than Lambda. */
  breakEvenEntryRequests?: number
}

type SeriesName = 'total' | 'lambda' | 'container'

interface Series {
  name: SeriesName
  label: string
  stroke: string
  width: number
  dash?: string
  value: (point: CostPoint) => number | undefined
  marker: (x: number, y: number, stroke: string) => string
}

const SERIES: readonly Series[] = [
  { name: 'total', label: 'total', stroke: '#1f2328', width: 2.5, value: (point) => point.totalMonthly, marker: (x, y, stroke) => `<circle cx="${num(x)}" cy="${num(y)}" r="3.5" fill="${stroke}"/>` },
  { name: 'lambda', label: 'Lambda', stroke: '#1565c0', width: 2, dash: '9 4', value: (point) => point.lambdaMonthly, marker: (x, y, stroke) => `<rect x="${num(x - 3.5)}" y="${num(y - 3.5)}" width="7" height="7" fill="#ffffff" stroke="${stroke}" stroke-width="1.5"/>` },
  { name: 'container', label: 'container (Fargate)', stroke: '#d84315', width: 2, dash: '3 3', value: (point) => point.containerMonthly, marker: (x, y, stroke) => `<polygon points="${num(x)},${num(y - 4.5)} ${num(x + 4.5)},${num(y + 3.5)} ${num(x - 4.5)},${num(y + 3.5)}" fill="#ffffff" stroke="${stroke}" stroke-width="1.5"/>` },
]

const WIDTH = 640
const PLOT = { left: 78, right: 600, top: 22, bottom: 262 }
const HEIGHT = 352
const BREAK_EVEN_STROKE = '#6a1b9a'

export function renderCostChartSvg(points: readonly CostPoint[], options: CostChartOptions = {}): string {
  const sorted = points.filter((point) => point.entryRequests > 0 && Number.isFinite(point.entryRequests)).sort((a, b) => a.entryRequests - b.entryRequests)
  const drawn = SERIES.filter((series) => sorted.some((point) => isPositive(series.value(point))))
  const costs = sorted.flatMap((point) => drawn.map((series) => series.value(point))).filter(isPositive)
  const breakEven = isPositive(options.breakEvenEntryRequests) ? options.breakEvenEntryRequests : undefined
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="lambdawise-cost-chart" role="img" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT_FAMILY}">`
  if (sorted.length === 0 || costs.length === 0) {
    return `${open}<title>Monthly cost against traffic: no data</title><rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>` +
      `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" font-size="13" fill="#4a5058">No cost above $0 at any traffic level to chart.</text></svg>\n`
  }
  const x = logScale(decades([...sorted.map((point) => point.entryRequests), ...(breakEven ? [breakEven] : [])]), PLOT.left, PLOT.right)
  const y = logScale(decades(costs), PLOT.bottom, PLOT.top)
  const skipped = sorted.some((point) => drawn.some((series) => !isPositive(series.value(point))))

  const parts: string[] = [open, `<title>${escapeXml(chartTitle(sorted, breakEven))}</title>`, `<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`]
  parts.push(axes(x, y))
  if (breakEven) parts.push(breakEvenMarker(x.at(breakEven), breakEven))
  for (const series of drawn) parts.push(renderSeries(series, sorted, x.at, y.at))
  parts.push(legend(drawn, breakEven !== undefined))
  if (skipped) parts.push(`<text x="${PLOT.right}" y="${HEIGHT - 8}" text-anchor="end" font-size="10" fill="#4a5058">$0 or unknown values are not shown (a log scale has no zero).</text>`)
  parts.push('</svg>\n')
  return parts.join('')
}

function isPositive(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0
}

interface Scale { from: number; to: number; step: number; at: (value: number) => number }

/** Whole powers of ten around the values: at least one decade wide, ticks at most ten apart. */
function decades(values: readonly number[]): { from: number; to: number; step: number } {
  let low = Infinity
  let high = -Infinity
  for (const value of values) {
    low = Math.min(low, Math.floor(Math.log10(value)))
    high = Math.max(high, Math.ceil(Math.log10(value)))
  }
  if (high <= low) high = low + 1
  const step = Math.max(1, Math.ceil((high - low) / 8))
  // The top of the axis is a tick too: widen the range to a whole number of steps.
  return { from: low, to: low + Math.ceil((high - low) / step) * step, step }
}

function logScale(domain: { from: number; to: number; step: number }, start: number, end: number): Scale {
  const span = domain.to - domain.from
  return { ...domain, at: (value) => start + ((Math.log10(value) - domain.from) / span) * (end - start) }
}

/** Tick exponents from the lowest to the highest power of ten, increasing. */
export function tickExponents(scale: { from: number; to: number; step: number }): number[] {
  const ticks: number[] = []
  for (let exponent = scale.from; exponent <= scale.to; exponent += scale.step) ticks.push(exponent)
  return ticks
}

const SUFFIXES: readonly [number, string][] = [[12, 'T'], [9, 'B'], [6, 'M'], [3, 'k'], [0, '']]

/** 10^exponent written out exactly: 1, 10, 100, 1k, …, 1M; below one: 0.1, 0.01. */
function powerLabel(exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}1`
  const [base, suffix] = SUFFIXES.find(([power]) => exponent >= power)!
  return `1${'0'.repeat(exponent - base)}${suffix}`
}

/** A count with at most three significant digits and a k/M/B suffix (1.2M), the same everywhere. */
export function compactCount(value: number): string {
  // Round first, so 999,999.9 becomes 1M rather than 1000k.
  const rounded = Number(value.toPrecision(3))
  const found = SUFFIXES.find(([power]) => power > 0 && rounded >= 10 ** power)
  if (!found) return String(Math.round(value))
  return `${Number((rounded / 10 ** found[0]).toPrecision(3))}${found[1]}`
}

function axes(x: Scale, y: Scale): string {
  const parts: string[] = ['<g class="axes">']
  for (const exponent of tickExponents(x)) {
    const at = x.at(10 ** exponent)
    parts.push(`<g class="tick-x" data-value="${escapeXml(String(10 ** exponent))}"><line x1="${num(at)}" y1="${PLOT.top}" x2="${num(at)}" y2="${PLOT.bottom}" stroke="#e3e6ea"/>` +
      `<line x1="${num(at)}" y1="${PLOT.bottom}" x2="${num(at)}" y2="${PLOT.bottom + 5}" stroke="#4a5058"/>` +
      `<text x="${num(at)}" y="${PLOT.bottom + 18}" text-anchor="middle" font-size="11" fill="#1f2328">${powerLabel(exponent)}</text></g>`)
  }
  for (const exponent of tickExponents(y)) {
    const at = y.at(10 ** exponent)
    parts.push(`<g class="tick-y" data-value="${escapeXml(String(10 ** exponent))}"><line x1="${PLOT.left}" y1="${num(at)}" x2="${PLOT.right}" y2="${num(at)}" stroke="#e3e6ea"/>` +
      `<line x1="${PLOT.left - 5}" y1="${num(at)}" x2="${PLOT.left}" y2="${num(at)}" stroke="#4a5058"/>` +
      `<text x="${PLOT.left - 8}" y="${num(at + 4)}" text-anchor="end" font-size="11" fill="#1f2328">$${powerLabel(exponent)}</text></g>`)
  }
  parts.push(`<path d="M${PLOT.left},${PLOT.top} V${PLOT.bottom} H${PLOT.right}" fill="none" stroke="#4a5058" stroke-width="1.2"/>`)
  parts.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 38}" text-anchor="middle" font-size="12" fill="#1f2328">entry requests / month (log scale)</text>`)
  const middle = (PLOT.top + PLOT.bottom) / 2
  parts.push(`<text x="18" y="${middle}" transform="rotate(-90 18 ${middle})" text-anchor="middle" font-size="12" fill="#1f2328">USD / month (log scale)</text>`)
  parts.push('</g>')
  return parts.join('')
}

function renderSeries(series: Series, points: readonly CostPoint[], xAt: (value: number) => number, yAt: (value: number) => number): string {
  // A missing or $0 point ends the line; the next drawable point starts a new piece.
  const pieces: string[] = []
  const markers: string[] = []
  let piece: string[] = []
  for (const point of points) {
    const value = series.value(point)
    if (!isPositive(value)) {
      if (piece.length > 0) pieces.push(piece.join(' '))
      piece = []
      continue
    }
    const px = xAt(point.entryRequests)
    const py = yAt(value)
    piece.push(`${piece.length === 0 ? 'M' : 'L'}${num(px)},${num(py)}`)
    markers.push(`<g class="point"><title>${escapeXml(`${series.label}: ${formatUsd(value)} a month at ${compactCount(point.entryRequests)} entry requests`)}</title>${series.marker(px, py, series.stroke)}</g>`)
  }
  if (piece.length > 0) pieces.push(piece.join(' '))
  const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : ''
  return `<g class="series" data-series="${series.name}"><path d="${pieces.join(' ')}" fill="none" stroke="${series.stroke}" stroke-width="${num(series.width)}"${dash} stroke-linejoin="round"/>${markers.join('')}</g>`
}

function breakEvenMarker(at: number, entryRequests: number): string {
  const label = `break-even ≈ ${compactCount(entryRequests)} / month`
  // Keep the label inside the plot: right of the line, or left of it near the right edge.
  const right = at + 6 + textWidth(label, 11) <= PLOT.right
  return `<g class="break-even" data-entry-requests="${escapeXml(String(entryRequests))}"><line x1="${num(at)}" y1="${PLOT.top}" x2="${num(at)}" y2="${PLOT.bottom}" stroke="${BREAK_EVEN_STROKE}" stroke-width="1.5" stroke-dasharray="6 2 1 2"/>` +
    `<text x="${num(right ? at + 6 : at - 6)}" y="${PLOT.top + 12}" text-anchor="${right ? 'start' : 'end'}" font-size="11" fill="${BREAK_EVEN_STROKE}">${escapeXml(label)}</text></g>`
}

function legend(drawn: readonly Series[], withBreakEven: boolean): string {
  const y = PLOT.bottom + 62
  const parts: string[] = ['<g class="legend">']
  let x = PLOT.left
  for (const series of drawn) {
    const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : ''
    parts.push(`<line x1="${num(x)}" y1="${y}" x2="${num(x + 32)}" y2="${y}" stroke="${series.stroke}" stroke-width="${num(series.width)}"${dash}/>${series.marker(x + 16, y, series.stroke)}` +
      `<text x="${num(x + 38)}" y="${y + 4}" font-size="11" fill="#1f2328">${escapeXml(series.label)}</text>`)
    x += 38 + textWidth(series.label, 11) + 22
  }
  if (withBreakEven) {
    parts.push(`<line x1="${num(x + 16)}" y1="${y - 8}" x2="${num(x + 16)}" y2="${y + 8}" stroke="${BREAK_EVEN_STROKE}" stroke-width="1.5" stroke-dasharray="6 2 1 2"/>` +
      `<text x="${num(x + 38)}" y="${y + 4}" font-size="11" fill="#1f2328">break-even</text>`)
  }
  parts.push('</g>')
  return parts.join('')
}

function formatUsd(value: number): string {
  if (value >= 1000) return `$${compactCount(value)}`
  if (value >= 1) return `$${value.toFixed(2)}`
  return value >= 0.0001 ? `$${Number(value.toPrecision(2))}` : value > 0 ? 'under $0.0001' : '$0'
}

function chartTitle(points: readonly CostPoint[], breakEven: number | undefined): string {
  const first = points[0]!
  const last = points[points.length - 1]!
  return `Monthly cost from ${formatUsd(first.totalMonthly)} at ${compactCount(first.entryRequests)} to ${formatUsd(last.totalMonthly)} at ${compactCount(last.entryRequests)} entry requests a month` +
    (breakEven ? `; a container becomes cheaper above about ${compactCount(breakEven)}` : '')
}
