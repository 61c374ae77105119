/**
 * Amazon API Gateway cost components (layer 2; pure). Prices and metering:
 * https://aws.amazon.com/api-gateway/pricing/ — REST requests (333M/667M/19B tiers), HTTP
 * requests (300M tier, metered in 512 KB increments), WebSocket messages (1B tier, metered in
 * 32 KB increments) and connection minutes. The 12-month free tier (1M REST calls, 1M HTTP
 * calls, 1M messages, 750,000 connection minutes) applies only with `freeTier` (and only to
 * accounts created before 2025-07-15).
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import { chunks, withFreeAllowance } from '../tiers.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

export type ApiKind = 'REST' | 'HTTP' | 'WEBSOCKET'

export interface ApiGatewayApi {
  kind: ApiKind
}

export interface ApiGatewayUsage {
  /** REST and HTTP: API calls a month (usage key `monthly_requests`). */
  monthlyRequests?: number
  /** HTTP: average request size in KB (usage key `request_size_kb`); metered per 512 KB. */
  requestSizeKb?: number
  /** WebSocket: messages sent and received a month. */
  monthlyMessages?: number
  /** WebSocket: average message size in KB; metered per 32 KB. */
  messageSizeKb?: number
  /** WebSocket: connection minutes a month. */
  monthlyConnectionMinutes?: number
}

export interface ApiGatewayOptions {
  region: string
  freeTier: boolean
}

export const API_GATEWAY_SERVICE = 'apigateway'
export const HTTP_METERING_KB = 512
export const WEBSOCKET_METERING_KB = 32
export const API_GATEWAY_FREE_REQUESTS = 1_000_000
export const API_GATEWAY_FREE_MESSAGES = 1_000_000
export const API_GATEWAY_FREE_CONNECTION_MINUTES = 750_000

export const API_GATEWAY_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: API_GATEWAY_SERVICE, name: 'rest-requests' },
  { service: API_GATEWAY_SERVICE, name: 'http-requests' },
  { service: API_GATEWAY_SERVICE, name: 'websocket-messages' },
  { service: API_GATEWAY_SERVICE, name: 'websocket-connection-minutes' },
]

export function apiGatewayPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(API_GATEWAY_PRICE_NEEDS, region)
}

export function apiGatewayComponents(
  api: ApiGatewayApi,
  usage: ApiGatewayUsage,
  prices: PriceSource,
  options: ApiGatewayOptions,
): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: API_GATEWAY_SERVICE, name, region: options.region })
  const free = (quantity: number) =>
    options.freeTier ? (tiers: Parameters<typeof withFreeAllowance>[0]) => withFreeAllowance(tiers, quantity) : undefined

  switch (api.kind) {
    case 'REST':
      return [
        priceComponent(prices, {
          name: 'REST API requests',
          key: key('rest-requests'),
          quantity: usage.monthlyRequests,
          adjustTiers: free(API_GATEWAY_FREE_REQUESTS),
          fallbackUnit: 'requests',
        }),
      ]
    case 'HTTP': {
      // A 1 MB request is metered as two 512 KB requests; unknown size counts as one.
      const perRequest = usage.requestSizeKb === undefined ? 1 : chunks(usage.requestSizeKb, HTTP_METERING_KB)
      return [
        priceComponent(prices, {
          name: 'HTTP API requests',
          key: key('http-requests'),
          quantity: usage.monthlyRequests === undefined ? undefined : usage.monthlyRequests * perRequest,
          adjustTiers: free(API_GATEWAY_FREE_REQUESTS),
          fallbackUnit: 'requests',
        }),
      ]
    }
    case 'WEBSOCKET': {
      const perMessage = usage.messageSizeKb === undefined ? 1 : chunks(usage.messageSizeKb, WEBSOCKET_METERING_KB)
      return [
        priceComponent(prices, {
          name: 'WebSocket messages',
          key: key('websocket-messages'),
          quantity: usage.monthlyMessages === undefined ? undefined : usage.monthlyMessages * perMessage,
          adjustTiers: free(API_GATEWAY_FREE_MESSAGES),
          fallbackUnit: 'messages',
        }),
        priceComponent(prices, {
          name: 'WebSocket connection minutes',
          key: key('websocket-connection-minutes'),
          quantity: usage.monthlyConnectionMinutes,
          adjustTiers: free(API_GATEWAY_FREE_CONNECTION_MINUTES),
          fallbackUnit: 'minutes',
        }),
      ]
    }
  }
}
