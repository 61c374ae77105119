import type { Price, PriceKey, PriceSource, PriceTier } from '../../../src/cost/types.js'

/** One us-east-1 price as the pricing README gives it (USD per single unit, full precision). */
export interface PriceRow {
  service: string
  name: string
  unit: string
  tiers: PriceTier[]
  source: string
}

/** An in-memory PriceSource for tests: only the rows given, only in us-east-1 (unless `region` says otherwise). */
export function inMemoryPrices(rows: PriceRow[], region = 'us-east-1'): PriceSource {
  const byKey = new Map<string, Price>()
  for (const row of rows) {
    const key: PriceKey = { service: row.service, name: row.name, region }
    byKey.set(`${row.service}/${row.name}/${region}`, { key, unit: row.unit, tiers: row.tiers, source: row.source, date: '2026-11-27' })
  }
  return { price: (key) => byKey.get(`${key.service}/${key.name}/${key.region}`) }
}

/** A PriceSource that has no prices at all. */
export const noPrices: PriceSource = { price: () => undefined }
