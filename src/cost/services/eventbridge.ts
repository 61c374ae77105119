/**
 * Amazon EventBridge cost components (layer 2; pure). Prices and metering:
 * https://aws.amazon.com/eventbridge/pricing/ — custom events put on a bus ($1.00/1M in
 * us-east-1, each 64 KB chunk billed as one event), EventBridge Scheduler invocations ($1.00/1M,
 * 14M a month free with the free tier) and Pipes requests ($0.40/1M, 64 KB chunks). Events AWS
 * services put on the default bus are free and are not priced here.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import { chunks, withFreeAllowance } from '../tiers.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

/**
 * The priced EventBridge resources: a bus (AWS::Events::EventBus, or the default bus behind an
 * AWS::Events::Rule that receives custom events), a schedule (AWS::Scheduler::Schedule) or a pipe
 * (AWS::Pipes::Pipe).
 */
export interface EventBridgeResource {
  kind: 'bus' | 'schedule' | 'pipe'
}

export interface EventBridgeUsage {
  /** Bus: custom events put a month (usage key `monthly_custom_events`). */
  monthlyCustomEvents?: number
  /** Schedule: invocations a month (usage key `monthly_invocations`). */
  monthlyInvocations?: number
  /** Pipe: requests a month (usage key `monthly_requests`). */
  monthlyRequests?: number
  /** Bus and pipe: average event size in KB (usage key `request_size_kb`); each 64 KB chunk is one event. */
  requestSizeKb?: number
}

export interface EventBridgeOptions {
  region: string
  freeTier: boolean
}

export const EVENTBRIDGE_SERVICE = 'eventbridge'
export const EVENTBRIDGE_METERING_KB = 64
export const SCHEDULER_FREE_INVOCATIONS = 14_000_000

export const EVENTBRIDGE_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: EVENTBRIDGE_SERVICE, name: 'custom-events' },
  { service: EVENTBRIDGE_SERVICE, name: 'scheduler-invocations' },
  { service: EVENTBRIDGE_SERVICE, name: 'pipes-requests' },
]

export function eventBridgePriceKeys(region: string): PriceKey[] {
  return priceKeysFor(EVENTBRIDGE_PRICE_NEEDS, region)
}

export function eventBridgeComponents(
  resource: EventBridgeResource,
  usage: EventBridgeUsage,
  prices: PriceSource,
  options: EventBridgeOptions,
): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: EVENTBRIDGE_SERVICE, name, region: options.region })
  const perEvent = usage.requestSizeKb === undefined ? 1 : chunks(usage.requestSizeKb, EVENTBRIDGE_METERING_KB)
  const chunked = (count: number | undefined) => (count === undefined ? undefined : count * perEvent)

  switch (resource.kind) {
    case 'bus':
      return [
        priceComponent(prices, {
          name: 'Custom events',
          key: key('custom-events'),
          quantity: chunked(usage.monthlyCustomEvents),
          fallbackUnit: 'events',
        }),
      ]
    case 'schedule':
      return [
        priceComponent(prices, {
          name: 'Scheduler invocations',
          key: key('scheduler-invocations'),
          quantity: usage.monthlyInvocations,
          adjustTiers: options.freeTier ? tiers => withFreeAllowance(tiers, SCHEDULER_FREE_INVOCATIONS) : undefined,
          fallbackUnit: 'invocations',
        }),
      ]
    case 'pipe':
      return [
        priceComponent(prices, {
          name: 'Pipes requests',
          key: key('pipes-requests'),
          quantity: chunked(usage.monthlyRequests),
          fallbackUnit: 'requests',
        }),
      ]
  }
}
