import { describe, expect, it } from 'vitest'

import type { PriceFile } from '../../../src/cost/prices/price-file.js'
import { type FetchPrices, updatePriceCache } from '../../../src/cost/prices/update.js'
import type { Price } from '../../../src/cost/types.js'
import { UserError } from '../../../src/errors.js'

const NOW = new Date('2026-11-27T12:00:00Z')

function price(region: string, service: string, name: string, usd: number): Price {
  return { key: { service, name, region }, unit: 'requests', tiers: [{ usd }], source: 'test', date: '2026-11-27' }
}

const fetchAll: FetchPrices = async (service, region) => [price(region, service, 'a', 1), price(region, service, 'b', 2)]

describe('updatePriceCache', () => {
  it('fetches every service of every region and records when', async () => {
    const progress: string[] = []
    const { file, updates } = await updatePriceCache({ regions: ['eu-west-1', 'us-east-1'], services: ['lambda', 'sqs'], previous: undefined, fetch: fetchAll, now: NOW, onProgress: (done) => progress.push(`${done.region}/${done.service}`) })
    expect(file.prices).toHaveLength(8)
    expect(updates).toEqual([
      { region: 'eu-west-1', service: 'lambda', fetchedAt: '2026-11-27T12:00:00.000Z', prices: 2 },
      { region: 'eu-west-1', service: 'sqs', fetchedAt: '2026-11-27T12:00:00.000Z', prices: 2 },
      { region: 'us-east-1', service: 'lambda', fetchedAt: '2026-11-27T12:00:00.000Z', prices: 2 },
      { region: 'us-east-1', service: 'sqs', fetchedAt: '2026-11-27T12:00:00.000Z', prices: 2 },
    ])
    expect(progress.sort()).toEqual(['eu-west-1/lambda', 'eu-west-1/sqs', 'us-east-1/lambda', 'us-east-1/sqs'])
    // Sorted, so that the cache file is the same bytes for the same prices.
    expect(file.prices.map((entry) => `${entry.key.region}/${entry.key.service}/${entry.key.name}`)).toEqual([...file.prices.map((entry) => `${entry.key.region}/${entry.key.service}/${entry.key.name}`)].sort())
  })

  it('replaces the fetched (region, service) pairs and keeps the rest of the cache', async () => {
    const previous: PriceFile = {
      version: 1,
      currency: 'USD',
      prices: [price('us-east-1', 'lambda', 'old', 9), price('eu-west-1', 'lambda', 'kept', 3)],
      updates: [{ region: 'us-east-1', service: 'lambda', fetchedAt: '2026-01-01T00:00:00.000Z', prices: 1 }, { region: 'eu-west-1', service: 'lambda', fetchedAt: '2026-01-01T00:00:00.000Z', prices: 1 }],
    }
    const { file } = await updatePriceCache({ regions: ['us-east-1'], services: ['lambda'], previous, fetch: fetchAll, now: NOW })
    expect(file.prices.map((entry) => `${entry.key.region}/${entry.key.name}`)).toEqual(['eu-west-1/kept', 'us-east-1/a', 'us-east-1/b'])
    expect(file.updates).toEqual([
      { region: 'eu-west-1', service: 'lambda', fetchedAt: '2026-01-01T00:00:00.000Z', prices: 1 },
      { region: 'us-east-1', service: 'lambda', fetchedAt: '2026-11-27T12:00:00.000Z', prices: 2 },
    ])
  })

  it('fails as a whole, naming every failure, when one service fails: nothing to write', async () => {
    const fetch: FetchPrices = async (service, region) => {
      if (service === 'sqs' && region === 'eu-west-1') throw new UserError('the API kept throttling the requests', undefined, 'wait a minute')
      return fetchAll(service, region)
    }
    const error = await updatePriceCache({ regions: ['us-east-1', 'eu-west-1'], services: ['lambda', 'sqs'], previous: undefined, fetch, now: NOW }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toBe('price update failed for 1 of 4 services, so the price cache was left as it was: sqs in eu-west-1: the API kept throttling the requests (wait a minute)')
  })

  it('a service with no prices at all is a failure, not an empty entry', async () => {
    const fetch: FetchPrices = async (service, region) => (service === 'nat' ? [] : fetchAll(service, region))
    await expect(updatePriceCache({ regions: ['us-east-1'], services: ['lambda', 'nat'], previous: undefined, fetch, now: NOW })).rejects.toThrow(/nat in us-east-1: the Price List API returned no prices/)
  })

  it('a bug in the fetcher is not dressed up as a user error', async () => {
    const fetch: FetchPrices = async () => {
      throw new TypeError('boom')
    }
    await expect(updatePriceCache({ regions: ['us-east-1'], services: ['lambda'], previous: undefined, fetch, now: NOW })).rejects.toThrow(TypeError)
  })

  it('runs at most `concurrency` calls at once', async () => {
    let running = 0
    let most = 0
    const fetch: FetchPrices = async (service, region) => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      return fetchAll(service, region)
    }
    await updatePriceCache({ regions: ['us-east-1', 'eu-west-1'], services: ['a', 'b', 'c', 'd'], previous: undefined, fetch, now: NOW, concurrency: 3 })
    expect(most).toBe(3)
  })
})
