/**
 * `pricing update` and `pricing show` as a user runs them: the built CLI, with the real
 * @aws-sdk/client-pricing talking to a local Price List protocol server (design §7), the cache in a
 * temporary LAMBDAWISE_CACHE_DIR, and estimate reading what update wrote.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { execa } from 'execa'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { priceItem } from '../helpers/price-items.js'
import { type PriceItem, PriceListServer } from '../helpers/price-list-server.js'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const EXAMPLE = 'examples/order-processing'
const REGION = 'eu-west-1'

/** The real eu-west-1 Lambda request item (test/fixtures/pricing), which predates the regionCode attribute. */
const irelandRequest = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/pricing/priceitem-lambda-request-eu-west-1.json'), 'utf8')) as PriceItem
irelandRequest.product.attributes.regionCode = REGION

/**
 * One item per priced service in eu-west-1 (usage types with the EU- prefix). The prices are
 * constructed test values, chosen to differ from the bundled snapshot so that the tests can tell
 * which one an estimate used; they are not eu-west-1's real prices.
 */
const ITEMS: PriceItem[] = [
  irelandRequest,
  priceItem({ serviceCode: 'AWSLambda', usagetype: 'EU-Lambda-GB-Second-ARM', unit: 'Lambda-GB-Second', dimensions: [['0', '7500000000', '0.0000143'], ['7500000000', 'Inf', '0.0000129']], regionCode: REGION }),
  priceItem({ serviceCode: 'AWSQueueService', usagetype: 'EU-Requests-Tier1', unit: 'Requests', productFamily: 'API Request', dimensions: [['0', 'Inf', '0.00000045']], regionCode: REGION }),
  priceItem({ serviceCode: 'AmazonSNS', usagetype: 'EU-Requests-Tier1', unit: 'Requests', productFamily: 'API Request', dimensions: [['0', '1000000', '0'], ['1000000', 'Inf', '0.00000055']], regionCode: REGION }),
  priceItem({ serviceCode: 'AmazonApiGateway', usagetype: 'EU-ApiGatewayHttpRequest', unit: 'Requests', productFamily: 'API Calls', dimensions: [['0', '300000000', '0.0000011'], ['300000000', 'Inf', '0.00000099']], regionCode: REGION }),
  priceItem({ serviceCode: 'AmazonStates', usagetype: 'EU-StateTransition', unit: 'StateTransitions', productFamily: 'AWS Step Functions', dimensions: [['0', 'Inf', '0.0000275']], regionCode: REGION }),
  priceItem({ serviceCode: 'AWSEvents', usagetype: 'EU-Event-64K-Chunks', unit: 'Events', productFamily: 'EventBridge', dimensions: [['0', 'Inf', '0.0000011']], regionCode: REGION }),
  priceItem({ serviceCode: 'AmazonDynamoDB', usagetype: 'EU-WriteRequestUnits', unit: 'WriteRequestUnits', productFamily: 'Amazon DynamoDB PayPerRequest Throughput', dimensions: [['0', 'Inf', '0.000000705']], regionCode: REGION }),
  priceItem({ serviceCode: 'AmazonCloudWatch', usagetype: 'EU-DataProcessing-Bytes', unit: 'GB', productFamily: 'Data Payload', dimensions: [['0', 'Inf', '0.57']], regionCode: REGION }),
  priceItem({ serviceCode: 'AmazonEC2', usagetype: 'EU-NatGateway-Hours', unit: 'Hrs', productFamily: 'NAT Gateway', dimensions: [['0', 'Inf', '0.048']], regionCode: REGION }),
  priceItem({ serviceCode: 'AmazonECS', usagetype: 'EU-Fargate-ARM-vCPU-Hours:perCPU', unit: 'hours', productFamily: 'Compute', dimensions: [['0', 'Inf', '0.0355']], regionCode: REGION }),
]

let server: PriceListServer
let cacheDirectory: string

function lambdawise(args: string[]) {
  return execa(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
    env: {
      NO_COLOR: '1',
      LAMBDAWISE_CACHE_DIR: cacheDirectory,
      AWS_ENDPOINT_URL: server.url,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_CONFIG_FILE: '/nonexistent/lambdawise-test/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/lambdawise-test/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    extendEnv: false,
    stripFinalNewline: false,
  })
}

const cacheFile = () => join(cacheDirectory, 'prices.json')

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/src/commands/pricing/update.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)')
  server = await PriceListServer.start({ items: ITEMS })
})

afterAll(async () => {
  await server?.close()
})

beforeEach(() => {
  server.reset()
  server.items = ITEMS
  cacheDirectory = mkdtempSync(join(tmpdir(), 'lambdawise-cache-'))
  return () => rmSync(cacheDirectory, { recursive: true, force: true })
})

