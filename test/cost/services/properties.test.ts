/** Property tests over the service modules: never negative, monotonic in requests and duration. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { totalOf } from '../../../src/cost/components.js'
import { apiGatewayComponents } from '../../../src/cost/services/api-gateway.js'
import { lambdaComponents, type LambdaFunction } from '../../../src/cost/services/lambda.js'
import { stepFunctionsComponents } from '../../../src/cost/services/step-functions.js'
import { usEast1 } from '../fixtures-prices.js'

const functionArb: fc.Arbitrary<LambdaFunction> = fc.record({
  memoryMb: fc.integer({ min: 128, max: 10_240 }),
  architecture: fc.constantFrom('x86_64' as const, 'arm64' as const),
  ephemeralStorageMb: fc.integer({ min: 512, max: 10_240 }),
  provisionedConcurrency: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
})
const requestsArb = fc.double({ min: 0, max: 5e9, noNaN: true })
const durationArb = fc.double({ min: 0, max: 900_000, noNaN: true })
const freeTierArb = fc.boolean()
const notLess = (high: number, low: number) => high >= low - 1e-9 * Math.max(1, Math.abs(low))

const lambdaTotal = (fn: LambdaFunction, requests: number, durationMs: number, freeTier: boolean) =>
  totalOf(lambdaComponents(fn, { monthlyRequests: requests, requestDurationMs: durationMs }, usEast1, { region: 'us-east-1', freeTier }))

describe('Lambda cost properties', () => {
  it('is never negative and always complete when usage and prices are known', () => {
    fc.assert(
      fc.property(functionArb, requestsArb, durationArb, freeTierArb, (fn, requests, duration, freeTier) => {
        const total = lambdaTotal(fn, requests, duration, freeTier)
        return total.complete && total.monthlyCost >= 0
      }),
    )
  })

  it('is monotonic in requests', () => {
    fc.assert(
      fc.property(functionArb, requestsArb, requestsArb, durationArb, freeTierArb, (fn, a, b, duration, freeTier) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        return notLess(lambdaTotal(fn, high, duration, freeTier).monthlyCost, lambdaTotal(fn, low, duration, freeTier).monthlyCost)
      }),
    )
  })

  it('is monotonic in duration', () => {
    fc.assert(
      fc.property(functionArb, requestsArb, durationArb, durationArb, freeTierArb, (fn, requests, a, b, freeTier) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        return notLess(lambdaTotal(fn, requests, high, freeTier).monthlyCost, lambdaTotal(fn, requests, low, freeTier).monthlyCost)
      }),
    )
  })
})

describe('API Gateway and Step Functions cost properties', () => {
  it('are never negative and monotonic in requests', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('REST' as const, 'HTTP' as const, 'WEBSOCKET' as const),
        requestsArb,
        requestsArb,
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        freeTierArb,
        (kind, a, b, sizeKb, freeTier) => {
          const [low, high] = a <= b ? [a, b] : [b, a]
          const cost = (n: number) =>
            totalOf(
              apiGatewayComponents(
                { kind },
                { monthlyRequests: n, requestSizeKb: sizeKb, monthlyMessages: n, messageSizeKb: sizeKb, monthlyConnectionMinutes: n },
                usEast1,
                { region: 'us-east-1', freeTier },
              ),
            ).monthlyCost
          return cost(low) >= 0 && notLess(cost(high), cost(low))
        },
      ),
    )
  })

  it('express workflows are monotonic in requests and duration', () => {
    fc.assert(
      fc.property(requestsArb, requestsArb, durationArb, durationArb, fc.integer({ min: 1, max: 4096 }), (r1, r2, d1, d2, memoryMb) => {
        const cost = (requests: number, durationMs: number) =>
          totalOf(
            stepFunctionsComponents({ type: 'EXPRESS' }, { monthlyRequests: requests, workflowDurationMs: durationMs, memoryMb }, usEast1, {
              region: 'us-east-1',
              freeTier: false,
            }),
          ).monthlyCost
        const [rLow, rHigh] = r1 <= r2 ? [r1, r2] : [r2, r1]
        const [dLow, dHigh] = d1 <= d2 ? [d1, d2] : [d2, d1]
        return cost(rLow, dLow) >= 0 && notLess(cost(rHigh, dLow), cost(rLow, dLow)) && notLess(cost(rLow, dHigh), cost(rLow, dLow))
      }),
    )
  })

  it('totalOf reports an unknown component as incomplete, not as 0', () => {
    const total = totalOf(lambdaComponents({ memoryMb: 128, architecture: 'x86_64', ephemeralStorageMb: 512 }, { monthlyRequests: 2_000_000 }, usEast1, { region: 'us-east-1', freeTier: false }))
    expect(total.complete).toBe(false)
    expect(total.monthlyCost).toBeCloseTo(0.4, 10)
  })
})
