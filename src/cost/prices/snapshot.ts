/**
 * The bundled price snapshot (layer 3, design §6): `snapshot.json` next to this module holds the
 * prices the service modules need for the regions it covers, each with its unit, tiers (USD per
 * single unit), source and date. A price the snapshot does not have is `undefined` (the estimate
 * says "price unknown"), never 0; a region it does not cover at all is a UserError suggesting
 * `lambdawise pricing update`.
 *
 * The JSON is imported (import attributes, Node 20.10+) rather than read from disk, so that
 * `tsc` copies it into dist/ with the compiled module.
 */
import { UserError } from '../../errors.js'
import type { Price, PriceKey, PriceSource } from '../types.js'
import snapshotJson from './snapshot.json' with { type: 'json' }

export interface PriceSnapshot {
  version: 1
  currency: 'USD'
  /** What was verified and what is missing, in words. */
  notes?: string[]
  prices: Price[]
}

let cached: PriceSnapshot | undefined

/** The bundled snapshot, checked once (a malformed snapshot is a bug in lambdawise, not the user's). */
export function loadSnapshot(): PriceSnapshot {
  if (cached === undefined) cached = validateSnapshot(snapshotJson as unknown)
  return cached
}

/**
 * `value` as a PriceSnapshot, or an error naming the first thing wrong with it. The bundled
 * snapshot being malformed is a bug (a plain Error); a user's price file or the cache pass their
 * own `fail`, which throws a UserError naming the file.
 */
export function validateSnapshot(
  value: unknown,
  fail: (detail: string) => never = (detail) => {
    throw new Error(`the bundled price snapshot is malformed: ${detail} (a bug in lambdawise)`)
  },
): PriceSnapshot {
  if (!isObject(value)) return fail('not an object')
  if (value.version !== 1) fail(`version ${String(value.version)}, not 1`)
  if (value.currency !== 'USD') fail(`currency ${String(value.currency)}, not USD`)
  if (!Array.isArray(value.prices)) return fail('prices is not a list')
  const seen = new Set<string>()
  value.prices.forEach((price: unknown, index) => {
    const where = `prices[${index}]`
    if (!isObject(price) || !isObject(price.key)) return fail(`${where} has no key`)
    const { service, name, region } = price.key
    if (typeof service !== 'string' || typeof name !== 'string' || typeof region !== 'string' || !service || !name || !region) {
      fail(`${where} has an incomplete key`)
    }
    const id = keyId(price.key as unknown as PriceKey)
    if (seen.has(id)) fail(`${id} appears twice`)
    seen.add(id)
    if (typeof price.unit !== 'string' || price.unit === '') fail(`${id} has no unit`)
    if (typeof price.source !== 'string' || price.source === '') fail(`${id} has no source`)
    if (typeof price.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(price.date)) fail(`${id} has no YYYY-MM-DD date`)
    const tiers: unknown = price.tiers
    if (!Array.isArray(tiers) || tiers.length === 0) return fail(`${id} has no tiers`)
    let previous = 0
    tiers.forEach((tier: unknown, tierIndex) => {
      if (!isObject(tier) || typeof tier.usd !== 'number' || !Number.isFinite(tier.usd) || tier.usd < 0) fail(`${id} tier ${tierIndex} has a bad price`)
      const upTo = (tier as Record<string, unknown>).upTo
      if (upTo !== undefined) {
        if (typeof upTo !== 'number' || !(upTo > previous)) fail(`${id} tier ${tierIndex} does not end above the previous one`)
        previous = upTo as number
      } else if (tierIndex !== tiers.length - 1) {
        fail(`${id} tier ${tierIndex} is open-ended but not last`)
      }
    })
  })
  if (value.notes !== undefined && !(Array.isArray(value.notes) && value.notes.every((note) => typeof note === 'string'))) {
    fail('notes is not a list of strings')
  }
  return value as unknown as PriceSnapshot
}

/** The prices of a snapshot, looked up by key. */
export class SnapshotPriceSource implements PriceSource {
  /** Region, then service, then name: a lookup builds no string (estimate makes tens of thousands). */
  private readonly byRegion = new Map<string, Map<string, Map<string, Price>>>()
  private readonly regionSet = new Set<string>()

  constructor(readonly snapshot: PriceSnapshot = loadSnapshot()) {
    for (const price of snapshot.prices) {
      const { region, service, name } = price.key
      let byService = this.byRegion.get(region)
      if (!byService) this.byRegion.set(region, (byService = new Map()))
      let byName = byService.get(service)
      if (!byName) byService.set(service, (byName = new Map()))
      byName.set(name, price)
      this.regionSet.add(region)
    }
  }

  price(key: PriceKey): Price | undefined {
    return this.byRegion.get(key.region)?.get(key.service)?.get(key.name)
  }

  /** The regions the snapshot has any price for, sorted. */
  regions(): string[] {
    return [...this.regionSet].sort()
  }

  hasRegion(region: string): boolean {
    return this.regionSet.has(region)
  }

  /** Throws a UserError (exit 2) when the snapshot has no prices for `region`. */
  requireRegion(region: string): void {
    if (!this.hasRegion(region)) {
      throw new UserError(
        `the bundled price snapshot has no prices for ${region}`,
        undefined,
        `price in one of ${this.regions().join(', ')} with --region (refreshing prices from the Price List API is not in this version yet)`,
      )
    }
  }
}

function keyId(key: PriceKey): string {
  return `${key.service}/${key.name}/${key.region}`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
