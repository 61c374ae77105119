import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { sqsComponents, sqsPriceKeys } from '../../../src/cost/services/sqs.js'
import { memoryPrices, noPrices } from '../fixtures-prices.js'

// us-east-1, pricing README: standard $0.40/1M up to 100B, $0.30 to 200B, $0.24 beyond;
// FIFO $0.50 / $0.40 / $0.35 (per request: 4e-7, 3e-7, 2.4e-7; 5e-7, 4e-7, 3.5e-7).
const SOURCE = 'infracost capture 2026-10-08; infracost golden (pricing README)'
const prices = memoryPrices([
  { service: 'sqs', name: 'requests-standard', unit: 'requests', tiers: [{ upTo: 100e9, usd: 0.0000004 }, { upTo: 200e9, usd: 0.0000003 }, { usd: 0.00000024 }], source: SOURCE },
  { service: 'sqs', name: 'requests-fifo', unit: 'requests', tiers: [{ upTo: 100e9, usd: 0.0000005 }, { upTo: 200e9, usd: 0.0000004 }, { usd: 0.00000035 }], source: SOURCE },
])
const options = { region: 'us-east-1', freeTier: false }
const standard = { fifo: false }
const fifo = { fifo: true }

function cost(queue: { fifo: boolean }, usage: { monthlyRequests?: number; requestSizeKb?: number }, freeTier = false): number {
  const [c] = sqsComponents(queue, usage, prices, { ...options, freeTier })
  if (c?.monthlyCost === undefined) throw new Error('no cost')
  return c.monthlyCost
}

