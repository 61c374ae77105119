/**
 * In-memory PriceSources for tests (the only price fixture; test/cost/services/*.test.ts use it
 * too, with their own rows). `usEast1` has us-east-1 figures from ../shared/data/pricing/README.md
 * (collected 2026-11-27). Units are per single unit (per request, per GB-second, ...), at full
 * precision: $0.20 per 1M requests is 0.0000002 per request.
 */
import type { Price, PriceKey, PriceSource, PriceTier } from '../../src/cost/types.js'

const DATE = '2026-11-27'
const LAMBDA_PAGE = 'https://aws.amazon.com/lambda/pricing/'
const APIGW_PAGE = 'https://aws.amazon.com/api-gateway/pricing/'
const SFN_PAGE = 'https://aws.amazon.com/step-functions/pricing/'

const perMillion = (usd: number) => usd / 1_000_000

/** One price as the pricing README gives it (USD per single unit, full precision). */
export interface PriceRow {
  service: string
  name: string
  unit: string
  tiers: PriceTier[]
  source: string
}

export const US_EAST_1_ROWS: readonly PriceRow[] = [
  { service: 'lambda', name: 'requests', unit: 'requests', tiers: [{ usd: perMillion(0.2) }], source: LAMBDA_PAGE },
  {
    service: 'lambda',
    name: 'duration-x86',
    unit: 'GB-seconds',
    tiers: [
      { upTo: 6_000_000_000, usd: 0.0000166667 },
      { upTo: 15_000_000_000, usd: 0.000015 },
      { usd: 0.0000133334 },
    ],
    source: LAMBDA_PAGE,
  },
  {
    service: 'lambda',
    name: 'duration-arm64',
    unit: 'GB-seconds',
    tiers: [
      { upTo: 7_500_000_000, usd: 0.0000133334 },
      { upTo: 18_750_000_000, usd: 0.0000120001 },
      { usd: 0.0000106667 },
    ],
    source: LAMBDA_PAGE,
  },
  { service: 'lambda', name: 'ephemeral-storage', unit: 'GB-seconds', tiers: [{ usd: 0.0000000309 }], source: LAMBDA_PAGE },
  { service: 'lambda', name: 'provisioned-concurrency-x86', unit: 'GB-seconds', tiers: [{ usd: 0.0000041667 }], source: LAMBDA_PAGE },
  { service: 'lambda', name: 'provisioned-concurrency-arm64', unit: 'GB-seconds', tiers: [{ usd: 0.0000033334 }], source: LAMBDA_PAGE },
  { service: 'lambda', name: 'provisioned-duration-x86', unit: 'GB-seconds', tiers: [{ usd: 0.0000097222 }], source: LAMBDA_PAGE },
  { service: 'lambda', name: 'provisioned-duration-arm64', unit: 'GB-seconds', tiers: [{ usd: 0.0000077778 }], source: LAMBDA_PAGE },
  {
    service: 'apigateway',
    name: 'rest-requests',
    unit: 'requests',
    tiers: [
      { upTo: 333_000_000, usd: perMillion(3.5) },
      { upTo: 1_000_000_000, usd: perMillion(2.8) },
      { upTo: 20_000_000_000, usd: perMillion(2.38) },
      { usd: perMillion(1.51) },
    ],
    source: APIGW_PAGE,
  },
  {
    service: 'apigateway',
    name: 'http-requests',
    unit: 'requests',
    tiers: [{ upTo: 300_000_000, usd: perMillion(1) }, { usd: perMillion(0.9) }],
    source: APIGW_PAGE,
  },
  {
    service: 'apigateway',
    name: 'websocket-messages',
    unit: 'messages',
    tiers: [{ upTo: 1_000_000_000, usd: perMillion(1) }, { usd: perMillion(0.8) }],
    source: APIGW_PAGE,
  },
  { service: 'apigateway', name: 'websocket-connection-minutes', unit: 'minutes', tiers: [{ usd: perMillion(0.25) }], source: APIGW_PAGE },
  { service: 'stepfunctions', name: 'standard-transitions', unit: 'transitions', tiers: [{ usd: 0.025 / 1000 }], source: SFN_PAGE },
  { service: 'stepfunctions', name: 'express-requests', unit: 'requests', tiers: [{ usd: perMillion(1) }], source: SFN_PAGE },
  {
    service: 'stepfunctions',
    name: 'express-duration',
    unit: 'GB-hours',
    tiers: [{ upTo: 1_000, usd: 0.06 }, { upTo: 5_000, usd: 0.03 }, { usd: 0.01642 }],
    source: SFN_PAGE,
  },
]

const keyString = (key: PriceKey) => `${key.service}/${key.name}/${key.region}`

/**
 * A PriceSource with only the prices in `rows`, each in `region` (us-east-1 unless told);
 * `overrides` replace the tiers of named prices (`'service/name'`).
 */
export function memoryPrices(
  rows: readonly PriceRow[] = US_EAST_1_ROWS,
  region = 'us-east-1',
  overrides: Record<string, PriceTier[]> = {},
): PriceSource {
  const prices = new Map<string, Price>()
  for (const row of rows) {
    const key = { service: row.service, name: row.name, region }
    const tiers = overrides[`${row.service}/${row.name}`] ?? row.tiers
    prices.set(keyString(key), { key, unit: row.unit, tiers, source: row.source, date: DATE })
  }
  return { price: key => prices.get(keyString(key)) }
}

export const usEast1 = memoryPrices()

/** A PriceSource that has no prices at all. */
export const noPrices: PriceSource = { price: () => undefined }
