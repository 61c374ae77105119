import { describe, expect, it } from 'vitest'

import { compareWithContainer, type LambdaCost } from '../../src/cost/container.js'
import type { CostComponent, PriceSource } from '../../src/cost/types.js'

const REGION = 'us-east-1'
/** us-east-1 Fargate on-demand, AmazonECS offer file 20250828172723 (see the snapshot's sources). */
const FARGATE: Record<string, number> = { 'vcpu-hours-x86': 0.04048, 'gb-hours-x86': 0.004445, 'vcpu-hours-arm64': 0.03238, 'gb-hours-arm64': 0.00356 }
const prices: PriceSource = {
  price: (key) => (key.service === 'fargate' && key.region === REGION && FARGATE[key.name] !== undefined ? { key, unit: 'hours', tiers: [{ usd: FARGATE[key.name]! }], source: 'test', date: '2026-11-27' } : undefined),
}

function fn(gbSeconds: number, monthlyCost: number, architecture: 'x86' | 'arm64' = 'x86'): LambdaCost {
  const component: CostComponent = { name: 'Duration', unit: 'GB-seconds', quantity: gbSeconds, unitPrice: 0, monthlyCost, usageKnown: true, priceKey: { service: 'lambda', name: `duration-${architecture}`, region: REGION } }
  return { monthlyCost, complete: true, components: [component] }
}

/** Two x86 tasks of 1 vCPU / 2 GB for 730 hours: 2 × 730 × (0.04048 + 2 × 0.004445) = $72.08. */
const TWO_X86_TASKS = 72.08

describe('compareWithContainer', () => {
  it('a small load needs the two-task floor, and Lambda is cheaper', () => {
    const result = compareWithContainer([fn(100_000, 1.67)], prices, REGION)!
    expect(result).toMatchObject({ tasks: 2, architecture: 'x86', fargateMonthlyCost: TWO_X86_TASKS, lambdaMonthlyCost: 1.67, containerCheaper: false, monthlySaving: -70.41 })
  })

  it('sizes tasks from the average memory at 50% utilisation, 1 vCPU per 1,769 MB', () => {
    // 26,280,000 GB-s over 2,628,000 s = 10 GB on average; at 50% that is 20 GB, 11.58 vCPU: 12 tasks (vCPU-bound).
    const result = compareWithContainer([fn(26_280_000, 438)], prices, REGION)!
    expect(result.tasksForWork).toBeCloseTo((20 * 1024) / 1769, 9)
    expect(result.tasks).toBe(12)
    expect(result.fargateMonthlyCost).toBe(Math.round(12 * 730 * (0.04048 + 2 * 0.004445) * 100) / 100)
    expect(result.containerCheaper).toBe(true)
  })

  it('prices arm64 when most of the work runs on arm64', () => {
    expect(compareWithContainer([fn(100, 1, 'arm64'), fn(99, 1, 'x86')], prices, REGION)!.architecture).toBe('arm64')
    expect(compareWithContainer([fn(100, 1, 'arm64'), fn(100, 1, 'x86')], prices, REGION)!.architecture).toBe('x86')
  })

  it('says nothing without functions or with a function whose cost depends on usage', () => {
    expect(compareWithContainer([], prices, REGION)).toBeUndefined()
    expect(compareWithContainer([{ ...fn(1, 1), complete: false }], prices, REGION)).toBeUndefined()
  })

  it('a region without Fargate prices gives the Lambda side and no verdict', () => {
    expect(compareWithContainer([fn(1, 1)], prices, 'sa-east-1')).toMatchObject({ fargateMonthlyCost: undefined, containerCheaper: undefined, monthlySaving: undefined })
  })
})
