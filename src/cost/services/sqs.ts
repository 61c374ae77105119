/**
 * Amazon SQS cost components (layer 2; pure). Prices and metering:
 * https://aws.amazon.com/sqs/pricing/ — requests, each 64 KB chunk of a payload billed as one
 * request, tiered on the month's total (us-east-1 standard: $0.40/1M up to 100B, $0.30 to 200B,
 * $0.24 beyond; FIFO: $0.50 / $0.40 / $0.35). The 1M requests/month free tier applies only with
 * `freeTier`; it is per account, so pricing queue by queue applies it to each queue.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import { chunks, withFreeAllowance } from '../tiers.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

/** AWS::SQS::Queue, typed (FifoQueue defaults to false). */
export interface SqsQueue {
  fifo: boolean
}

export interface SqsUsage {
  /** API requests a month (send, receive, delete, ...) before chunking (usage key `monthly_requests`). */
  monthlyRequests?: number
  /** Average payload size in KB (usage key `request_size_kb`); each 64 KB chunk is one request; unknown counts as one. */
  requestSizeKb?: number
}

export interface SqsOptions {
  region: string
  freeTier: boolean
}

export const SQS_SERVICE = 'sqs'
export const SQS_METERING_KB = 64
export const SQS_FREE_REQUESTS = 1_000_000

export const SQS_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: SQS_SERVICE, name: 'requests-standard' },
  { service: SQS_SERVICE, name: 'requests-fifo' },
]

export function sqsPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(SQS_PRICE_NEEDS, region)
}

export function sqsComponents(queue: SqsQueue, usage: SqsUsage, prices: PriceSource, options: SqsOptions): CostComponent[] {
  const perRequest = usage.requestSizeKb === undefined ? 1 : chunks(usage.requestSizeKb, SQS_METERING_KB)
  const requests = usage.monthlyRequests === undefined ? undefined : usage.monthlyRequests * perRequest
  return [
    priceComponent(prices, {
      name: queue.fifo ? 'Requests (FIFO)' : 'Requests (standard)',
      key: { service: SQS_SERVICE, name: queue.fifo ? 'requests-fifo' : 'requests-standard', region: options.region },
      quantity: requests,
      adjustTiers: options.freeTier ? tiers => withFreeAllowance(tiers, SQS_FREE_REQUESTS) : undefined,
      fallbackUnit: 'requests',
    }),
  ]
}
