/**
 * `pricing update`: fetch every priced service for the asked regions, then replace those
 * (region, service) pairs in the cache in one write. Either everything asked for arrives and the
 * cache is rewritten, or nothing is written and the error says what failed: a half-updated cache
 * would price some services from today and others from a stale or missing source without saying so.
 */
import { UserError } from '../../errors.js'
import type { Price } from '../types.js'
import type { PriceFile, PriceUpdate } from './price-file.js'

export type FetchPrices = (service: string, region: string) => Promise<Price[]>

export interface UpdateRequest {
  regions: string[]
  services: string[]
  /** The cache as it is, if there is one. */
  previous: PriceFile | undefined
  fetch: FetchPrices
  now: Date
  /** Called as each (service, region) completes, for progress. */
  onProgress?: (done: PriceUpdate) => void
  /** Concurrent calls to the Price List API (default 3: it throttles bursts). */
  concurrency?: number
}

export async function updatePriceCache(request: UpdateRequest): Promise<{ file: PriceFile; updates: PriceUpdate[] }> {
  const jobs = request.regions.flatMap((region) => request.services.map((service) => ({ region, service })))
  const results = new Map<string, Price[]>()
  const failures: string[] = []
  const fetchedAt = request.now.toISOString()
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!
      try {
        const prices = await request.fetch(job.service, job.region)
        // No priced item at all means the service is not sold there or the API answered for
        // something else: a gap to report, not an empty price list to cache.
        if (prices.length === 0) failures.push(`${job.service} in ${job.region}: the Price List API returned no prices`)
        else {
          results.set(`${job.region}/${job.service}`, prices)
          request.onProgress?.({ region: job.region, service: job.service, fetchedAt, prices: prices.length })
        }
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        failures.push(`${job.service} in ${job.region}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(request.concurrency ?? 3, jobs.length) }, worker))

  if (failures.length > 0) {
    failures.sort()
    throw new UserError(
      `price update failed for ${failures.length} of ${jobs.length} service${jobs.length === 1 ? '' : 's'}, so the price cache was left as it was: ${failures.join('; ')}`,
      undefined,
      'fix the cause and run `lambdawise pricing update` again',
    )
  }

  const replaced = new Set(results.keys())
  const kept = (request.previous?.prices ?? []).filter((price) => !replaced.has(`${price.key.region}/${price.key.service}`))
  const updates: PriceUpdate[] = jobs.map(({ region, service }) => ({ region, service, fetchedAt, prices: results.get(`${region}/${service}`)!.length }))
  const keptUpdates = (request.previous?.updates ?? []).filter((update) => !replaced.has(`${update.region}/${update.service}`))
  const prices = [...kept, ...[...results.values()].flat()].sort(comparePrices)
  return {
    file: { version: 1, currency: 'USD', updates: [...keptUpdates, ...updates].sort(compareUpdates), prices },
    updates,
  }
}

function comparePrices(a: Price, b: Price): number {
  return compareText(`${a.key.region}/${a.key.service}/${a.key.name}`, `${b.key.region}/${b.key.service}/${b.key.name}`)
}

function compareUpdates(a: PriceUpdate, b: PriceUpdate): number {
  return compareText(`${a.region}/${a.service}`, `${b.region}/${b.service}`)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
