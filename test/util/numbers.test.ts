import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { formatNumber } from '../../src/util/numbers.js'

describe('formatNumber', () => {
  it('writes numbers as en-US does, grouped, with at most the given decimals and no trailing zeros', () => {
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(999)).toBe('999')
    expect(formatNumber(1000)).toBe('1,000')
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89')
    expect(formatNumber(2.5, 2)).toBe('2.5')
    expect(formatNumber(2.999, 2)).toBe('3')
    expect(formatNumber(1234.5)).toBe('1,235')
    expect(formatNumber(123456789012, 3)).toBe('123,456,789,012')
  })

  it('gives what Intl.NumberFormat gives, for any number (property)', () => {
    const formatters = [0, 1, 2, 3].map((digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }))
    const numbers = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: 0, max: 1e6 }),
      fc.integer({ min: 0, max: 2 ** 53 }),
      // Halves at each number of decimals: the rounding ties.
      fc.tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 3 })).map(([n, d]) => (n + 0.5) / 10 ** d),
    )
    fc.assert(
      fc.property(numbers, fc.integer({ min: 0, max: 3 }), (value, digits) => {
        expect(formatNumber(value, digits)).toBe(formatters[digits]!.format(value))
      }),
      { numRuns: 20_000 },
    )
  })
})
