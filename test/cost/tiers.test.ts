import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { chunks, roundToCents, roundUpTo, tieredCost, withFreeAllowance } from '../../src/cost/tiers.js'
import type { PriceTier } from '../../src/cost/types.js'

/** Tiers with increasing bounds and non-negative prices; the last tier is open-ended. */
const tiersArb = fc
  .tuple(
    fc.array(fc.double({ min: 1, max: 1_000, noNaN: true }), { minLength: 0, maxLength: 4 }),
    fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 5, maxLength: 5 }),
  )
  .map(([widths, prices]): PriceTier[] => {
    let bound = 0
    const tiers: PriceTier[] = widths.map((width, i) => {
      bound += width
      return { upTo: bound, usd: prices[i] ?? 0 }
    })
    tiers.push({ usd: prices[widths.length] ?? 0 })
    return tiers
  })
const quantityArb = fc.double({ min: 0, max: 10_000, noNaN: true })
const closeTo = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

describe('tieredCost', () => {
  const lambdaX86: PriceTier[] = [
    { upTo: 6e9, usd: 0.0000166667 },
    { upTo: 15e9, usd: 0.000015 },
    { usd: 0.0000133334 },
  ]

  it('prices a flat price as quantity × price', () => {
    expect(tieredCost(2_000_000, [{ usd: 0.0000002 }])).toBeCloseTo(0.4, 12)
  })

  it('splits a quantity across tiers', () => {
    // 20B GB-s: 6B × tier 1 + 9B × tier 2 + 5B × tier 3
    const expected = 6e9 * 0.0000166667 + 9e9 * 0.000015 + 5e9 * 0.0000133334
    expect(tieredCost(20e9, lambdaX86)).toBeCloseTo(expected, 4)
  })

  it('starts after the units already used this month', () => {
    expect(tieredCost(1e9, lambdaX86, 5.5e9)).toBeCloseTo(0.5e9 * 0.0000166667 + 0.5e9 * 0.000015, 4)
  })

  it('treats a free tier as a tier at $0', () => {
    expect(tieredCost(3_000_000, [{ upTo: 1_000_000, usd: 0 }, { usd: 0.0000002 }])).toBeCloseTo(0.4, 12)
  })

  it('is 0 for no quantity, and prices beyond a last bounded tier at its price', () => {
    expect(tieredCost(0, lambdaX86)).toBe(0)
    expect(tieredCost(-5, lambdaX86)).toBe(0)
    expect(tieredCost(10, [{ upTo: 5, usd: 1 }])).toBe(10)
  })

  it('never goes negative', () => {
    fc.assert(fc.property(tiersArb, quantityArb, quantityArb, (tiers, q, used) => tieredCost(q, tiers, used) >= 0))
  })

  it('is monotonic in quantity', () => {
    fc.assert(
      fc.property(tiersArb, quantityArb, quantityArb, (tiers, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        const lowCost = tieredCost(low, tiers)
        const highCost = tieredCost(high, tiers)
        return highCost >= lowCost || closeTo(highCost, lowCost)
      }),
    )
  })

  it('is continuous at the tier boundaries', () => {
    fc.assert(
      fc.property(tiersArb, fc.nat(), fc.double({ min: 1e-9, max: 1e-3, noNaN: true }), (tiers, pick, epsilon) => {
        const bounds = tiers.flatMap(tier => (tier.upTo === undefined ? [] : [tier.upTo]))
        if (bounds.length === 0) return true
        const bound = bounds[pick % bounds.length] ?? 0
        const maxPrice = Math.max(...tiers.map(tier => tier.usd))
        const jump = tieredCost(bound, tiers) - tieredCost(bound - epsilon, tiers)
        return jump >= -1e-9 && jump <= maxPrice * epsilon + 1e-9 * Math.max(1, tieredCost(bound, tiers))
      }),
    )
  })

  it('is additive: cost(a) + cost(b after a) = cost(a + b)', () => {
    fc.assert(
      fc.property(tiersArb, quantityArb, quantityArb, quantityArb, (tiers, a, b, used) =>
        closeTo(tieredCost(a, tiers, used) + tieredCost(b, tiers, used + a), tieredCost(a + b, tiers, used)),
      ),
    )
  })
})

describe('withFreeAllowance', () => {
  it('puts the first units at $0 and keeps the paid boundaries on the month total', () => {
    const tiers = withFreeAllowance([{ upTo: 6e9, usd: 2 }, { usd: 1 }], 400_000)
    expect(tiers).toEqual([{ upTo: 400_000, usd: 0 }, { upTo: 6e9, usd: 2 }, { usd: 1 }])
    expect(tieredCost(1_000_000, tiers)).toBe(600_000 * 2)
  })

  it('drops paid tiers the allowance covers entirely', () => {
    expect(withFreeAllowance([{ upTo: 10, usd: 2 }, { usd: 1 }], 20)).toEqual([{ upTo: 20, usd: 0 }, { usd: 1 }])
  })

  it('never costs more than without the allowance', () => {
    fc.assert(
      fc.property(tiersArb, quantityArb, quantityArb, (tiers, free, q) => {
        const withFree = tieredCost(q, withFreeAllowance(tiers, free))
        const without = tieredCost(q, tiers)
        return withFree <= without || closeTo(withFree, without)
      }),
    )
  })
})

describe('roundUpTo and chunks', () => {
  it('rounds up to whole steps, ignoring float noise', () => {
    expect(roundUpTo(101, 100)).toBe(200)
    expect(roundUpTo(100, 100)).toBe(100)
    expect(roundUpTo(0.1 + 0.2, 0.1)).toBeCloseTo(0.3, 12)
    expect(roundUpTo(50.1, 64)).toBe(64)
    expect(roundUpTo(0, 64)).toBe(0)
    expect(() => roundUpTo(1, 0)).toThrow(/bug/)
  })

  it('meters payloads in chunks, at least one', () => {
    expect(chunks(0)).toBe(1)
    expect(chunks(1)).toBe(1)
    expect(chunks(64)).toBe(1)
    expect(chunks(65)).toBe(2)
    expect(chunks(256)).toBe(4)
    expect(chunks(1024, 512)).toBe(2)
    expect(chunks(33, 32)).toBe(2)
  })

  it('never under-meters', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 1024 }), (size, chunk) => {
        const n = chunks(size, chunk)
        return n >= 1 && Number.isInteger(n) && n * chunk >= size * (1 - 1e-9)
      }),
    )
  })

  it('rounds to the cent', () => {
    expect(roundToCents(18.337)).toBe(18.34)
    expect(roundToCents(2.333338)).toBe(2.33)
  })
})
