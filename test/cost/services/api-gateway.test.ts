import { describe, expect, it } from 'vitest'

import { missingPrices } from '../../../src/cost/components.js'
import { apiGatewayComponents, apiGatewayPriceKeys } from '../../../src/cost/services/api-gateway.js'
import { usEast1 } from '../fixtures-prices.js'

const options = { region: 'us-east-1', freeTier: false }

describe('apiGatewayComponents', () => {
  it('declares price keys the us-east-1 fixture fully covers', () => {
    expect(missingPrices(apiGatewayPriceKeys('us-east-1'), usEast1)).toEqual([])
  })

  it('prices REST requests across the 333M / 667M / 19B tiers', () => {
    const [requests] = apiGatewayComponents({ kind: 'REST' }, { monthlyRequests: 21_000_000_000 }, usEast1, options)
    expect(requests?.name).toBe('REST API requests')
    expect(requests?.unitPrice).toBeCloseTo(3.5e-6, 15)
    // 333M × 3.50 + 667M × 2.80 + 19,000M × 2.38 + 1,000M × 1.51 (per million)
    expect(requests?.monthlyCost).toBeCloseTo(333 * 3.5 + 667 * 2.8 + 19_000 * 2.38 + 1_000 * 1.51, 4)
  })

  it('meters HTTP requests in 512 KB increments', () => {
    const cost = (requestSizeKb?: number) =>
      apiGatewayComponents({ kind: 'HTTP' }, { monthlyRequests: 1_000_000, requestSizeKb }, usEast1, options)[0]
    expect(cost()?.quantity).toBe(1_000_000)
    expect(cost(512)?.quantity).toBe(1_000_000)
    expect(cost(513)?.quantity).toBe(2_000_000)
    expect(cost(1024)?.monthlyCost).toBeCloseTo(2, 10)
  })

  it('prices HTTP requests beyond 300M at $0.90 per million', () => {
    const [requests] = apiGatewayComponents({ kind: 'HTTP' }, { monthlyRequests: 1_000_000_000 }, usEast1, options)
    expect(requests?.monthlyCost).toBeCloseTo(300 + 700 * 0.9, 6)
  })

  it('prices WebSocket messages (32 KB metering, 1B tier) and connection minutes', () => {
    const [messages, minutes] = apiGatewayComponents(
      { kind: 'WEBSOCKET' },
      { monthlyMessages: 600_000_000, messageSizeKb: 33, monthlyConnectionMinutes: 4_000_000 },
      usEast1,
      options,
    )
    // a 33 KB message counts as two: 1.2B metered messages
    expect(messages?.quantity).toBe(1_200_000_000)
    expect(messages?.monthlyCost).toBeCloseTo(1_000 * 1 + 200 * 0.8, 6)
    expect(minutes?.monthlyCost).toBeCloseTo(1, 10)
  })

  it('applies the 12-month free tier only with the flag', () => {
    const free = { region: 'us-east-1', freeTier: true }
    expect(apiGatewayComponents({ kind: 'REST' }, { monthlyRequests: 3_000_000 }, usEast1, free)[0]?.monthlyCost).toBeCloseTo(7, 10)
    expect(apiGatewayComponents({ kind: 'HTTP' }, { monthlyRequests: 3_000_000 }, usEast1, free)[0]?.monthlyCost).toBeCloseTo(2, 10)
    const [messages, minutes] = apiGatewayComponents(
      { kind: 'WEBSOCKET' },
      { monthlyMessages: 1_000_000, monthlyConnectionMinutes: 1_750_000 },
      usEast1,
      free,
    )
    expect(messages?.monthlyCost).toBe(0)
    expect(minutes?.monthlyCost).toBeCloseTo(0.25, 10)
  })

  it('shows unknown usage as "depends on usage"', () => {
    for (const kind of ['REST', 'HTTP', 'WEBSOCKET'] as const) {
      for (const component of apiGatewayComponents({ kind }, {}, usEast1, options)) {
        expect(component).toMatchObject({ usageKnown: false, quantity: undefined, monthlyCost: undefined })
      }
    }
  })
})
