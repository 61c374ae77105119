/**
 * Price files the user has: the cache `pricing update` writes, and a file given with `--prices`.
 * Both have the bundled snapshot's format (version, currency, prices with key, unit, tiers, source
 * and date); the cache adds when each region's services were last fetched.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { UserError } from '../../errors.js'
import { type PriceSnapshot, validateSnapshot } from './snapshot.js'

/** One service of one region, as fetched from the Price List API. */
export interface PriceUpdate {
  region: string
  service: string
  /** When it was fetched, ISO 8601. */
  fetchedAt: string
  /** How many prices it brought. */
  prices: number
}

export interface PriceFile extends PriceSnapshot {
  /** Present in the cache: what `pricing update` fetched and when. */
  updates?: PriceUpdate[]
}

/** The cache file inside the CLI's cache directory (oclif's: LAMBDAWISE_CACHE_DIR, else XDG_CACHE_HOME/lambdawise, else ~/.cache/lambdawise). */
export function priceCachePath(cacheDirectory: string): string {
  return join(cacheDirectory, 'prices.json')
}

/** Reads a price file; undefined when it does not exist (and `optional`), a UserError naming the file when it is unusable. */
export function readPriceFile(file: string, { optional = false, what = 'price file' } = {}): PriceFile | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && optional) return undefined
    throw new UserError(code === 'ENOENT' ? `no such ${what}` : `cannot read the ${what}: ${code ?? (error as Error).message}`, { file }, 'check the path')
  }
  return parsePriceFile(text, file, what)
}

export function parsePriceFile(text: string, file: string, what = 'price file'): PriceFile {
  const hint = what === 'price cache' ? 'run `lambdawise pricing update` to rebuild it, or delete the file' : 'a price file has the bundled snapshot\'s format: see docs/estimate.md'
  const fail = (detail: string): never => {
    throw new UserError(`the ${what} is not valid: ${detail}`, { file }, hint)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`)
  }
  const snapshot: PriceFile = validateSnapshot(value, fail)
  const updates: unknown = (value as Record<string, unknown>).updates
  if (updates !== undefined) {
    const valid = Array.isArray(updates) && updates.every((update: unknown) => {
      if (typeof update !== 'object' || update === null) return false
      const { region, service, fetchedAt, prices } = update as Record<string, unknown>
      return typeof region === 'string' && typeof service === 'string' && typeof fetchedAt === 'string' && typeof prices === 'number'
    })
    if (!valid) fail('updates is not a list of {region, service, fetchedAt, prices}')
  }
  return snapshot
}
