/**
 * Amazon DynamoDB (Standard table class) cost components (layer 2; pure). Prices:
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ — on-demand write and read request units
 * (us-east-1: $0.625 and $0.125 per 1M); https://aws.amazon.com/dynamodb/pricing/provisioned/ —
 * provisioned capacity per unit-hour ($0.00065/WCU-hour, $0.00013/RCU-hour; 730 hours a month);
 * storage $0.25/GB-month. With the free tier: 25 GB of storage and, for provisioned tables, 25 WCU
 * and 25 RCU all month. Indexes, auto scaling, backups, streams and global tables are not priced here.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import { withFreeAllowance } from '../tiers.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

/** AWS::DynamoDB::Table (or AWS::Serverless::SimpleTable), typed. */
export type DynamoDbTable =
  | { billingMode: 'PAY_PER_REQUEST' }
  | {
      billingMode: 'PROVISIONED'
      /** ProvisionedThroughput; undefined when the template does not say (then it depends on usage). */
      readCapacityUnits?: number
      writeCapacityUnits?: number
    }

export interface DynamoDbUsage {
  /** On-demand: read request units a month (usage key `monthly_read_request_units`). */
  monthlyReadRequestUnits?: number
  /** On-demand: write request units a month (usage key `monthly_write_request_units`). */
  monthlyWriteRequestUnits?: number
  /** Average table size in GB over the month (usage key `storage_gb`). */
  storageGb?: number
}

export interface DynamoDbOptions {
  region: string
  freeTier: boolean
}

export const DYNAMODB_SERVICE = 'dynamodb'
export const DYNAMODB_FREE_STORAGE_GB = 25
/** Free-tier provisioned capacity: 25 WCU and 25 RCU, all month. */
export const DYNAMODB_FREE_CAPACITY_UNITS = 25
/** A month is 730 hours (design §6). */
const DYNAMODB_HOURS_PER_MONTH = 730

export const DYNAMODB_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: DYNAMODB_SERVICE, name: 'write-request-units' },
  { service: DYNAMODB_SERVICE, name: 'read-request-units' },
  { service: DYNAMODB_SERVICE, name: 'write-capacity-unit-hours' },
  { service: DYNAMODB_SERVICE, name: 'read-capacity-unit-hours' },
  { service: DYNAMODB_SERVICE, name: 'storage' },
]

export function dynamoDbPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(DYNAMODB_PRICE_NEEDS, region)
}

export function dynamoDbComponents(
  table: DynamoDbTable,
  usage: DynamoDbUsage,
  prices: PriceSource,
  options: DynamoDbOptions,
): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: DYNAMODB_SERVICE, name, region: options.region })
  const free = (quantity: number) =>
    options.freeTier ? (tiers: Parameters<typeof withFreeAllowance>[0]) => withFreeAllowance(tiers, quantity) : undefined
  const unitHours = (units: number | undefined) => (units === undefined ? undefined : units * DYNAMODB_HOURS_PER_MONTH)
  const freeUnitHours = DYNAMODB_FREE_CAPACITY_UNITS * DYNAMODB_HOURS_PER_MONTH

  const components: CostComponent[] =
    table.billingMode === 'PAY_PER_REQUEST'
      ? [
          priceComponent(prices, {
            name: 'Write request units (on-demand)',
            key: key('write-request-units'),
            quantity: usage.monthlyWriteRequestUnits,
            fallbackUnit: 'WRU',
          }),
          priceComponent(prices, {
            name: 'Read request units (on-demand)',
            key: key('read-request-units'),
            quantity: usage.monthlyReadRequestUnits,
            fallbackUnit: 'RRU',
          }),
        ]
      : [
          priceComponent(prices, {
            name: 'Write capacity (provisioned)',
            key: key('write-capacity-unit-hours'),
            quantity: unitHours(table.writeCapacityUnits),
            adjustTiers: free(freeUnitHours),
            fallbackUnit: 'WCU-hours',
          }),
          priceComponent(prices, {
            name: 'Read capacity (provisioned)',
            key: key('read-capacity-unit-hours'),
            quantity: unitHours(table.readCapacityUnits),
            adjustTiers: free(freeUnitHours),
            fallbackUnit: 'RCU-hours',
          }),
        ]
  components.push(
    priceComponent(prices, {
      name: 'Storage',
      key: key('storage'),
      quantity: usage.storageGb,
      adjustTiers: free(DYNAMODB_FREE_STORAGE_GB),
      fallbackUnit: 'GB-month',
    }),
  )
  return components
}
