import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { logsComponents, logsPriceKeys, type LogGroup } from '../../../src/cost/services/logs.js'
import { memoryPrices } from '../fixtures-prices.js'

// us-east-1, pricing README: ingestion $0.50/GB (Standard), $0.25/GB (IA); storage $0.03/GB-month;
// Lambda vended logs: $0.50 first 10 TB, $0.25 next 20 TB, $0.10 next 20 TB, $0.05 beyond 50 TB (TB = 1,000 GB).
const prices = memoryPrices([
  { service: 'logs', name: 'ingestion-standard', unit: 'GB', tiers: [{ usd: 0.5 }], source: 'infracost golden' },
  { service: 'logs', name: 'ingestion-infrequent-access', unit: 'GB', tiers: [{ usd: 0.25 }], source: 'infracost golden' },
  {
    service: 'logs',
    name: 'ingestion-lambda',
    unit: 'GB',
    tiers: [{ upTo: 10_000, usd: 0.5 }, { upTo: 30_000, usd: 0.25 }, { upTo: 50_000, usd: 0.1 }, { usd: 0.05 }],
    source: 'c3x.dev (2026-06); Duckbill',
  },
  { service: 'logs', name: 'storage', unit: 'GB-month', tiers: [{ usd: 0.03 }], source: 'infracost golden' },
])
const options = { region: 'us-east-1', freeTier: false }
const standard: LogGroup = { logGroupClass: 'STANDARD', source: 'other' }
const lambda: LogGroup = { logGroupClass: 'STANDARD', source: 'lambda' }
const ia: LogGroup = { logGroupClass: 'INFREQUENT_ACCESS', source: 'other' }

function ingestion(group: LogGroup, gb: number): number | undefined {
  return logsComponents(group, { monthlyDataIngestedGb: gb }, prices, options)[0]?.monthlyCost
}

describe('logsComponents', () => {
  it('prices ingestion and storage of a standard log group', () => {
    // 100 GB x $0.50 = $50.00; 500 GB-month x $0.03 = $15.00
    const [ingest, storage] = logsComponents(standard, { monthlyDataIngestedGb: 100, storageGb: 500 }, prices, options)
    expect(ingest).toMatchObject({ name: 'Data ingested', unit: 'GB', quantity: 100, unitPrice: 0.5, monthlyCost: 50, usageKnown: true })
    expect(ingest?.priceKey).toEqual({ service: 'logs', name: 'ingestion-standard', region: 'us-east-1' })
    expect(storage).toMatchObject({ name: 'Storage', unit: 'GB-month', quantity: 500, usageKnown: true })
    expect(storage?.monthlyCost).toBeCloseTo(15, 10)
  })

  it('prices the Infrequent Access class at $0.25/GB', () => {
    // 100 GB x $0.25 = $25.00
    expect(ingestion(ia, 100)).toBeCloseTo(25, 10)
  })

  it('prices Lambda vended logs with the 2025-05-01 tiers (Duckbill: 60 TB = $12,500)', () => {
    // 60,000 GB: 10,000 x 0.50 (5,000) + 20,000 x 0.25 (5,000) + 20,000 x 0.10 (2,000) + 10,000 x 0.05 (500) = $12,500
    // (the same 60 TB at the flat $0.50 would be $30,000)
    expect(ingestion(lambda, 60_000)).toBeCloseTo(12_500, 8)
    expect(ingestion(standard, 60_000)).toBeCloseTo(30_000, 8)
    // boundaries: 10 TB = $5,000; 30 TB = 5,000 + 5,000 = $10,000; 50 TB = 10,000 + 2,000 = $12,000
    expect(ingestion(lambda, 10_000)).toBeCloseTo(5_000, 8)
    expect(ingestion(lambda, 10_001)).toBeCloseTo(5_000.25, 8)
    expect(ingestion(lambda, 30_000)).toBeCloseTo(10_000, 8)
    expect(ingestion(lambda, 50_000)).toBeCloseTo(12_000, 8)
    expect(ingestion(lambda, 50_001)).toBeCloseTo(12_000.05, 8)
    // small volumes: 100 GB x $0.50 = $50.00, like a standard group
    expect(ingestion(lambda, 100)).toBeCloseTo(50, 10)
  })

  it('shows unknown usage as "depends on usage"', () => {
    for (const c of logsComponents(lambda, {}, prices, options)) expect(c).toMatchObject({ quantity: undefined, monthlyCost: undefined, usageKnown: false })
  })

  it('exports the price keys it needs, and every one resolves in the test source', () => {
    for (const key of logsPriceKeys('us-east-1')) expect(prices.price(key)).toBeDefined()
  })

  it('is never negative and monotonic in GB (properties)', () => {
    const gb = fc.double({ min: 0, max: 1e7, noNaN: true })
    fc.assert(
      fc.property(fc.constantFrom(standard, lambda, ia), gb, gb, (group, a, d) => {
        const lo = logsComponents(group, { monthlyDataIngestedGb: a, storageGb: a }, prices, options)
        const hi = logsComponents(group, { monthlyDataIngestedGb: a + d, storageGb: a + d }, prices, options)
        lo.forEach((c, i) => {
          expect(c.monthlyCost).toBeGreaterThanOrEqual(0)
          expect(hi[i]?.monthlyCost).toBeGreaterThanOrEqual(c.monthlyCost ?? Number.NaN)
        })
      }),
    )
  })
})
