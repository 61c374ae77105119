import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { dynamoDbComponents, dynamoDbPriceKeys, type DynamoDbTable, type DynamoDbUsage } from '../../../src/cost/services/dynamodb.js'
import type { CostComponent } from '../../../src/cost/types.js'
import { memoryPrices } from '../fixtures-prices.js'

// us-east-1: on-demand WRU $0.625/1M, RRU $0.125/1M, storage $0.25/GB-month (pricing README);
// provisioned $0.00013/RCU-hour, $0.00065/WCU-hour (https://aws.amazon.com/dynamodb/pricing/provisioned/).
const prices = memoryPrices([
  { service: 'dynamodb', name: 'write-request-units', unit: 'WRU', tiers: [{ usd: 0.000000625 }], source: 'infracost golden; capture 2026-10-08' },
  { service: 'dynamodb', name: 'read-request-units', unit: 'RRU', tiers: [{ usd: 0.000000125 }], source: 'infracost golden; capture 2026-10-08' },
  { service: 'dynamodb', name: 'write-capacity-unit-hours', unit: 'WCU-hours', tiers: [{ usd: 0.00065 }], source: 'https://aws.amazon.com/dynamodb/pricing/provisioned/' },
  { service: 'dynamodb', name: 'read-capacity-unit-hours', unit: 'RCU-hours', tiers: [{ usd: 0.00013 }], source: 'https://aws.amazon.com/dynamodb/pricing/provisioned/' },
  { service: 'dynamodb', name: 'storage', unit: 'GB-month', tiers: [{ usd: 0.25 }], source: 'infracost golden; capture 2026-10-08' },
])
const options = { region: 'us-east-1', freeTier: false }
const onDemand: DynamoDbTable = { billingMode: 'PAY_PER_REQUEST' }

function costs(table: DynamoDbTable, usage: DynamoDbUsage, freeTier = false): (number | undefined)[] {
  return dynamoDbComponents(table, usage, prices, { ...options, freeTier }).map((c) => c.monthlyCost)
}

function total(components: CostComponent[]): number {
  return components.reduce((sum, c) => sum + (c.monthlyCost ?? 0), 0)
}

describe('dynamoDbComponents', () => {
  it('prices an on-demand table', () => {
    // writes 10M x $0.000000625 = $6.25; reads 50M x $0.000000125 = $6.25; storage 100 GB x $0.25 = $25.00
    const components = dynamoDbComponents(onDemand, { monthlyWriteRequestUnits: 10e6, monthlyReadRequestUnits: 50e6, storageGb: 100 }, prices, options)
    expect(components.map((c) => [c.name, c.unit, c.quantity, c.priceKey.name])).toEqual([
      ['Write request units (on-demand)', 'WRU', 10e6, 'write-request-units'],
      ['Read request units (on-demand)', 'RRU', 50e6, 'read-request-units'],
      ['Storage', 'GB-month', 100, 'storage'],
    ])
    expect(components[0]?.monthlyCost).toBeCloseTo(6.25, 10)
    expect(components[1]?.monthlyCost).toBeCloseTo(6.25, 10)
    expect(components[2]?.monthlyCost).toBeCloseTo(25, 10)
    expect(total(components)).toBeCloseTo(37.5, 10)
  })

  it('prices a provisioned table per capacity-unit hour, 730 h a month', () => {
    // writes 5 WCU x 730 h = 3,650 WCU-h x $0.00065 = $2.3725; reads 10 RCU x 730 = 7,300 RCU-h x $0.00013 = $0.949
    const components = dynamoDbComponents({ billingMode: 'PROVISIONED', readCapacityUnits: 10, writeCapacityUnits: 5 }, { storageGb: 1 }, prices, options)
    expect(components.map((c) => [c.unit, c.quantity])).toEqual([
      ['WCU-hours', 3_650],
      ['RCU-hours', 7_300],
      ['GB-month', 1],
    ])
    expect(components[0]?.monthlyCost).toBeCloseTo(2.3725, 10)
    expect(components[1]?.monthlyCost).toBeCloseTo(0.949, 10)
    // request-unit usage does not apply to provisioned tables
    expect(components.some((c) => c.unit === 'WRU' || c.unit === 'RRU')).toBe(false)
  })

  it('applies 25 GB and 25 RCU/WCU free only with the free tier', () => {
    // storage: (100 - 25) x $0.25 = $18.75; 20 GB -> $0
    expect(costs(onDemand, { storageGb: 100 }, true)[2]).toBeCloseTo(18.75, 10)
    expect(costs(onDemand, { storageGb: 20 }, true)[2]).toBe(0)
    expect(costs(onDemand, { storageGb: 25 }, true)[2]).toBe(0)
    expect(costs(onDemand, { storageGb: 20 }, false)[2]).toBeCloseTo(5, 10)
    // 100 RCU: (100 - 25) x 730 = 54,750 RCU-h x $0.00013 = $7.1175; 25 WCU -> $0
    const [wcu, rcu] = costs({ billingMode: 'PROVISIONED', readCapacityUnits: 100, writeCapacityUnits: 25 }, {}, true)
    expect(wcu).toBe(0)
    expect(rcu).toBeCloseTo(7.1175, 10)
  })

  it('shows unknown usage and unknown capacity as "depends on usage"', () => {
    for (const c of dynamoDbComponents(onDemand, {}, prices, options)) expect(c).toMatchObject({ quantity: undefined, monthlyCost: undefined, usageKnown: false })
    const [wcu, rcu] = dynamoDbComponents({ billingMode: 'PROVISIONED' }, {}, prices, options)
    expect(wcu).toMatchObject({ usageKnown: false, monthlyCost: undefined })
    expect(rcu).toMatchObject({ usageKnown: false, monthlyCost: undefined })
  })

  it('exports the price keys it needs, and every one resolves in the test source', () => {
    for (const key of dynamoDbPriceKeys('us-east-1')) expect(prices.price(key)).toBeDefined()
  })

  it('is never negative and monotonic in usage (properties)', () => {
    const n = fc.double({ min: 0, max: 1e12, noNaN: true })
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), n, n, n, fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (provisioned, freeTier, reads, writes, d, gb, factor) => {
        const table = (scale: number): DynamoDbTable =>
          provisioned ? { billingMode: 'PROVISIONED', readCapacityUnits: (reads / 1e6) * scale, writeCapacityUnits: (writes / 1e6) * scale } : onDemand
        const lo = costs(table(1), { monthlyReadRequestUnits: reads, monthlyWriteRequestUnits: writes, storageGb: gb }, freeTier)
        const hi = costs(table(1 + factor), { monthlyReadRequestUnits: reads + d, monthlyWriteRequestUnits: writes + d, storageGb: gb + d }, freeTier)
        lo.forEach((cost, i) => {
          expect(cost).toBeGreaterThanOrEqual(0)
          expect(hi[i]).toBeGreaterThanOrEqual(cost ?? Number.NaN)
        })
      }),
    )
  })
})
