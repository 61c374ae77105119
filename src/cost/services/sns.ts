/**
 * Amazon SNS (standard topics) cost components (layer 2; pure). Prices and metering:
 * https://aws.amazon.com/sns/pricing/ — publishes, each 64 KB chunk billed as one request
 * ($0.50/1M in us-east-1, 1M free with the free tier), and deliveries by subscription protocol:
 * SQS and Lambda $0; HTTP/S $0.60/1M (100k free); email $20/1M (1k free).
 *
 * Every subscription receives every published message (filter policies are not modelled), and a
 * delivery counts once per message, not per 64 KB chunk. Other protocols (sms, application,
 * firehose) get a component priced from `deliveries-<protocol>` when the source has it; otherwise
 * its cost stays unknown, never 0.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import { chunks, withFreeAllowance } from '../tiers.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

/** AWS::SNS::Topic with its subscriptions (AWS::SNS::Subscription or the topic's Subscription list). */
export interface SnsTopic {
  /** Each subscription's protocol as CloudFormation spells it: 'sqs', 'lambda', 'http', 'https', 'email', 'email-json', ... */
  subscriptions: { protocol: string }[]
}

export interface SnsUsage {
  /** Messages published a month (usage key `monthly_requests`). */
  monthlyRequests?: number
  /** Average message size in KB (usage key `request_size_kb`); each 64 KB chunk of a publish is one request. */
  requestSizeKb?: number
}

export interface SnsOptions {
  region: string
  freeTier: boolean
}

export const SNS_SERVICE = 'sns'
export const SNS_METERING_KB = 64
export const SNS_FREE_PUBLISHES = 1_000_000
/** Free deliveries a month per price group (SNS pricing page). */
export const SNS_FREE_DELIVERIES: Readonly<Record<string, number>> = { http: 100_000, email: 1_000 }

export const SNS_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: SNS_SERVICE, name: 'publishes' },
  { service: SNS_SERVICE, name: 'deliveries-http' },
  { service: SNS_SERVICE, name: 'deliveries-email' },
  { service: SNS_SERVICE, name: 'deliveries-sqs' },
  { service: SNS_SERVICE, name: 'deliveries-lambda' },
]

export function snsPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(SNS_PRICE_NEEDS, region)
}

/** The price group of a CloudFormation protocol: https is priced as http, email-json as email. */
export function snsDeliveryGroup(protocol: string): string {
  const group = protocol.toLowerCase()
  if (group === 'https') return 'http'
  if (group === 'email-json') return 'email'
  return group
}

const DELIVERY_LABELS: Readonly<Record<string, string>> = {
  http: 'HTTP/S deliveries',
  email: 'Email deliveries',
  sqs: 'SQS deliveries',
  lambda: 'Lambda deliveries',
}

export function snsComponents(topic: SnsTopic, usage: SnsUsage, prices: PriceSource, options: SnsOptions): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: SNS_SERVICE, name, region: options.region })
  const free = (quantity: number) =>
    options.freeTier && quantity > 0 ? (tiers: Parameters<typeof withFreeAllowance>[0]) => withFreeAllowance(tiers, quantity) : undefined
  const messages = usage.monthlyRequests
  const perPublish = usage.requestSizeKb === undefined ? 1 : chunks(usage.requestSizeKb, SNS_METERING_KB)

  const components: CostComponent[] = [
    priceComponent(prices, {
      name: 'Publishes',
      key: key('publishes'),
      quantity: messages === undefined ? undefined : messages * perPublish,
      adjustTiers: free(SNS_FREE_PUBLISHES),
      fallbackUnit: 'requests',
    }),
  ]

  const subscriptionsPerGroup = new Map<string, number>()
  for (const { protocol } of topic.subscriptions) {
    const group = snsDeliveryGroup(protocol)
    subscriptionsPerGroup.set(group, (subscriptionsPerGroup.get(group) ?? 0) + 1)
  }
  for (const [group, subscriptions] of subscriptionsPerGroup) {
    components.push(
      priceComponent(prices, {
        name: DELIVERY_LABELS[group] ?? `${group} deliveries`,
        key: key(`deliveries-${group}`),
        quantity: messages === undefined ? undefined : messages * subscriptions,
        adjustTiers: free(SNS_FREE_DELIVERIES[group] ?? 0),
        fallbackUnit: 'notifications',
      }),
    )
  }
  return components
}
