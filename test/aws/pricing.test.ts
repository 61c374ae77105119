import { readFileSync } from 'node:fs'

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { fetchPrices, priceKeyName, toPrice } from '../../src/aws/pricing.js'
import type { Price } from '../../src/cost/types.js'
import { UserError } from '../../src/errors.js'
import { isolatedEnvironment, restoreEnvironment } from '../helpers/aws-environment.js'
import { type PriceItem, PriceListServer } from '../helpers/price-list-server.js'

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(`test/fixtures/pricing/${name}`, 'utf8'))
}

/** The real ap-northeast-1 response: its PriceList holds the item as a JSON string. */
const TOKYO_RESPONSE = fixture('getproducts-response-lambda-request-ap-northeast-1.json') as { PriceList: string[] }
const TOKYO_ITEMS = TOKYO_RESPONSE.PriceList.map((text) => JSON.parse(text) as PriceItem)
/** The real eu-west-1 item (2018) predates the regionCode attribute that current items carry. */
const IRELAND_ITEM = fixture('priceitem-lambda-request-eu-west-1.json') as PriceItem
IRELAND_ITEM.product.attributes.regionCode = 'eu-west-1'
/** Constructed us-east-1 items in the real format (see test/fixtures/pricing/README.md). */
const VIRGINIA_ITEMS = fixture('lambda-us-east-1-constructed.json') as PriceItem[]
const ALL_ITEMS = [...TOKYO_ITEMS, IRELAND_ITEM, ...VIRGINIA_ITEMS]


async function expectUserError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(UserError)
  expect((error as UserError).exitCode).toBe(2)
  return error as UserError
}

function byName(prices: Price[], name: string): Price {
  const price = prices.find((candidate) => candidate.key.name === name)
  expect(price, `a price named ${name}`).toBeDefined()
  return price!
}

let server: PriceListServer

beforeAll(async () => {
  server = await PriceListServer.start({ items: ALL_ITEMS })
})

afterAll(async () => {
  await server?.close()
})

beforeEach(() => {
  server.reset()
  server.items = ALL_ITEMS
  server.pageSize = 100
  isolatedEnvironment({ AWS_ENDPOINT_URL: server.url })
})

afterEach(restoreEnvironment)

