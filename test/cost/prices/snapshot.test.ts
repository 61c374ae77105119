import { describe, expect, it } from 'vitest'

import { missingPrices } from '../../../src/cost/components.js'
import { loadSnapshot, SnapshotPriceSource, validateSnapshot } from '../../../src/cost/prices/snapshot.js'
import { apiGatewayPriceKeys } from '../../../src/cost/services/api-gateway.js'
import { dynamoDbPriceKeys } from '../../../src/cost/services/dynamodb.js'
import { eventBridgePriceKeys } from '../../../src/cost/services/eventbridge.js'
import { lambdaPriceKeys } from '../../../src/cost/services/lambda.js'
import { logsPriceKeys } from '../../../src/cost/services/logs.js'
import { natGatewayPriceKeys } from '../../../src/cost/services/nat-gateway.js'
import { snsPriceKeys } from '../../../src/cost/services/sns.js'
import { sqsComponents, sqsPriceKeys } from '../../../src/cost/services/sqs.js'
import { stepFunctionsPriceKeys } from '../../../src/cost/services/step-functions.js'
import type { PriceKey } from '../../../src/cost/types.js'
import { UserError } from '../../../src/errors.js'

/** The regions issue 4 asks the bundled snapshot to cover. */
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1']

/** Every price any service module may ask for in `region`. */
function requiredKeys(region: string): PriceKey[] {
  return [
    ...lambdaPriceKeys(region),
    ...apiGatewayPriceKeys(region),
    ...sqsPriceKeys(region),
    ...snsPriceKeys(region),
    ...eventBridgePriceKeys(region),
    ...stepFunctionsPriceKeys(region),
    ...dynamoDbPriceKeys(region),
    ...logsPriceKeys(region),
    ...natGatewayPriceKeys(region),
  ]
}

/**
 * The Fargate prices the snapshot carries (issue 4), which the container comparison reads
 * (src/cost/container.ts); no service module asks for them. Names and units are those `pricing update`
 * writes (src/aws/price-list-usage-types.ts).
 */
const FARGATE_NAMES = ['vcpu-hours-x86', 'gb-hours-x86', 'vcpu-hours-arm64', 'gb-hours-arm64']
const fargateKeys = (region: string): PriceKey[] => FARGATE_NAMES.map((name) => ({ service: 'fargate', name, region }))

const snapshot = loadSnapshot()
const source = new SnapshotPriceSource(snapshot)
const id = (key: PriceKey) => `${key.service}/${key.name}/${key.region}`