describe('lambdawise pricing update', () => {
  it('fetches every priced service for the region into the cache, with the date', async () => {
    const run = await lambdawise(['pricing', 'update', '--region', REGION])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toBe(`updated 11 prices for ${REGION} in ${cacheFile()}\n`)
    const codes = server.answered.map((request) => (request.body as { ServiceCode: string }).ServiceCode).sort()
    expect(codes).toEqual(['AWSEvents', 'AWSLambda', 'AWSQueueService', 'AmazonApiGateway', 'AmazonCloudWatch', 'AmazonDynamoDB', 'AmazonEC2', 'AmazonECS', 'AmazonSNS', 'AmazonStates'])
    const cache = JSON.parse(readFileSync(cacheFile(), 'utf8'))
    expect(cache.updates).toHaveLength(10)
    expect(cache.updates[0].fetchedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    const byName = (service: string, name: string) => cache.prices.find((price: { key: { service: string; name: string } }) => price.key.service === service && price.key.name === name)
    expect(byName('lambda', 'requests')).toMatchObject({ key: { region: REGION }, unit: 'requests', tiers: [{ usd: 0.0000002 }] })
    // SNS's first million publishes at $0 is a free allowance: dropped, the model applies it with --free-tier.
    expect(byName('sns', 'publishes').tiers).toEqual([{ usd: 0.00000055 }])
    expect(byName('nat', 'hours')).toMatchObject({ unit: 'hours', tiers: [{ usd: 0.048 }] })
    expect(byName('fargate', 'vcpu-hours-arm64')).toMatchObject({ unit: 'vCPU-hours' })
  })

  it('estimate uses the cached prices over the snapshot; pricing show says which is which', async () => {
    expect((await lambdawise(['pricing', 'update', '--region', REGION])).exitCode).toBe(0)
    const estimate = JSON.parse((await lambdawise(['estimate', EXAMPLE, '--region', REGION, '--requests', '1M', '-f', 'json'])).stdout)
    const unitPrices = estimate.resources.flatMap((resource: { components: Array<{ name: string; unitPrice: number | null }> }) => resource.components.map((component) => [component.name, component.unitPrice]))
    expect(unitPrices).toContainEqual(['Duration (arm64)', 0.0000143])
    const shown = await lambdawise(['pricing', 'show', '--region', REGION, '--format', 'json'])
    expect(shown.exitCode, shown.stderr).toBe(0)
    const { sources, prices } = JSON.parse(shown.stdout)
    expect(sources).toEqual([`price cache ${cacheFile()}`, 'bundled snapshot'])
    const duration = prices.find((price: { key: { name: string } }) => price.key.name === 'duration-arm64')
    expect(duration).toMatchObject({ from: `price cache ${cacheFile()}`, tiers: [{ upTo: 7500000000, usd: 0.0000143 }, { usd: 0.0000129 }] })
    expect(duration.fetchedAt).toMatch(/^\d{4}-/)
    const table = await lambdawise(['pricing', 'show', '--region', REGION])
    expect(table.stdout).toMatch(/^eu-west-1\s+lambda\s+duration-arm64\s+0\.0000143\s+GB-seconds\s+2\s+cache\s+\d{4}-\d\d-\d\d$/m)
  })

  it('a failed update leaves the previous cache byte for byte and exits 2 saying what failed', async () => {
    writeFileSync(cacheFile(), '{"version":1,"currency":"USD","prices":[]}\n')
    server.failAlways('access-denied')
    const run = await lambdawise(['pricing', 'update', '--region', REGION])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/^error: price update failed for 10 of 10 services, so the price cache was left as it was: apigateway in eu-west-1: cannot read AmazonApiGateway prices for eu-west-1 from the Price List API: access denied/m)
    expect(readFileSync(cacheFile(), 'utf8')).toBe('{"version":1,"currency":"USD","prices":[]}\n')
  })

  it('a partial update (one service has no prices) writes nothing either', async () => {
    server.items = ITEMS.filter((item) => item.serviceCode !== 'AmazonEC2')
    const run = await lambdawise(['pricing', 'update', '--region', REGION])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('nat in eu-west-1: the Price List API returned no prices')
    expect(existsSync(cacheFile())).toBe(false)
  })

  it('a corrupt cache is a clear error for estimate, and for show', async () => {
    writeFileSync(cacheFile(), 'not json')
    for (const args of [['estimate', EXAMPLE, '--requests', '1M'], ['pricing', 'show']]) {
      const run = await lambdawise(args)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toMatch(new RegExp(`^error: ${cacheFile().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the price cache is not valid: not JSON .* — run \`lambdawise pricing update\` to rebuild it, or delete the file\\n$`))
    }
  })

  it('pricing show without a cache lists the snapshot', async () => {
    const run = await lambdawise(['pricing', 'show', '--region', 'us-east-1'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^prices from: bundled snapshot\n\nREGION\s+SERVICE\s+PRICE\s+USD\s+UNIT\s+TIERS\s+FROM\s+DATE\n/)
    expect(run.stdout).toMatch(/^us-east-1\s+lambda\s+requests\s+2e-7\s+requests\s+1\s+snapshot\s+\d{4}-\d\d-\d\d$/m)
    expect((await lambdawise(['pricing', 'show', '--region', 'sa-east-1'])).exitCode).toBe(2)
  })
})
