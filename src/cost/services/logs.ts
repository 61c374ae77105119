/**
 * CloudWatch Logs cost components (layer 2; pure). Prices: https://aws.amazon.com/cloudwatch/pricing/
 * — ingestion per GB (us-east-1: Standard $0.50, Infrequent Access $0.25) and storage per GB-month
 * ($0.03). Lambda's logs are "vended" logs and, since 2025-05-01, tiered: $0.50/GB for the first
 * 10 TB, $0.25 for the next 20 TB, $0.10 for the next 20 TB, $0.05 beyond 50 TB (TB = 1,000 GB);
 * the tiers live in the `ingestion-lambda` price. They are per account, so pricing log group by log
 * group applies them to each group. Lambda's IA-class tiers and the CloudWatch free tier are not modelled.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

/** AWS::Logs::LogGroup, or the /aws/lambda/<name> group a function writes to. */
export interface LogGroup {
  /** LogGroupClass; CloudFormation's default is STANDARD. */
  logGroupClass: 'STANDARD' | 'INFREQUENT_ACCESS'
  /** 'lambda' when the group receives a Lambda function's logs (the vended-log tiers apply). */
  source: 'lambda' | 'other'
}

export interface LogsUsage {
  /** GB ingested a month (usage key `monthly_data_ingested_gb`). */
  monthlyDataIngestedGb?: number
  /** GB stored, on average over the month (usage key `storage_gb`). */
  storageGb?: number
}

export interface LogsOptions {
  region: string
}

export const LOGS_SERVICE = 'logs'

export const LOGS_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: LOGS_SERVICE, name: 'ingestion-standard' },
  { service: LOGS_SERVICE, name: 'ingestion-infrequent-access' },
  { service: LOGS_SERVICE, name: 'ingestion-lambda' },
  { service: LOGS_SERVICE, name: 'storage' },
]

export function logsPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(LOGS_PRICE_NEEDS, region)
}

export function logsComponents(group: LogGroup, usage: LogsUsage, prices: PriceSource, options: LogsOptions): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: LOGS_SERVICE, name, region: options.region })
  const ingestion =
    group.logGroupClass === 'INFREQUENT_ACCESS'
      ? { name: 'Data ingested (Infrequent Access)', price: 'ingestion-infrequent-access' }
      : group.source === 'lambda'
        ? { name: 'Data ingested (Lambda vended logs)', price: 'ingestion-lambda' }
        : { name: 'Data ingested', price: 'ingestion-standard' }
  return [
    priceComponent(prices, { name: ingestion.name, key: key(ingestion.price), quantity: usage.monthlyDataIngestedGb, fallbackUnit: 'GB' }),
    priceComponent(prices, { name: 'Storage', key: key('storage'), quantity: usage.storageGb, fallbackUnit: 'GB-month' }),
  ]
}
