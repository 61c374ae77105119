import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { natGatewayComponents, natGatewayPriceKeys } from '../../../src/cost/services/nat-gateway.js'
import { memoryPrices } from '../fixtures-prices.js'

// us-east-1, pricing README: $0.045/hour + $0.045/GB processed.
const prices = memoryPrices([
  { service: 'nat', name: 'hours', unit: 'hours', tiers: [{ usd: 0.045 }], source: 'infracost golden' },
  { service: 'nat', name: 'data-processed', unit: 'GB', tiers: [{ usd: 0.045 }], source: 'infracost golden' },
])
const options = { region: 'us-east-1', freeTier: false }

describe('natGatewayComponents', () => {
  it('prices 730 hours and the GB processed', () => {
    // 730 h x $0.045 = $32.85; 1,000 GB x $0.045 = $45.00; total $77.85
    const [hours, data] = natGatewayComponents({}, { monthlyDataProcessedGb: 1_000 }, prices, options)
    expect(hours).toMatchObject({ name: 'NAT gateway', unit: 'hours', quantity: 730, unitPrice: 0.045, usageKnown: true })
    expect(hours?.monthlyCost).toBeCloseTo(32.85, 10)
    expect(data).toMatchObject({ name: 'Data processed', unit: 'GB', quantity: 1_000, usageKnown: true })
    expect(data?.monthlyCost).toBeCloseTo(45, 10)
    expect(data?.priceKey).toEqual({ service: 'nat', name: 'data-processed', region: 'us-east-1' })
  })

  it('still prices the hours when the data processed is unknown, and has no free tier', () => {
    const withFreeTier = { ...options, freeTier: true }
    const [hours, data] = natGatewayComponents({}, {}, prices, withFreeTier)
    expect(hours?.monthlyCost).toBeCloseTo(32.85, 10)
    expect(data).toMatchObject({ quantity: undefined, monthlyCost: undefined, usageKnown: false })
  })

  it('prices zero GB at $0 (known usage, not unknown)', () => {
    const [, data] = natGatewayComponents({}, { monthlyDataProcessedGb: 0 }, prices, options)
    expect(data).toMatchObject({ quantity: 0, monthlyCost: 0, usageKnown: true })
  })

  it('uses the region of the context in its price keys', () => {
    const [hours] = natGatewayComponents({}, {}, prices, { region: 'eu-west-1' })
    expect(hours).toMatchObject({ priceKey: { region: 'eu-west-1' }, unitPrice: undefined, monthlyCost: undefined, usageKnown: true })
    expect(natGatewayPriceKeys('eu-west-1').map((k) => k.name)).toEqual(['hours', 'data-processed'])
  })

  it('is never negative and monotonic in GB (properties)', () => {
    const gb = fc.double({ min: 0, max: 1e9, noNaN: true })
    fc.assert(
      fc.property(gb, gb, (a, d) => {
        const lo = natGatewayComponents({}, { monthlyDataProcessedGb: a }, prices, options)[1]?.monthlyCost ?? Number.NaN
        expect(lo).toBeGreaterThanOrEqual(0)
        expect(natGatewayComponents({}, { monthlyDataProcessedGb: a + d }, prices, options)[1]?.monthlyCost).toBeGreaterThanOrEqual(lo)
      }),
    )
  })
})