describe('the bundled price snapshot', () => {
  it('is version 1 in USD and passes its own validation', () => {
    expect(snapshot.version).toBe(1)
    expect(snapshot.currency).toBe('USD')
    expect(() => validateSnapshot(snapshot)).not.toThrow()
    expect(snapshot.notes?.length).toBeGreaterThan(0)
  })

  it.each(snapshot.prices.map((price) => [id(price.key), price] as const))('%s has a region, unit, tiers, source and date', (_name, price) => {
    expect(price.key.service).toMatch(/^[a-z0-9-]+$/)
    expect(price.key.name).toMatch(/^[a-z0-9-]+$/)
    expect(price.key.region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d+$/)
    expect(price.unit).not.toBe('')
    expect(price.tiers.length).toBeGreaterThan(0)
    let previous = 0
    price.tiers.forEach((tier, index) => {
      expect(Number.isFinite(tier.usd)).toBe(true)
      expect(tier.usd).toBeGreaterThanOrEqual(0)
      if (tier.upTo === undefined) {
        expect(index).toBe(price.tiers.length - 1)
      } else {
        expect(tier.upTo).toBeGreaterThan(previous)
        previous = tier.upTo
      }
    })
    expect(price.source.trim()).not.toBe('')
    expect(price.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(new Date(`${price.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(price.date)
    expect(price.date <= '2026-11-27').toBe(true)
  })

  it('has each key once', () => {
    const ids = snapshot.prices.map((price) => id(price.key))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('holds only prices some service module or the container comparison asks for', () => {
    const wanted = new Set(REGIONS.flatMap((region) => [...requiredKeys(region), ...fargateKeys(region)]).map(id))
    expect(snapshot.prices.map((price) => id(price.key)).filter((name) => !wanted.has(name))).toEqual([])
  })

  it('covers the six regions of issue 4', () => {
    expect(source.regions()).toEqual([...REGIONS].sort())
    for (const region of REGIONS) expect(source.hasRegion(region)).toBe(true)
  })

  it('reports, per region, which required prices are missing; us-east-1 is complete', () => {
    const report = REGIONS.map((region) => {
      const missing = missingPrices(requiredKeys(region), source).map((key) => `${key.service}/${key.name}`)
      return { region, missing }
    })
    const lines = report.map(({ region, missing }) =>
      missing.length === 0 ? `${region}: complete` : `${region}: ${missing.length} of ${requiredKeys(region).length} missing: ${missing.join(', ')}`,
    )
    console.log(`price snapshot completeness\n${lines.join('\n')}`)
    expect(report.find((entry) => entry.region === 'us-east-1')?.missing).toEqual([])
    // The snapshot's own notes say the same (they are generated with the prices, and must not drift).
    const missingNote = snapshot.notes?.find((note) => note.startsWith('Missing')) ?? ''
    for (const { region, missing } of report) {
      expect(missingNote).toContain(missing.length === 0 ? `${region}: complete` : `${region}: ${missing.join(', ')}`)
    }
    // Every region has at least the Lambda duration and Step Functions standard prices.
    for (const region of REGIONS) {
      expect(source.price({ service: 'lambda', name: 'duration-x86', region })).toBeDefined()
      expect(source.price({ service: 'stepfunctions', name: 'standard-transitions', region })).toBeDefined()
    }
  })

  it('has, in every region of issue 4, the Lambda request and x86 duration prices, each naming a Price List rate code', () => {
    for (const region of REGIONS) {
      for (const name of ['requests', 'duration-x86']) {
        const price = source.price({ service: 'lambda', name, region })
        expect(price, `lambda/${name}/${region}`).toBeDefined()
        expect(price?.tiers[0]?.usd).toBeGreaterThan(0)
        // A Price List SKU (16 upper-case letters and digits) in the source, not a figure carried over from us-east-1.
        expect(price?.source).toMatch(/\b[A-Z0-9]{16}\b/)
      }
    }
  })

  it('covers, per region, the counts its notes state (36 service-module prices; Fargate separately)', () => {
    const count = (region: string, keys: PriceKey[]) => keys.filter((key) => source.price(key) !== undefined).length
    const coverage = Object.fromEntries(REGIONS.map((region) => [region, [count(region, requiredKeys(region)), count(region, fargateKeys(region))]]))
    expect(coverage).toEqual({
      'us-east-1': [36, 4],
      'us-west-2': [8, 2],
      'eu-west-1': [16, 2],
      'eu-central-1': [10, 2],
      'ap-southeast-2': [10, 2],
      'ap-northeast-1': [15, 2],
    })
    const coverageNote = snapshot.notes?.find((note) => note.startsWith('Coverage after')) ?? ''
    for (const region of REGIONS) {
      const [modules] = coverage[region] ?? []
      expect(coverageNote).toContain(`${region}: ${modules} of ${requiredKeys(region).length} service-module prices`)
    }
    // Fargate Arm is sourced for us-east-1 only; the Fargate note lists the rest as missing.
    const fargateNote = snapshot.notes?.find((note) => note.startsWith('Fargate (service')) ?? ''
    for (const region of REGIONS.filter((region) => region !== 'us-east-1')) {
      expect(fargateNote).toContain(`${region}: fargate/vcpu-hours-arm64, fargate/gb-hours-arm64`)
    }
  })

  it('has the Fargate prices of the us-east-1 AmazonECS offer file, in vCPU-hours and GB-hours', () => {
    const fargate = (name: string, region = 'us-east-1') => source.price({ service: 'fargate', name, region })
    expect(fargate('vcpu-hours-x86')?.tiers).toEqual([{ usd: 0.04048 }])
    expect(fargate('gb-hours-x86')?.tiers).toEqual([{ usd: 0.004445 }])
    expect(fargate('vcpu-hours-arm64')?.tiers).toEqual([{ usd: 0.03238 }])
    expect(fargate('gb-hours-arm64')?.tiers).toEqual([{ usd: 0.00356 }])
    expect(fargate('gb-hours-arm64')?.source).toContain('UNH9KPQP7W7C66C9')
    expect(fargate('vcpu-hours-x86')?.unit).toBe('vCPU-hours')
    expect(fargate('gb-hours-x86')?.unit).toBe('GB-hours')
    // Regional, not copied: Frankfurt, Sydney and Tokyo differ from us-east-1.
    expect(fargate('vcpu-hours-x86', 'eu-central-1')?.tiers).toEqual([{ usd: 0.04656 }])
    expect(fargate('vcpu-hours-x86', 'ap-southeast-2')?.tiers).toEqual([{ usd: 0.04856 }])
    expect(fargate('vcpu-hours-x86', 'ap-northeast-1')?.tiers).toEqual([{ usd: 0.05056 }])
    expect(fargate('vcpu-hours-arm64', 'eu-west-1')).toBeUndefined()
  })

  it('has the figures of the pricing README and the real Price List items', () => {
    const usd = (service: string, name: string, region: string) => source.price({ service, name, region })?.tiers.map((tier) => tier.usd)
    expect(usd('lambda', 'requests', 'us-east-1')).toEqual([0.0000002])
    expect(usd('lambda', 'duration-x86', 'us-east-1')).toEqual([0.0000166667, 0.000015, 0.0000133334])
    expect(usd('apigateway', 'rest-requests', 'us-east-1')).toEqual([0.0000035, 0.0000028, 0.00000238, 0.00000151])
    expect(usd('stepfunctions', 'standard-transitions', 'us-east-1')).toEqual([0.000025])
    // shared/data/pricing/priceitem-lambda-request-eu-west-1.json and the ap-northeast-1 GetProducts response.
    expect(usd('lambda', 'requests', 'eu-west-1')).toEqual([0.0000002])
    expect(usd('lambda', 'requests', 'ap-northeast-1')).toEqual([0.0000002])
    expect(usd('nat', 'hours', 'eu-west-1')).toEqual([0.048])
    // The eu-west-1 Price List extract: REST tiers 2-4 differ from us-east-1.
    expect(usd('apigateway', 'rest-requests', 'eu-west-1')).toEqual([0.0000035, 0.00000319, 0.00000271, 0.00000172])
    expect(usd('apigateway', 'rest-requests', 'eu-central-1')).toEqual([0.0000037])
    // The Lambda pricing-page feed (rate codes): provisioned concurrency and ephemeral storage differ by region.
    expect(usd('lambda', 'provisioned-concurrency-x86', 'eu-central-1')).toEqual([0.0000050147])
    expect(usd('lambda', 'provisioned-duration-x86', 'ap-northeast-1')).toEqual([0.0000125615])
    expect(usd('lambda', 'ephemeral-storage', 'ap-southeast-2')).toEqual([0.000000037])
    expect(usd('lambda', 'ephemeral-storage', 'us-west-2')).toEqual([0.0000000309])
  })
})

describe('SnapshotPriceSource', () => {
  it('looks prices up by service, name and region', () => {
    const price = source.price({ service: 'sqs', name: 'requests-standard', region: 'us-east-1' })
    expect(price?.unit).toBe('requests')
    expect(price?.tiers[0]).toEqual({ upTo: 100e9, usd: 0.0000004 })
  })

  it('has no price for an unknown name or region, never a 0', () => {
    expect(source.price({ service: 'sqs', name: 'requests-nope', region: 'us-east-1' })).toBeUndefined()
    expect(source.price({ service: 'sqs', name: 'requests-standard', region: 'sa-east-1' })).toBeUndefined()
    expect(source.hasRegion('sa-east-1')).toBe(false)
  })

  it('leaves the cost of a component unknown where the snapshot lacks the regional price', () => {
    const [fifo] = sqsComponents({ fifo: true }, { monthlyRequests: 5_000_000 }, source, { region: 'ap-northeast-1', freeTier: false })
    expect(fifo?.monthlyCost).toBeUndefined()
    expect(fifo?.unitPrice).toBeUndefined()
    const [standard] = sqsComponents({ fifo: false }, { monthlyRequests: 5_000_000 }, source, { region: 'us-east-1', freeTier: false })
    expect(standard?.monthlyCost).toBeCloseTo(2, 10)
  })

  it('fails clearly (exit 2, naming the regions it covers) for a region it does not cover', () => {
    expect(() => source.requireRegion('us-east-1')).not.toThrow()
    let error: unknown
    try {
      source.requireRegion('sa-east-1')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).exitCode).toBe(2)
    expect((error as UserError).message).toContain('sa-east-1')
    expect((error as UserError).hint).toMatch(/price in one of .*us-east-1.* with --region/)
  })

  it('loads the snapshot once', () => {
    expect(loadSnapshot()).toBe(snapshot)
  })
})

describe('validateSnapshot', () => {
  const good = {
    version: 1,
    currency: 'USD',
    prices: [{ key: { service: 'sqs', name: 'requests-standard', region: 'us-east-1' }, unit: 'requests', tiers: [{ upTo: 10, usd: 1 }, { usd: 0.5 }], source: 'x', date: '2026-11-27' }],
  }
  const withPrice = (change: Record<string, unknown>) => ({ ...good, prices: [{ ...good.prices[0], ...change }] })

  it('accepts a well-formed snapshot', () => {
    expect(validateSnapshot(good).prices).toHaveLength(1)
  })

  it.each([
    ['a wrong version', { ...good, version: 2 }, /version/],
    ['another currency', { ...good, currency: 'EUR' }, /currency/],
    ['no tiers', withPrice({ tiers: [] }), /no tiers/],
    ['a negative price', withPrice({ tiers: [{ usd: -1 }] }), /bad price/],
    ['descending tiers', withPrice({ tiers: [{ upTo: 10, usd: 1 }, { upTo: 5, usd: 1 }, { usd: 1 }] }), /above the previous/],
    ['an open tier in the middle', withPrice({ tiers: [{ usd: 1 }, { usd: 1 }] }), /open-ended/],
    ['no source', withPrice({ source: '' }), /no source/],
    ['a bad date', withPrice({ date: '27/11/2026' }), /date/],
    ['no unit', withPrice({ unit: '' }), /no unit/],
    ['no region', withPrice({ key: { service: 'sqs', name: 'requests-standard' } }), /incomplete key/],
    ['a duplicate key', { ...good, prices: [good.prices[0], good.prices[0]] }, /twice/],
  ])('rejects %s', (_what, value, message) => {
    expect(() => validateSnapshot(value)).toThrow(message)
  })
})
