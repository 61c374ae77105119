import { describe, expect, it } from 'vitest'

import { missingPrices } from '../../../src/cost/components.js'
import { lambdaComponents, lambdaPriceKeys, type LambdaFunction } from '../../../src/cost/services/lambda.js'
import type { CostComponent } from '../../../src/cost/types.js'
import { usEast1 } from '../fixtures-prices.js'

const fn = (overrides: Partial<LambdaFunction> = {}): LambdaFunction => ({
  memoryMb: 128,
  architecture: 'x86_64',
  ephemeralStorageMb: 512,
  ...overrides,
})
const noFreeTier = { region: 'us-east-1', freeTier: false }
const byName = (components: CostComponent[], prefix: string) => {
  const found = components.find(c => c.name.startsWith(prefix))
  if (!found) throw new Error(`no component ${prefix} in ${components.map(c => c.name).join(', ')}`)
  return found
}

describe('lambdaComponents', () => {
  it('declares price keys the us-east-1 fixture fully covers', () => {
    expect(missingPrices(lambdaPriceKeys('us-east-1'), usEast1)).toEqual([])
    expect(missingPrices(lambdaPriceKeys('eu-west-1'), usEast1)).toHaveLength(lambdaPriceKeys('eu-west-1').length)
  })

  it('prices requests and GB-seconds with the duration rounded up to 1 ms', () => {
    const components = lambdaComponents(fn({ memoryMb: 1024 }), { monthlyRequests: 10_000_000, requestDurationMs: 99.2 }, usEast1, noFreeTier)
    expect(components.map(c => c.name)).toEqual(['Requests', 'Duration (x86_64)'])
    const requests = byName(components, 'Requests')
    expect(requests).toMatchObject({ quantity: 10_000_000, unit: 'requests', usageKnown: true })
    expect(requests.monthlyCost).toBeCloseTo(2, 10)
    const duration = byName(components, 'Duration')
    // 10M × 100 ms (99.2 rounded up) × 1 GB = 1,000,000 GB-s
    expect(duration.quantity).toBeCloseTo(1_000_000, 6)
    expect(duration.monthlyCost).toBeCloseTo(16.6667, 6)
    expect(duration.unitPrice).toBe(0.0000166667)
    expect(duration.priceKey).toEqual({ service: 'lambda', name: 'duration-x86', region: 'us-east-1' })
  })

  it('uses the arm64 price and tiers', () => {
    const duration = byName(
      lambdaComponents(fn({ architecture: 'arm64', memoryMb: 1024 }), { monthlyRequests: 1_000_000, requestDurationMs: 1000 }, usEast1, noFreeTier),
      'Duration',
    )
    expect(duration.priceKey.name).toBe('duration-arm64')
    expect(duration.monthlyCost).toBeCloseTo(1_000_000 * 0.0000133334, 6)
  })

  it('crosses the x86 monthly tiers at 6B and 15B GB-seconds', () => {
    // 10,240 MB = 10 GB; 2B requests × 1 s × 10 GB = 20B GB-s
    const duration = byName(
      lambdaComponents(fn({ memoryMb: 10_240 }), { monthlyRequests: 2_000_000_000, requestDurationMs: 1000 }, usEast1, noFreeTier),
      'Duration',
    )
    expect(duration.quantity).toBe(20e9)
    expect(duration.monthlyCost).toBeCloseTo(6e9 * 0.0000166667 + 9e9 * 0.000015 + 5e9 * 0.0000133334, 3)
  })

  it('crosses the arm64 tiers at 7.5B and 18.75B GB-seconds', () => {
    const duration = byName(
      lambdaComponents(fn({ architecture: 'arm64', memoryMb: 10_240 }), { monthlyRequests: 2_000_000_000, requestDurationMs: 1000 }, usEast1, noFreeTier),
      'Duration',
    )
    expect(duration.monthlyCost).toBeCloseTo(7.5e9 * 0.0000133334 + 11.25e9 * 0.0000120001 + 1.25e9 * 0.0000106667, 3)
  })

  it('applies the free tier only with the flag', () => {
    const usage = { monthlyRequests: 3_000_000, requestDurationMs: 1000 }
    const withFree = lambdaComponents(fn({ memoryMb: 512 }), usage, usEast1, { region: 'us-east-1', freeTier: true })
    const without = lambdaComponents(fn({ memoryMb: 512 }), usage, usEast1, noFreeTier)
    expect(byName(withFree, 'Requests').monthlyCost).toBeCloseTo(0.4, 10)
    expect(byName(without, 'Requests').monthlyCost).toBeCloseTo(0.6, 10)
    expect(byName(withFree, 'Duration').monthlyCost).toBeCloseTo(1_100_000 * 0.0000166667, 6)
    expect(byName(without, 'Duration').monthlyCost).toBeCloseTo(1_500_000 * 0.0000166667, 6)
    // the quantity shown is the usage, not the billed remainder
    expect(byName(withFree, 'Duration').quantity).toBe(1_500_000)
  })

  it('prices ephemeral storage above 512 MB as GB × seconds, not × GB-seconds', () => {
    const components = lambdaComponents(
      fn({ memoryMb: 2048, ephemeralStorageMb: 10_240 }),
      { monthlyRequests: 1_000_000, requestDurationMs: 2000 },
      usEast1,
      noFreeTier,
    )
    const storage = byName(components, 'Ephemeral storage')
    // (10,240 − 512) / 1024 = 9.5 GB × 2,000,000 s = 19,000,000 GB-s (memory plays no part)
    expect(storage.quantity).toBeCloseTo(19_000_000, 6)
    expect(storage.monthlyCost).toBeCloseTo(19_000_000 * 0.0000000309, 10)
    expect(lambdaComponents(fn(), { monthlyRequests: 1, requestDurationMs: 1 }, usEast1, noFreeTier).some(c => c.name === 'Ephemeral storage')).toBe(false)
  })

  it('shows unknown usage as "depends on usage", never 0', () => {
    const components = lambdaComponents(fn({ ephemeralStorageMb: 1024 }), {}, usEast1, noFreeTier)
    expect(components).toHaveLength(3)
    for (const component of components) {
      expect(component.usageKnown).toBe(false)
      expect(component.quantity).toBeUndefined()
      expect(component.monthlyCost).toBeUndefined()
      expect(component.unitPrice).toBeDefined()
    }
    const durationOnly = lambdaComponents(fn(), { monthlyRequests: 5 }, usEast1, noFreeTier)
    expect(byName(durationOnly, 'Requests').usageKnown).toBe(true)
    expect(byName(durationOnly, 'Duration')).toMatchObject({ usageKnown: false, monthlyCost: undefined })
  })

  it('leaves the cost unknown when the region has no price', () => {
    const components = lambdaComponents(fn(), { monthlyRequests: 1_000_000, requestDurationMs: 10 }, usEast1, { region: 'xx-nowhere-1', freeTier: false })
    for (const component of components) {
      expect(component.usageKnown).toBe(true)
      expect(component.unitPrice).toBeUndefined()
      expect(component.monthlyCost).toBeUndefined()
    }
  })

  it('prices provisioned concurrency for the month and runs invocations on it first', () => {
    const components = lambdaComponents(
      fn({ memoryMb: 1024, provisionedConcurrency: 10 }),
      { monthlyRequests: 1_000_000, requestDurationMs: 100 },
      usEast1,
      noFreeTier,
    )
    const provisioned = byName(components, 'Provisioned concurrency')
    // 10 × 1 GB × 730 h × 3600 s = 26,280,000 GB-s
    expect(provisioned.quantity).toBe(26_280_000)
    expect(provisioned.monthlyCost).toBeCloseTo(26_280_000 * 0.0000041667, 6)
    const onProvisioned = byName(components, 'Duration on provisioned')
    expect(onProvisioned.quantity).toBeCloseTo(100_000, 6)
    expect(onProvisioned.monthlyCost).toBeCloseTo(100_000 * 0.0000097222, 8)
    expect(byName(components, 'Duration (x86_64)').monthlyCost).toBe(0)
  })

  it('spills invocations beyond the provisioned capacity to on-demand duration', () => {
    const components = lambdaComponents(
      fn({ memoryMb: 1024, provisionedConcurrency: 1 }),
      { monthlyRequests: 10_000_000, requestDurationMs: 1000, provisionedHours: 1 },
      usEast1,
      { region: 'us-east-1', freeTier: true },
    )
    expect(byName(components, 'Provisioned concurrency').quantity).toBe(3600)
    expect(byName(components, 'Duration on provisioned').quantity).toBe(3600)
    const onDemand = byName(components, 'Duration (x86_64)')
    expect(onDemand.quantity).toBe(10_000_000 - 3600)
    // the free tier applies to on-demand duration only
    expect(onDemand.monthlyCost).toBeCloseTo((10_000_000 - 3600 - 400_000) * 0.0000166667, 6)
  })
})