describe('fetchPrices against a Price List protocol server', () => {
  it('speaks AWS JSON 1.1 GetProducts, filtered on the region', async () => {
    await fetchPrices('lambda', 'ap-northeast-1')
    expect(server.requests).toHaveLength(1)
    const [request] = server.requests
    expect(request!.method).toBe('POST')
    expect(request!.url).toBe('/')
    expect(request!.target).toBe('AWSPriceListService.GetProducts')
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.1')
    // Signed for the Price List API's own region, not the region asked about.
    expect(request!.headers.authorization).toMatch(/Credential=testing\/\d{8}\/us-east-1\/pricing\/aws4_request/)
    expect(request!.body).toEqual({
      ServiceCode: 'AWSLambda',
      Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'ap-northeast-1' }],
      FormatVersion: 'aws_v1',
      MaxResults: 100,
    })
  })

  it('parses the real ap-northeast-1 request price exactly: $0.0000002 per request', async () => {
    const prices = await fetchPrices('lambda', 'ap-northeast-1')
    expect(prices).toEqual([
      {
        key: { service: 'lambda', name: 'requests', region: 'ap-northeast-1' },
        unit: 'requests',
        tiers: [{ usd: 0.0000002 }],
        source: 'Price List API SKU 3BE8DYKG4FYSZGDW (APN1-Request)',
        date: '2022-12-14',
      },
    ])
  })

  it('parses the real eu-west-1 item (EU- prefix, unit "Requests")', async () => {
    const prices = await fetchPrices('AWSLambda', 'eu-west-1')
    expect(prices).toEqual([
      {
        key: { service: 'lambda', name: 'requests', region: 'eu-west-1' },
        unit: 'requests',
        tiers: [{ usd: 0.0000002 }],
        source: 'Price List API SKU B5V2RNHAWGVJBZD3 (EU-Request)',
        date: '2018-12-12',
      },
    ])
  })

  it('follows NextToken over every page (3 pages of 2 → all 5 items)', async () => {
    server.pageSize = 2
    const prices = await fetchPrices('lambda', 'us-east-1')
    expect(server.requests).toHaveLength(3)
    const bodies = server.requests.map((request) => request.body as { NextToken?: string })
    expect(bodies[0]!.NextToken).toBeUndefined()
    expect(bodies[1]!.NextToken).toEqual(expect.any(String))
    expect(bodies[2]!.NextToken).toEqual(expect.any(String))
    expect(bodies[2]!.NextToken).not.toBe(bodies[1]!.NextToken)
    expect(prices.map((price) => price.key.name)).toEqual([
      'duration-arm64',
      'duration-x86',
      'requests',
      'requests-arm64',
      'usagetype:USE1-Lambda-Streaming-Response-Processed-Bytes',
    ])
    expect(prices.every((price) => price.key.region === 'us-east-1' && price.key.service === 'lambda')).toBe(true)
  })

  it('asks for the page size it is given', async () => {
    server.pageSize = 100
    await fetchPrices('lambda', 'us-east-1', { pageSize: 1 })
    expect(server.requests).toHaveLength(5)
    expect(server.requests.every((request) => (request.body as { MaxResults?: number }).MaxResults === 1)).toBe(true)
  })

  it('orders GB-second tiers by beginRange, with endRange as the bound and Inf as none', async () => {
    const prices = await fetchPrices('lambda', 'us-east-1')
    const x86 = byName(prices, 'duration-x86')
    expect(x86.unit).toBe('GB-seconds')
    expect(x86.tiers).toEqual([
      { upTo: 6_000_000_000, usd: 0.0000166667 },
      { upTo: 15_000_000_000, usd: 0.000015 },
      { usd: 0.0000133334 },
    ])
    expect(x86.source).toBe('Price List API SKU TG3M4CAGBA3NYQBH (USE1-Lambda-GB-Second)')
    expect(x86.date).toBe('2025-10-28')
    expect(byName(prices, 'duration-arm64').tiers).toEqual([
      { upTo: 7_500_000_000, usd: 0.0000133334 },
      { upTo: 18_750_000_000, usd: 0.0000120001 },
      { usd: 0.0000106667 },
    ])
    expect(byName(prices, 'requests-arm64').tiers).toEqual([{ usd: 0.0000002 }])
  })

  it('keeps usage types it has no key for, named after the usage type', async () => {
    const prices = await fetchPrices('lambda', 'us-east-1')
    const streaming = byName(prices, 'usagetype:USE1-Lambda-Streaming-Response-Processed-Bytes')
    expect(streaming).toMatchObject({ unit: 'GB', tiers: [{ usd: 0.008 }], source: 'Price List API SKU 4T2V8FAC3CEYG6NZ (USE1-Lambda-Streaming-Response-Processed-Bytes)' })
  })

  it('returns nothing for a region with no items', async () => {
    expect(await fetchPrices('lambda', 'sa-east-1')).toEqual([])
  })

  it('honours AWS_ENDPOINT_URL_PRICING over AWS_ENDPOINT_URL', async () => {
    isolatedEnvironment({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_PRICING: server.url })
    expect(await fetchPrices('lambda', 'ap-northeast-1')).toHaveLength(1)
  })

  it('gets a throttled first call through on the SDK retry', async () => {
    server.failNext('throttle')
    const prices = await fetchPrices('lambda', 'ap-northeast-1')
    expect(prices).toHaveLength(1)
    expect(server.requests.map((request) => request.fault)).toEqual(['throttle', undefined])
    expect(server.requests[1]!.headers['amz-sdk-request']).toMatch(/^attempt=2;/)
  })

  it('gets a server error on a later page through on the SDK retry, with the same NextToken', async () => {
    server.pageSize = 2
    server.failCall(2, 'server-error')
    const prices = await fetchPrices('lambda', 'us-east-1')
    expect(prices).toHaveLength(5)
    expect(server.requests.map((request) => request.fault)).toEqual([undefined, 'server-error', undefined, undefined])
    const tokens = server.requests.map((request) => (request.body as { NextToken?: string }).NextToken)
    expect(tokens[1]).toEqual(expect.any(String))
    expect(tokens[2]).toBe(tokens[1])
  })

  it('a throttle and then a server error on one call are retried through', async () => {
    server.failNext('throttle').failNext('server-error')
    expect(await fetchPrices('lambda', 'ap-northeast-1')).toHaveLength(1)
    expect(server.requests.map((request) => request.fault)).toEqual(['throttle', 'server-error', undefined])
  })

  it('persistent throttling is a UserError after the SDK retries', async () => {
    server.failAlways('throttle')
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1'))
    expect(error.message).toBe('cannot read AWSLambda prices for us-east-1 from the Price List API: the API kept throttling the requests (3 attempts)')
    expect(error.hint).toMatch(/try again/)
    expect(server.requests).toHaveLength(3)
  })

  it('access denied is a UserError naming the permission', async () => {
    server.failAlways('access-denied')
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1'))
    expect(error.message).toMatch(/^cannot read AWSLambda prices for us-east-1 from the Price List API: access denied: User: .* pricing:GetProducts/)
    expect(error.hint).toBe('the credentials need pricing:GetProducts')
  })

  it('a persistent server error is a UserError', async () => {
    server.failAlways('server-error')
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1', { maxAttempts: 2 }))
    expect(error.message).toMatch(/InternalErrorException: An internal error occurred\. \(HTTP 500\) \(2 attempts\)$/)
    expect(server.requests).toHaveLength(2)
  })

  it('a response that is not JSON is a UserError', async () => {
    server.failNext('malformed')
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1'))
    expect(error.message).toMatch(/^cannot read AWSLambda prices for us-east-1 from the Price List API: the API returned a malformed response/)
    expect(error.hint).toContain(server.url)
  })

  it('a price item that is not JSON is a UserError', async () => {
    server.failNext('malformed-item')
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1'))
    expect(error.message).toBe('the Price List API returned a malformed response: a price item is not valid JSON')
  })

  it('a closed connection is a UserError after the retries', async () => {
    server.failAlways('hang-up')
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1', { maxAttempts: 1 }))
    expect(error.message).toMatch(/^cannot reach the Price List API at http:\/\/127\.0\.0\.1:\d+: socket hang up/)
  })

  it('missing credentials are a UserError saying how to configure them', async () => {
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    delete process.env.AWS_SESSION_TOKEN
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1'))
    expect(error.hint).toMatch(/configure AWS credentials/)
    expect(server.requests).toHaveLength(0)
  })

  it('an endpoint nobody listens on is a UserError', async () => {
    isolatedEnvironment({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })
    const error = await expectUserError(fetchPrices('lambda', 'us-east-1', { maxAttempts: 1 }))
    expect(error.message).toMatch(/^cannot reach the Price List API at http:\/\/127\.0\.0\.1:1: /)
    expect(error.hint).toMatch(/endpoint is up/)
  })

  it('bad arguments are UserErrors before any call', async () => {
    await expectUserError(fetchPrices('lambdas', 'us-east-1'))
    await expectUserError(fetchPrices('lambda', 'Virginia'))
    await expectUserError(fetchPrices('lambda', 'us-east-1', { apiRegion: 'eu-west-1' }))
    await expectUserError(fetchPrices('lambda', 'us-east-1', { pageSize: 101 }))
    expect(server.requests).toHaveLength(0)
  })
})

