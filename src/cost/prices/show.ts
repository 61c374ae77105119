/** `pricing show`: every price an estimate would use, which layer it comes from, and from when. */
import type { Price } from '../types.js'
import type { LayeredPriceSource } from './sources.js'

export interface PriceInUse {
  price: Price
  /** The layer's label: 'bundled snapshot', 'price cache <path>' or the --prices file. */
  from: string
  /** For the cache: when `pricing update` fetched this service in this region. */
  fetchedAt?: string
}

export function pricesInUse(source: LayeredPriceSource, region?: string): PriceInUse[] {
  const seen = new Set<string>()
  const inUse: PriceInUse[] = []
  for (const layer of source.layers) {
    for (const price of layer.file.prices) {
      if (region !== undefined && price.key.region !== region) continue
      const id = `${price.key.region}/${price.key.service}/${price.key.name}`
      if (seen.has(id)) continue
      seen.add(id)
      const update = layer.file.updates?.find((candidate) => candidate.region === price.key.region && candidate.service === price.key.service)
      inUse.push({ price, from: layer.label, ...(update ? { fetchedAt: update.fetchedAt } : {}) })
    }
  }
  const order = (entry: PriceInUse) => `${entry.price.key.region}/${entry.price.key.service}/${entry.price.key.name}`
  return inUse.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
}

/** A fixed-width table: region, service, price name, first-tier price per unit, tiers, source, date. */
export function pricesToTable(prices: PriceInUse[]): string {
  const rows = [['REGION', 'SERVICE', 'PRICE', 'USD', 'UNIT', 'TIERS', 'FROM', 'DATE']]
  for (const { price, from, fetchedAt } of prices) {
    rows.push([
      price.key.region,
      price.key.service,
      price.key.name,
      String(price.tiers[0]!.usd),
      price.unit,
      String(price.tiers.length),
      from === 'bundled snapshot' ? 'snapshot' : from.startsWith('price cache') ? 'cache' : from,
      fetchedAt ? fetchedAt.slice(0, 10) : price.date,
    ])
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n'
}
