/**
 * NAT gateway cost components (layer 2; pure). Prices: https://aws.amazon.com/vpc/pricing/ —
 * per gateway-hour (730 a month, always known) and per GB processed ($0.045 each in us-east-1).
 * Data transfer out to the internet is billed separately and is not priced here; there is no free tier.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

/** AWS::EC2::NatGateway (nothing in the template changes its price). */
export type NatGateway = Record<string, never>

export interface NatGatewayUsage {
  /** GB processed by the gateway a month (usage key `monthly_data_processed_gb`). */
  monthlyDataProcessedGb?: number
}

export interface NatGatewayOptions {
  region: string
}

export const NAT_SERVICE = 'nat'
/** A month is 730 hours (design §6). */
const NAT_HOURS_PER_MONTH = 730

export const NAT_GATEWAY_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: NAT_SERVICE, name: 'hours' },
  { service: NAT_SERVICE, name: 'data-processed' },
]

export function natGatewayPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(NAT_GATEWAY_PRICE_NEEDS, region)
}

export function natGatewayComponents(
  _gateway: NatGateway,
  usage: NatGatewayUsage,
  prices: PriceSource,
  options: NatGatewayOptions,
): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: NAT_SERVICE, name, region: options.region })
  return [
    priceComponent(prices, { name: 'NAT gateway', key: key('hours'), quantity: NAT_HOURS_PER_MONTH, fallbackUnit: 'hours' }),
    priceComponent(prices, {
      name: 'Data processed',
      key: key('data-processed'),
      quantity: usage.monthlyDataProcessedGb,
      fallbackUnit: 'GB',
    }),
  ]
}
