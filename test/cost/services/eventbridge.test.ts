import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { eventBridgeComponents, eventBridgePriceKeys, type EventBridgeResource, type EventBridgeUsage } from '../../../src/cost/services/eventbridge.js'
import { memoryPrices } from '../fixtures-prices.js'

// us-east-1, pricing README: custom events $1.00/1M (64 KB chunks); Scheduler $1.00/1M after 14M
// free (secondary sources only); Pipes $0.40/1M.
const prices = memoryPrices([
  { service: 'eventbridge', name: 'custom-events', unit: 'events', tiers: [{ usd: 0.000001 }], source: 'infracost capture + golden' },
  { service: 'eventbridge', name: 'scheduler-invocations', unit: 'invocations', tiers: [{ usd: 0.000001 }], source: 'cloudburn.io 2026-03 (secondary)' },
  { service: 'eventbridge', name: 'pipes-requests', unit: 'requests', tiers: [{ usd: 0.0000004 }], source: 'factualminds 2026-06 (secondary)' },
])
const options = { region: 'us-east-1', freeTier: false }
const bus: EventBridgeResource = { kind: 'bus' }
const schedule: EventBridgeResource = { kind: 'schedule' }
const pipe: EventBridgeResource = { kind: 'pipe' }

function cost(resource: EventBridgeResource, usage: EventBridgeUsage, freeTier = false): number | undefined {
  return eventBridgeComponents(resource, usage, prices, { ...options, freeTier })[0]?.monthlyCost
}

describe('eventBridgeComponents', () => {
  it('prices custom events on a bus', () => {
    // 5M events of 10 KB -> 1 chunk -> 5M x $0.000001 = $5.00
    expect(eventBridgeComponents(bus, { monthlyCustomEvents: 5e6, requestSizeKb: 10 }, prices, options)).toEqual([
      {
        name: 'Custom events',
        unit: 'events',
        quantity: 5e6,
        unitPrice: 0.000001,
        monthlyCost: expect.closeTo(5, 10),
        usageKnown: true,
        priceKey: { service: 'eventbridge', name: 'custom-events', region: 'us-east-1' },
      },
    ])
  })

  it('meters events in 64 KB chunks: 64 KB = 1, 65 KB = 2, 0 or missing = 1', () => {
    // 1M events: 1 chunk $1.00, 2 chunks $2.00; 200 KB -> 4 chunks -> $4.00
    expect(cost(bus, { monthlyCustomEvents: 1e6, requestSizeKb: 64 })).toBeCloseTo(1, 10)
    expect(cost(bus, { monthlyCustomEvents: 1e6, requestSizeKb: 65 })).toBeCloseTo(2, 10)
    expect(cost(bus, { monthlyCustomEvents: 1e6, requestSizeKb: 0 })).toBeCloseTo(1, 10)
    expect(cost(bus, { monthlyCustomEvents: 1e6 })).toBeCloseTo(1, 10)
    expect(cost(bus, { monthlyCustomEvents: 1e6, requestSizeKb: 200 })).toBeCloseTo(4, 10)
    // pipes: 3M requests of 100 KB -> 2 chunks -> 6M x $0.0000004 = $2.40
    expect(cost(pipe, { monthlyRequests: 3e6, requestSizeKb: 100 })).toBeCloseTo(2.4, 10)
  })

  it('prices Scheduler invocations with 14M free only with the free tier', () => {
    // 20M x $0.000001 = $20.00; with free tier (20M - 14M) x $0.000001 = $6.00
    expect(cost(schedule, { monthlyInvocations: 20e6 })).toBeCloseTo(20, 10)
    expect(cost(schedule, { monthlyInvocations: 20e6 }, true)).toBeCloseTo(6, 10)
    // boundary: exactly 14M is free, 14M + 1 costs one invocation ($0.000001)
    expect(cost(schedule, { monthlyInvocations: 14e6 }, true)).toBe(0)
    expect(cost(schedule, { monthlyInvocations: 14e6 + 1 }, true)).toBeCloseTo(0.000001, 12)
    // the bus and pipes have no free tier
    expect(cost(bus, { monthlyCustomEvents: 1e6 }, true)).toBeCloseTo(1, 10)
  })

  it('shows unknown usage as "depends on usage"', () => {
    for (const resource of [bus, schedule, pipe]) {
      // a usage key of another kind does not count
      const [c] = eventBridgeComponents(resource, { requestSizeKb: 8, ...(resource.kind === 'bus' ? { monthlyRequests: 5 } : { monthlyCustomEvents: 5 }) }, prices, options)
      expect(c).toMatchObject({ quantity: undefined, monthlyCost: undefined, usageKnown: false })
    }
  })

  it('exports the price keys it needs, and every one resolves in the test source', () => {
    for (const key of eventBridgePriceKeys('us-east-1')) expect(prices.price(key)).toBeDefined()
  })

  it('is never negative and monotonic in events (properties)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(bus, schedule, pipe),
        fc.boolean(),
        fc.double({ min: 0, max: 1e11, noNaN: true }),
        fc.double({ min: 0, max: 1e11, noNaN: true }),
        (resource, freeTier, a, d) => {
          const usage = (n: number): EventBridgeUsage => ({ monthlyCustomEvents: n, monthlyInvocations: n, monthlyRequests: n })
          const lo = cost(resource, usage(a), freeTier) ?? Number.NaN
          expect(lo).toBeGreaterThanOrEqual(0)
          expect(cost(resource, usage(a + d), freeTier)).toBeGreaterThanOrEqual(lo)
        },
      ),
    )
  })
})
