/**
 * Where `estimate` takes its prices from (design §6, layer 3):
 *   --prices FILE      that file only (it replaces the snapshot and the cache);
 *   otherwise          the cache `pricing update` wrote, over the bundled snapshot: a price the
 *                      cache has wins, anything it lacks comes from the snapshot.
 */
import { UserError } from '../../errors.js'
import type { Price, PriceKey, PriceSource } from '../types.js'
import { type PriceFile, priceCachePath, readPriceFile } from './price-file.js'
import { loadSnapshot, SnapshotPriceSource } from './snapshot.js'

export interface PriceLayer {
  /** In the user's words: 'bundled snapshot', 'price cache /home/u/.cache/lambdawise/prices.json', 'prices.json'. */
  label: string
  file: PriceFile
  source: SnapshotPriceSource
}

/** Prices looked up layer by layer, the first layer that has a key winning. */
export class LayeredPriceSource implements PriceSource {
  constructor(readonly layers: PriceLayer[]) {}

  price(key: PriceKey): Price | undefined {
    for (const layer of this.layers) {
      const price = layer.source.price(key)
      if (price) return price
    }
    return undefined
  }

  regions(): string[] {
    return [...new Set(this.layers.flatMap((layer) => layer.source.regions()))].sort()
  }

  /** Throws a UserError (exit 2) when no layer has any price for `region`. */
  requireRegion(region: string): void {
    if (this.layers.some((layer) => layer.source.hasRegion(region))) return
    const where = this.layers.map((layer) => layer.label).join(' or ')
    const known = this.regions()
    throw new UserError(
      `no prices for ${region} in the ${where}`,
      undefined,
      `run \`lambdawise pricing update --region ${region}\` to fetch them from the AWS Price List API${known.length ? `, or price in one of ${known.join(', ')}` : ''}`,
    )
  }
}

export interface PriceSourceOptions {
  /** `--prices FILE`. */
  pricesFile?: string | undefined
  /** The CLI's cache directory, where `pricing update` keeps prices.json. */
  cacheDirectory?: string | undefined
}

export function openPriceSource(options: PriceSourceOptions): LayeredPriceSource {
  if (options.pricesFile !== undefined) {
    const file = readPriceFile(options.pricesFile)!
    return new LayeredPriceSource([{ label: options.pricesFile, file, source: new SnapshotPriceSource(file) }])
  }
  const layers: PriceLayer[] = []
  if (options.cacheDirectory !== undefined) {
    const path = priceCachePath(options.cacheDirectory)
    const cache = readPriceFile(path, { optional: true, what: 'price cache' })
    if (cache) layers.push({ label: `price cache ${path}`, file: cache, source: new SnapshotPriceSource(cache) })
  }
  const snapshot = loadSnapshot()
  layers.push({ label: 'bundled snapshot', file: snapshot, source: new SnapshotPriceSource(snapshot) })
  return new LayeredPriceSource(layers)
}
