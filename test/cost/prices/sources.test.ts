import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { priceCachePath } from '../../../src/cost/prices/price-file.js'
import { pricesInUse } from '../../../src/cost/prices/show.js'
import { openPriceSource } from '../../../src/cost/prices/sources.js'
import { UserError } from '../../../src/errors.js'

let directory: string
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'lambdawise-prices-'))
})
afterEach(() => rmSync(directory, { recursive: true, force: true }))

const REQUESTS = { service: 'lambda', name: 'requests', region: 'us-east-1' }

function priceFile(prices: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, currency: 'USD', prices, ...extra })
}

const cachedRequests = { key: REQUESTS, unit: 'requests', tiers: [{ usd: 0.0000003 }], source: 'Price List API SKU X', date: '2026-11-27' }

describe('openPriceSource', () => {
  it('without a cache: the bundled snapshot', () => {
    const source = openPriceSource({ cacheDirectory: directory })
    expect(source.layers.map((layer) => layer.label)).toEqual(['bundled snapshot'])
    expect(source.price(REQUESTS)?.tiers[0]?.usd).toBe(0.0000002)
  })

  it('the cache wins over the snapshot for what it has; the rest comes from the snapshot', () => {
    writeFileSync(priceCachePath(directory), priceFile([cachedRequests], { updates: [{ region: 'us-east-1', service: 'lambda', fetchedAt: '2026-11-27T10:00:00.000Z', prices: 1 }] }))
    const source = openPriceSource({ cacheDirectory: directory })
    expect(source.price(REQUESTS)?.tiers[0]?.usd).toBe(0.0000003)
    expect(source.price({ ...REQUESTS, name: 'duration-x86' })?.tiers[0]?.usd).toBe(0.0000166667)
    const shown = pricesInUse(source, 'us-east-1')
    expect(shown.find((entry) => entry.price.key.name === 'requests' && entry.price.key.service === 'lambda')).toMatchObject({ from: `price cache ${priceCachePath(directory)}`, fetchedAt: '2026-11-27T10:00:00.000Z' })
    expect(shown.find((entry) => entry.price.key.name === 'duration-x86')).toMatchObject({ from: 'bundled snapshot' })
  })

  it('--prices replaces both: a key it lacks has no price', () => {
    const file = join(directory, 'mine.json')
    writeFileSync(file, priceFile([cachedRequests]))
    const source = openPriceSource({ pricesFile: file, cacheDirectory: directory })
    expect(source.price(REQUESTS)?.tiers[0]?.usd).toBe(0.0000003)
    expect(source.price({ ...REQUESTS, name: 'duration-x86' })).toBeUndefined()
  })

  it('a region nobody has prices for is a UserError suggesting pricing update', () => {
    const error = (() => {
      try {
        openPriceSource({ cacheDirectory: directory }).requireRegion('sa-east-1')
      } catch (caught) {
        return caught
      }
    })() as UserError
    expect(error).toBeInstanceOf(UserError)
    expect(error.format()).toMatch(/^no prices for sa-east-1 in the bundled snapshot — run `lambdawise pricing update --region sa-east-1`/)
  })

  it.each([
    ['not JSON', '{', /the price file is not valid: not JSON/],
    ['a wrong version', priceFile([], { version: 2 }), /version 2, not 1/],
    ['a negative price', priceFile([{ ...cachedRequests, tiers: [{ usd: -1 }] }]), /tier 0 has a bad price/],
    ['a price without a date', priceFile([{ ...cachedRequests, date: 'yesterday' }]), /has no YYYY-MM-DD date/],
    ['duplicate prices', priceFile([cachedRequests, cachedRequests]), /appears twice/],
    ['bad updates', priceFile([], { updates: [{ region: 1 }] }), /updates is not a list/],
  ])('a --prices file with %s is a UserError naming the file', (_, text, message) => {
    const file = join(directory, 'bad.json')
    writeFileSync(file, text)
    expect(() => openPriceSource({ pricesFile: file })).toThrow(message)
    try {
      openPriceSource({ pricesFile: file })
    } catch (error) {
      expect((error as UserError).location?.file).toBe(file)
    }
  })

  it('a missing --prices file is a UserError; a corrupt cache says how to rebuild it', () => {
    expect(() => openPriceSource({ pricesFile: join(directory, 'none.json') })).toThrow(/no such price file/)
    writeFileSync(priceCachePath(directory), 'garbage')
    expect(() => openPriceSource({ cacheDirectory: directory })).toThrow(UserError)
    try {
      openPriceSource({ cacheDirectory: directory })
    } catch (error) {
      expect((error as UserError).hint).toMatch(/pricing update/)
    }
  })
})
