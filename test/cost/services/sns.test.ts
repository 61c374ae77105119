import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { snsComponents, snsDeliveryGroup, snsPriceKeys, type SnsTopic, type SnsUsage } from '../../../src/cost/services/sns.js'
import type { CostComponent } from '../../../src/cost/types.js'
import { memoryPrices } from '../fixtures-prices.js'

// us-east-1, pricing README: publishes $0.50/1M (64 KB chunks; 1M free), HTTP/S deliveries $0.60/1M
// (100k free), email $20/1M (1k free), SQS and Lambda deliveries $0.
const SOURCE = 'infracost capture; golden (pricing README)'
const prices = memoryPrices([
  { service: 'sns', name: 'publishes', unit: 'requests', tiers: [{ usd: 0.0000005 }], source: SOURCE },
  { service: 'sns', name: 'deliveries-http', unit: 'notifications', tiers: [{ usd: 0.0000006 }], source: SOURCE },
  { service: 'sns', name: 'deliveries-email', unit: 'notifications', tiers: [{ usd: 0.00002 }], source: SOURCE },
  { service: 'sns', name: 'deliveries-sqs', unit: 'notifications', tiers: [{ usd: 0 }], source: SOURCE },
  { service: 'sns', name: 'deliveries-lambda', unit: 'notifications', tiers: [{ usd: 0 }], source: SOURCE },
])
const options = { region: 'us-east-1', freeTier: false }
const topic: SnsTopic = {
  subscriptions: [{ protocol: 'sqs' }, { protocol: 'lambda' }, { protocol: 'https' }, { protocol: 'http' }, { protocol: 'email' }],
}

function byName(components: CostComponent[]): Record<string, CostComponent> {
  return Object.fromEntries(components.map((c) => [c.name, c]))
}

function total(components: CostComponent[]): number {
  return components.reduce((sum, c) => sum + (c.monthlyCost ?? 0), 0)
}

describe('snsComponents', () => {
  it('prices publishes and deliveries by protocol', () => {
    // 2M publishes of 100 KB -> 2 chunks -> 4M requests x $0.0000005 = $2.00
    // HTTP/S: 2 subscriptions (http + https) x 2M = 4M x $0.0000006 = $2.40
    // email: 2M x $0.00002 = $40.00; SQS 2M x $0 = $0; Lambda 2M x $0 = $0
    // total $44.40
    const components = snsComponents(topic, { monthlyRequests: 2e6, requestSizeKb: 100 }, prices, options)
    const c = byName(components)
    expect(c['Publishes']).toMatchObject({ quantity: 4e6, unitPrice: 0.0000005, usageKnown: true, priceKey: { service: 'sns', name: 'publishes', region: 'us-east-1' } })
    expect(c['Publishes']?.monthlyCost).toBeCloseTo(2, 10)
    expect(c['HTTP/S deliveries']).toMatchObject({ quantity: 4e6, unit: 'notifications' })
    expect(c['HTTP/S deliveries']?.monthlyCost).toBeCloseTo(2.4, 10)
    expect(c['Email deliveries']?.monthlyCost).toBeCloseTo(40, 10)
    expect(c['SQS deliveries']).toMatchObject({ quantity: 2e6, monthlyCost: 0, usageKnown: true })
    expect(c['Lambda deliveries']).toMatchObject({ quantity: 2e6, monthlyCost: 0, usageKnown: true })
    expect(components).toHaveLength(5)
    expect(total(components)).toBeCloseTo(44.4, 10)
  })

  it('applies the free tiers only with the flag', () => {
    // 2M publishes of 1 chunk with free tier: (2M - 1M) x 5e-7 = $0.50
    // HTTP/S: 4M deliveries - 100k free = 3.9M x 6e-7 = $2.34
    // email: 2M - 1k = 1,999,000 x 2e-5 = $39.98
    const c = byName(snsComponents(topic, { monthlyRequests: 2e6 }, prices, { ...options, freeTier: true }))
    expect(c['Publishes']?.monthlyCost).toBeCloseTo(0.5, 10)
    expect(c['HTTP/S deliveries']?.monthlyCost).toBeCloseTo(2.34, 10)
    expect(c['Email deliveries']?.monthlyCost).toBeCloseTo(39.98, 10)
    // within the free allowances: 1k publishes -> $0 everywhere
    expect(total(snsComponents(topic, { monthlyRequests: 1_000 }, prices, { ...options, freeTier: true }))).toBe(0)
  })

  it('meters publishes in 64 KB chunks: 64 KB = 1, 65 KB = 2, 0 or missing = 1', () => {
    const publishes = (usage: SnsUsage): number | undefined => snsComponents({ subscriptions: [] }, usage, prices, options)[0]?.quantity
    expect(publishes({ monthlyRequests: 1e6, requestSizeKb: 64 })).toBe(1e6)
    expect(publishes({ monthlyRequests: 1e6, requestSizeKb: 65 })).toBe(2e6)
    expect(publishes({ monthlyRequests: 1e6, requestSizeKb: 0 })).toBe(1e6)
    expect(publishes({ monthlyRequests: 1e6 })).toBe(1e6)
  })

  it('maps protocols to price groups', () => {
    expect(snsDeliveryGroup('HTTPS')).toBe('http')
    expect(snsDeliveryGroup('email-json')).toBe('email')
    expect(snsDeliveryGroup('sqs')).toBe('sqs')
  })

  it('shows unknown usage as "depends on usage" on every component', () => {
    for (const c of snsComponents(topic, {}, prices, options)) {
      expect(c).toMatchObject({ quantity: undefined, monthlyCost: undefined, usageKnown: false })
    }
  })

  it('leaves a protocol without a price unknown, never 0', () => {
    const [, sms] = snsComponents({ subscriptions: [{ protocol: 'sms' }] }, { monthlyRequests: 10 }, prices, options)
    expect(sms).toMatchObject({ name: 'sms deliveries', quantity: 10, unitPrice: undefined, monthlyCost: undefined, usageKnown: true })
  })

  it('exports the price keys it needs, and every one resolves in the test source', () => {
    for (const key of snsPriceKeys('us-east-1')) expect(prices.price(key)).toBeDefined()
  })

  it('is never negative and monotonic in requests (properties)', () => {
    const protocols = fc.constantFrom('sqs', 'lambda', 'http', 'https', 'email', 'email-json')
    fc.assert(
      fc.property(
        fc.array(protocols.map((protocol) => ({ protocol })), { maxLength: 6 }),
        fc.boolean(),
        fc.double({ min: 0, max: 1e11, noNaN: true }),
        fc.double({ min: 0, max: 1e11, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 256, noNaN: true }), { nil: undefined }),
        (subscriptions, freeTier, a, d, size) => {
          const c = { ...options, freeTier }
          const lo = snsComponents({ subscriptions }, { monthlyRequests: a, requestSizeKb: size }, prices, c)
          const hi = snsComponents({ subscriptions }, { monthlyRequests: a + d, requestSizeKb: size }, prices, c)
          lo.forEach((component, i) => {
            expect(component.monthlyCost).toBeGreaterThanOrEqual(0)
            expect(hi[i]?.monthlyCost).toBeGreaterThanOrEqual(component.monthlyCost ?? 0)
          })
        },
      ),
    )
  })
})