describe('sqsComponents', () => {
  it('prices the issue example: 9M standard requests of 8 KB', () => {
    // 8 KB -> 1 chunk; 9,000,000 x $0.0000004 = $3.60
    expect(sqsComponents(standard, { monthlyRequests: 9_000_000, requestSizeKb: 8 }, prices, options)).toEqual([
      {
        name: 'Requests (standard)',
        unit: 'requests',
        quantity: 9_000_000,
        unitPrice: 0.0000004,
        monthlyCost: expect.closeTo(3.6, 10),
        usageKnown: true,
        priceKey: { service: 'sqs', name: 'requests-standard', region: 'us-east-1' },
      },
    ])
  })

  it('prices FIFO requests in 64 KB chunks', () => {
    // 100 KB -> ceil(100/64) = 2 chunks; 2M x 2 = 4M requests x $0.0000005 = $2.00
    const [c] = sqsComponents(fifo, { monthlyRequests: 2_000_000, requestSizeKb: 100 }, prices, options)
    expect(c?.quantity).toBe(4_000_000)
    expect(c?.monthlyCost).toBeCloseTo(2, 10)
    expect(c?.priceKey.name).toBe('requests-fifo')
  })

  it('meters 64 KB as 1 chunk, 65 KB as 2, 0 or missing as 1', () => {
    // 1M requests: 1 chunk = $0.40, 2 chunks = $0.80
    expect(cost(standard, { monthlyRequests: 1e6, requestSizeKb: 64 })).toBeCloseTo(0.4, 10)
    expect(cost(standard, { monthlyRequests: 1e6, requestSizeKb: 65 })).toBeCloseTo(0.8, 10)
    expect(cost(standard, { monthlyRequests: 1e6, requestSizeKb: 0 })).toBeCloseTo(0.4, 10)
    expect(cost(standard, { monthlyRequests: 1e6 })).toBeCloseTo(0.4, 10)
    // 256 KB -> 4 chunks -> 4M x $0.0000004 = $1.60
    expect(cost(standard, { monthlyRequests: 1e6, requestSizeKb: 256 })).toBeCloseTo(1.6, 10)
  })

  it('applies the 1M free requests only with the free tier', () => {
    // (9M - 1M) x $0.0000004 = $3.20
    expect(cost(standard, { monthlyRequests: 9e6 }, true)).toBeCloseTo(3.2, 10)
    expect(cost(standard, { monthlyRequests: 9e6 }, false)).toBeCloseTo(3.6, 10)
    // 500k requests are all free
    expect(cost(standard, { monthlyRequests: 500_000 }, true)).toBe(0)
    // FIFO: (3M - 1M) x $0.0000005 = $1.00
    expect(cost(fifo, { monthlyRequests: 3e6 }, true)).toBeCloseTo(1, 10)
  })

  it('switches tiers at 100B and 200B requests', () => {
    // standard, exactly 100B: 100e9 x 4e-7 = $40,000
    expect(cost(standard, { monthlyRequests: 100e9 })).toBeCloseTo(40_000, 6)
    // 100B + 1M: 40,000 + 1e6 x 3e-7 = $40,000.30
    expect(cost(standard, { monthlyRequests: 100e9 + 1e6 })).toBeCloseTo(40_000.3, 6)
    // 250B: 40,000 + 100e9 x 3e-7 (30,000) + 50e9 x 2.4e-7 (12,000) = $82,000
    expect(cost(standard, { monthlyRequests: 250e9 })).toBeCloseTo(82_000, 6)
    // FIFO 250B: 100e9 x 5e-7 (50,000) + 100e9 x 4e-7 (40,000) + 50e9 x 3.5e-7 (17,500) = $107,500
    expect(cost(fifo, { monthlyRequests: 250e9 })).toBeCloseTo(107_500, 6)
    // free tier keeps the boundary on the total: 100B -> 40,000 - 1M x 4e-7 = $39,999.60
    expect(cost(standard, { monthlyRequests: 100e9 }, true)).toBeCloseTo(39_999.6, 6)
  })

  it('is continuous at the tier boundaries: one more request costs the next tier\'s price', () => {
    // at 100B: the 100,000,000,000th request is $0.0000004, the next one $0.0000003;
    // at 200B: $0.0000003, then $0.00000024 (FIFO: $0.0000004, then $0.00000035)
    const step = (queue: { fifo: boolean }, n: number) => cost(queue, { monthlyRequests: n }) - cost(queue, { monthlyRequests: n - 1 })
    expect(step(standard, 100e9)).toBeCloseTo(0.0000004, 9)
    expect(step(standard, 100e9 + 1)).toBeCloseTo(0.0000003, 9)
    expect(step(standard, 200e9)).toBeCloseTo(0.0000003, 9)
    expect(step(standard, 200e9 + 1)).toBeCloseTo(0.00000024, 9)
    expect(step(fifo, 200e9)).toBeCloseTo(0.0000004, 9)
    expect(step(fifo, 200e9 + 1)).toBeCloseTo(0.00000035, 9)
  })

  it('shows unknown usage as "depends on usage", never 0', () => {
    const [c] = sqsComponents(standard, { requestSizeKb: 8 }, prices, options)
    expect(c).toMatchObject({ quantity: undefined, monthlyCost: undefined, usageKnown: false, unitPrice: 0.0000004 })
  })

  it('leaves the cost unknown when the source has no price', () => {
    const [c] = sqsComponents(standard, { monthlyRequests: 1e6 }, noPrices, options)
    expect(c).toMatchObject({ quantity: 1e6, unitPrice: undefined, monthlyCost: undefined, usageKnown: true })
  })

  it('exports the price keys it needs, and every one resolves in the test source', () => {
    const keys = sqsPriceKeys('us-east-1')
    expect(keys.map((k) => k.name)).toEqual(['requests-standard', 'requests-fifo'])
    for (const key of keys) expect(prices.price(key)).toBeDefined()
  })

  it('is never negative and monotonic in requests (properties)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1024, noNaN: true }), { nil: undefined }),
        (isFifo, freeTier, a, d, size) => {
          const q = { fifo: isFifo }
          const lo = cost(q, { monthlyRequests: a, requestSizeKb: size }, freeTier)
          const hi = cost(q, { monthlyRequests: a + d, requestSizeKb: size }, freeTier)
          expect(lo).toBeGreaterThanOrEqual(0)
          expect(hi).toBeGreaterThanOrEqual(lo)
        },
      ),
    )
  })
})
