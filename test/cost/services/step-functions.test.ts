import { describe, expect, it } from 'vitest'

import { missingPrices } from '../../../src/cost/components.js'
import { stepFunctionsComponents, stepFunctionsPriceKeys } from '../../../src/cost/services/step-functions.js'
import { usEast1 } from '../fixtures-prices.js'

const options = { region: 'us-east-1', freeTier: false }

describe('stepFunctionsComponents', () => {
  it('declares price keys the us-east-1 fixture fully covers', () => {
    expect(missingPrices(stepFunctionsPriceKeys('us-east-1'), usEast1)).toEqual([])
  })

  it('prices standard state transitions at $0.025 per 1,000, with 4,000 free only with the flag', () => {
    const usage = { monthlyTransitions: 1_000_000 }
    expect(stepFunctionsComponents({ type: 'STANDARD' }, usage, usEast1, options)[0]?.monthlyCost).toBeCloseTo(25, 10)
    expect(
      stepFunctionsComponents({ type: 'STANDARD' }, usage, usEast1, { region: 'us-east-1', freeTier: true })[0]?.monthlyCost,
    ).toBeCloseTo(24.9, 10)
  })

  it('rounds express duration up to 100 ms and memory up to 64 MB', () => {
    const [requests, duration] = stepFunctionsComponents(
      { type: 'EXPRESS' },
      { monthlyRequests: 3_600_000, workflowDurationMs: 901, memoryMb: 65 },
      usEast1,
      options,
    )
    expect(requests?.monthlyCost).toBeCloseTo(3.6, 10)
    // 3.6M × 1.0 s × 128 MB (0.125 GB) / 3600 = 125 GB-hours
    expect(duration?.quantity).toBeCloseTo(125, 9)
    expect(duration?.unit).toBe('GB-hours')
    expect(duration?.monthlyCost).toBeCloseTo(125 * 0.06, 9)
  })

  it('bills at least one 64 MB chunk when memory is not given', () => {
    const [, duration] = stepFunctionsComponents(
      { type: 'EXPRESS' },
      { monthlyRequests: 3_600_000, workflowDurationMs: 1000 },
      usEast1,
      options,
    )
    expect(duration?.quantity).toBeCloseTo(62.5, 9)
  })

  it('crosses the express GB-hour tiers at 1,000 and 5,000', () => {
    // 36M × 10 s × 64 MB / 3600 = 6,250 GB-hours
    const [, duration] = stepFunctionsComponents(
      { type: 'EXPRESS' },
      { monthlyRequests: 36_000_000, workflowDurationMs: 10_000, memoryMb: 64 },
      usEast1,
      options,
    )
    expect(duration?.quantity).toBeCloseTo(6_250, 6)
    expect(duration?.monthlyCost).toBeCloseTo(1_000 * 0.06 + 4_000 * 0.03 + 1_250 * 0.01642, 6)
  })

  it('shows unknown usage as "depends on usage"', () => {
    const [transitions] = stepFunctionsComponents({ type: 'STANDARD' }, {}, usEast1, options)
    expect(transitions).toMatchObject({ usageKnown: false, monthlyCost: undefined })
    const [requests, duration] = stepFunctionsComponents({ type: 'EXPRESS' }, { monthlyRequests: 10 }, usEast1, options)
    expect(requests?.usageKnown).toBe(true)
    expect(duration).toMatchObject({ usageKnown: false, quantity: undefined, monthlyCost: undefined })
  })
})
