/**
 * AWS Step Functions cost components (layer 2; pure). Prices and metering:
 * https://aws.amazon.com/step-functions/pricing/ — standard workflows per state transition
 * (4,000 free a month, forever; applied only with `freeTier`); express workflows per request
 * plus GB-hours, duration rounded up to 100 ms and memory billed in 64 MB chunks, tiered
 * $0.06 (first 1,000 GB-h), $0.03 (next 4,000), $0.01642 beyond in us-east-1.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import { roundUpTo, withFreeAllowance } from '../tiers.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

export type StateMachineType = 'STANDARD' | 'EXPRESS'

export interface StateMachine {
  type: StateMachineType
}

export interface StepFunctionsUsage {
  /** Standard: state transitions a month, retries included (usage key `monthly_transitions`). */
  monthlyTransitions?: number
  /** Express: executions a month (usage key `monthly_requests`). */
  monthlyRequests?: number
  /** Express: average execution duration in ms (usage key `workflow_duration_ms`). */
  workflowDurationMs?: number
  /** Express: memory used by an execution in MB (usage key `memory_mb`); 64 MB when not given. */
  memoryMb?: number
}

export interface StepFunctionsOptions {
  region: string
  freeTier: boolean
}

export const STEP_FUNCTIONS_SERVICE = 'stepfunctions'
export const STEP_FUNCTIONS_FREE_TRANSITIONS = 4_000
export const EXPRESS_DURATION_STEP_MS = 100
export const EXPRESS_MEMORY_STEP_MB = 64
/**
 * An express execution uses at least 50 MB (the page's estimate: 50 MB + definition + data),
 * so it is billed at least one 64 MB chunk; that is the default when memory is not given.
 */
export const EXPRESS_DEFAULT_MEMORY_MB = 64

export const STEP_FUNCTIONS_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: STEP_FUNCTIONS_SERVICE, name: 'standard-transitions' },
  { service: STEP_FUNCTIONS_SERVICE, name: 'express-requests' },
  { service: STEP_FUNCTIONS_SERVICE, name: 'express-duration' },
]

export function stepFunctionsPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(STEP_FUNCTIONS_PRICE_NEEDS, region)
}

export function stepFunctionsComponents(
  machine: StateMachine,
  usage: StepFunctionsUsage,
  prices: PriceSource,
  options: StepFunctionsOptions,
): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: STEP_FUNCTIONS_SERVICE, name, region: options.region })
  if (machine.type === 'STANDARD') {
    return [
      priceComponent(prices, {
        name: 'State transitions',
        key: key('standard-transitions'),
        quantity: usage.monthlyTransitions,
        adjustTiers: options.freeTier ? tiers => withFreeAllowance(tiers, STEP_FUNCTIONS_FREE_TRANSITIONS) : undefined,
        fallbackUnit: 'transitions',
      }),
    ]
  }
  const requests = usage.monthlyRequests
  const billedMemoryMb = Math.max(
    EXPRESS_MEMORY_STEP_MB,
    roundUpTo(usage.memoryMb ?? EXPRESS_DEFAULT_MEMORY_MB, EXPRESS_MEMORY_STEP_MB),
  )
  const memoryGb = billedMemoryMb / 1024
  const gbHours =
    requests !== undefined && usage.workflowDurationMs !== undefined
      ? (requests * (roundUpTo(usage.workflowDurationMs, EXPRESS_DURATION_STEP_MS) / 1000) * memoryGb) / 3600
      : undefined
  return [
    priceComponent(prices, {
      name: 'Express requests',
      key: key('express-requests'),
      quantity: requests,
      fallbackUnit: 'requests',
    }),
    priceComponent(prices, {
      name: 'Express duration',
      key: key('express-duration'),
      quantity: gbHours,
      fallbackUnit: 'GB-hours',
    }),
  ]
}