describe('price item conversion', () => {
  it('maps usage types of every priced service with any region prefix, and nothing else', () => {
    expect(priceKeyName('lambda', 'Request')).toBe('requests')
    expect(priceKeyName('lambda', 'APN1-Request')).toBe('requests')
    expect(priceKeyName('lambda', 'EU-Request-ARM')).toBe('requests-arm64')
    expect(priceKeyName('lambda', 'Lambda-GB-Second')).toBe('duration-x86')
    expect(priceKeyName('lambda', 'APS2-Lambda-GB-Second-ARM')).toBe('duration-arm64')
    expect(priceKeyName('lambda', 'EUC1-Lambda-Provisioned-Concurrency-ARM')).toBe('provisioned-concurrency-arm64')
    expect(priceKeyName('lambda', 'USE1-Lambda-Edge-Request')).toBe('usagetype:USE1-Lambda-Edge-Request')
    expect(priceKeyName('sqs', 'EU-Requests-Tier1')).toBe('requests-standard')
    expect(priceKeyName('sqs', 'Requests-FIFO-RBP')).toBe('requests-fifo')
    expect(priceKeyName('sns', 'EU-Requests-Tier1')).toBe('publishes')
    expect(priceKeyName('apigateway', 'USE1-ApiGatewayHttpRequest')).toBe('http-requests')
    expect(priceKeyName('stepfunctions', 'APN1-StepFunctions-GB-Second')).toBe('express-duration')
    expect(priceKeyName('dynamodb', 'EUC1-TimedStorage-ByteHrs')).toBe('storage')
    expect(priceKeyName('nat', 'EU-NatGateway-Bytes')).toBe('data-processed')
    expect(priceKeyName('fargate', 'APS2-Fargate-ARM-GB-Hours')).toBe('gb-hours-arm64')
    // The same usage type means different things in different services.
    expect(priceKeyName('lambda', 'Requests-Tier1')).toBe('usagetype:Requests-Tier1')
    expect(priceKeyName('sqs', 'Requests-Fair-RBP')).toBe('usagetype:Requests-Fair-RBP')
  })

  /** A price item in the real format with the given usage type and dimensions. */
  function item(usagetype: string, unit: string, dimensions: Array<[begin: string, end: string, usd: string]>, regionCode = 'us-east-1'): PriceItem {
    return {
      product: { productFamily: 'x', sku: 'SKU1', attributes: { usagetype, regionCode } },
      serviceCode: 'x',
      publicationDate: '2026-11-01T00:00:00Z',
      terms: {
        OnDemand: {
          'SKU1.JRTCKXETXF': {
            effectiveDate: '2026-11-01T00:00:00Z',
            priceDimensions: Object.fromEntries(dimensions.map(([beginRange, endRange, usd], index) => [`SKU1.JRTCKXETXF.${index}`, { beginRange, endRange, unit, pricePerUnit: { USD: usd } }])),
          },
        },
      },
    }
  }

  it('converts Step Functions express duration from GB-seconds to the GB-hours the model prices in', () => {
    // $0.00001667 per GB-second for the first 3,600,000 GB-seconds (1,000 GB-hours) = $0.06 per GB-hour.
    const price = toPrice(item('StepFunctions-GB-Second', 'GB-Second', [['0', '3600000', '0.0000166667'], ['3600000', 'Inf', '0.0000083333']]), 'stepfunctions', 'us-east-1')!
    expect(price.key.name).toBe('express-duration')
    expect(price.unit).toBe('GB-hours')
    expect(price.tiers[0]!.upTo).toBe(1000)
    expect(price.tiers[0]!.usd).toBeCloseTo(0.06, 6)
    expect(price.tiers[1]!.usd).toBeCloseTo(0.03, 6)
  })

  it('drops a free allowance written as a $0 first tier, counting later tiers from its end', () => {
    // DynamoDB storage: the first 25 GB at $0, then $0.25 per GB-month. The model applies free tiers itself.
    const storage = toPrice(item('TimedStorage-ByteHrs', 'GB-Mo', [['0', '25', '0'], ['25', 'Inf', '0.25']]), 'dynamodb', 'us-east-1')!
    expect(storage).toMatchObject({ key: { name: 'storage' }, unit: 'GB-month', tiers: [{ usd: 0.25 }] })
    const publishes = toPrice(item('Requests-Tier1', 'Requests', [['0', '1000000', '0'], ['1000000', '101000000', '0.0000005'], ['101000000', 'Inf', '0.0000004']]), 'sns', 'us-east-1')!
    expect(publishes.tiers).toEqual([{ upTo: 100000000, usd: 0.0000005 }, { usd: 0.0000004 }])
    // An unmapped usage type keeps what AWS wrote, $0 tier and all.
    const other = toPrice(item('Something-Else', 'Requests', [['0', '10', '0'], ['10', 'Inf', '1']]), 'sns', 'us-east-1')!
    expect(other.tiers).toEqual([{ upTo: 10, usd: 0 }, { usd: 1 }])
  })

  it('gives mapped prices the units the cost model names (RRU, notifications), not the Price List spelling', () => {
    expect(toPrice(item('ReadRequestUnits', 'ReadRequestUnits', [['0', 'Inf', '0.000000125']]), 'dynamodb', 'us-east-1')!.unit).toBe('RRU')
    expect(toPrice(item('DeliveryAttempts-HTTP', 'Notifications', [['0', 'Inf', '0.0000006']]), 'sns', 'us-east-1')!.unit).toBe('notifications')
  })

  it('skips items priced in another currency and items of another region', () => {
    const yuan = structuredClone(TOKYO_ITEMS[0]!) as unknown as { terms: { OnDemand: Record<string, { priceDimensions: Record<string, { pricePerUnit: Record<string, string> }> }> } }
    for (const term of Object.values(yuan.terms.OnDemand)) for (const dimension of Object.values(term.priceDimensions)) dimension.pricePerUnit = { CNY: '0.0000013' }
    expect(toPrice(yuan, 'lambda', 'ap-northeast-1')).toBeUndefined()
    expect(toPrice(TOKYO_ITEMS[0], 'lambda', 'eu-west-1')).toBeUndefined()
  })

  it('a price that is not a number is a UserError', () => {
    const bad = structuredClone(TOKYO_ITEMS[0]!) as unknown as { terms: { OnDemand: Record<string, { priceDimensions: Record<string, { pricePerUnit: Record<string, string> }> }> } }
    for (const term of Object.values(bad.terms.OnDemand)) for (const dimension of Object.values(term.priceDimensions)) dimension.pricePerUnit = { USD: 'free' }
    expect(() => toPrice(bad, 'lambda', 'ap-northeast-1')).toThrow(UserError)
  })
})
