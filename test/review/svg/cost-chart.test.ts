import { describe, expect, it } from 'vitest'

import { compactCount, renderCostChartSvg, tickExponents, type CostPoint } from '../../../src/review/svg/cost-chart.js'
import { expectRoundedGeometry, parseSvg } from './parse-svg.js'

const POINTS: CostPoint[] = [
  { entryRequests: 100_000, totalMonthly: 3.2, lambdaMonthly: 1.1, containerMonthly: 36 },
  { entryRequests: 1_000_000, totalMonthly: 31, lambdaMonthly: 11, containerMonthly: 36 },
  { entryRequests: 10_000_000, totalMonthly: 305, lambdaMonthly: 110, containerMonthly: 72 },
  { entryRequests: 100_000_000, totalMonthly: 3040, lambdaMonthly: 1100, containerMonthly: 360 },
]

function ticks(document: Document, axis: 'x' | 'y'): { value: number; position: number }[] {
  return [...document.querySelectorAll(`g.tick-${axis}`)].map((tick) => ({
    value: Number(tick.getAttribute('data-value')),
    position: Number(tick.querySelector('line')!.getAttribute(axis === 'x' ? 'x1' : 'y1')),
  }))
}

describe('renderCostChartSvg', () => {
  const svg = renderCostChartSvg(POINTS, { breakEvenEntryRequests: 6_540_000 })
  const document = parseSvg(svg)

  it('has log axes in steps of ten, increasing left to right and bottom to top', () => {
    const x = ticks(document, 'x')
    expect(x.map((tick) => tick.value)).toEqual([1e5, 1e6, 1e7, 1e8])
    const y = ticks(document, 'y')
    expect(y.map((tick) => tick.value)).toEqual([1, 10, 100, 1000, 10000])
    for (let index = 1; index < x.length; index++) {
      expect(x[index]!.value / x[index - 1]!.value).toBe(10)
      expect(x[index]!.position).toBeGreaterThan(x[index - 1]!.position)
    }
    for (let index = 1; index < y.length; index++) expect(y[index]!.position).toBeLessThan(y[index - 1]!.position)
    // Equal spacing per decade: it is a log scale.
    const gaps = x.slice(1).map((tick, index) => tick.position - x[index]!.position)
    for (const gap of gaps) expect(Math.abs(gap - gaps[0]!)).toBeLessThanOrEqual(0.2)
    expect(document.querySelector('g.tick-x text')!.textContent).toBe('100k')
    expect(document.querySelector('g.tick-y text')!.textContent).toBe('$1')
  })

  it('labels the axes with their units', () => {
    const text = document.querySelector('g.axes')!.textContent!
    expect(text).toContain('USD / month')
    expect(text).toContain('entry requests / month')
  })

  it('draws total, Lambda and container lines that differ by dash pattern, not only colour', () => {
    const series = [...document.querySelectorAll('g.series')]
    expect(series.map((element) => element.getAttribute('data-series'))).toEqual(['total', 'lambda', 'container'])
    const dashes = series.map((element) => element.querySelector('path')!.getAttribute('stroke-dasharray'))
    expect(new Set(dashes).size).toBe(3)
    expect(dashes[0]).toBeNull()
    for (const element of series) expect(element.querySelectorAll('g.point')).toHaveLength(POINTS.length)
    expect(document.querySelector('g.legend')!.textContent).toMatch(/total.*Lambda.*container/)
  })

  it('marks the break-even point between the ticks it falls between', () => {
    const marker = document.querySelector('g.break-even')!
    const at = Number(marker.querySelector('line')!.getAttribute('x1'))
    const x = ticks(document, 'x')
    expect(at).toBeGreaterThan(x[1]!.position)
    expect(at).toBeLessThan(x[2]!.position)
    expect(marker.textContent).toContain('6.54M')
  })

  it('is deterministic and rounds coordinates', () => {
    expect(renderCostChartSvg([...POINTS].reverse(), { breakEvenEntryRequests: 6_540_000 })).toBe(svg)
    expect(expectRoundedGeometry(svg)).toEqual([])
  })

  it('leaves $0 and missing values out of the log scale, and says so', () => {
    const chart = parseSvg(renderCostChartSvg([{ entryRequests: 1000, totalMonthly: 0 }, { entryRequests: 10_000, totalMonthly: 0.5, containerMonthly: 30 }]))
    const total = chart.querySelector('g.series[data-series="total"]')!
    expect(total.querySelectorAll('g.point')).toHaveLength(1)
    expect(chart.querySelector('g.series[data-series="lambda"]')).toBeNull()
    expect(chart.documentElement.textContent).toContain('not shown')
    expect(ticks(chart, 'y').map((tick) => tick.value)).toEqual([0.1, 1, 10, 100])
  })

  it('renders a valid "no data" chart without points', () => {
    expect(parseSvg(renderCostChartSvg([])).documentElement.textContent).toContain('No cost')
  })

  it('formats counts compactly and the same on every machine', () => {
    expect(compactCount(999_999.9)).toBe('1M')
    expect(compactCount(6_540_000)).toBe('6.54M')
    expect(compactCount(12_345)).toBe('12.3k')
    expect(compactCount(42)).toBe('42')
    expect(tickExponents({ from: -2, to: 20, step: 3 })).toEqual([-2, 1, 4, 7, 10, 13, 16, 19])
  })
})
