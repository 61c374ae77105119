import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Moto, motoAvailable, startMoto } from '../helpers/moto.js'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const EXAMPLE = 'examples/order-processing'
const USAGE = 'examples/order-processing/lambdawise-usage.yml'

/** An empty cache directory: the developer's own `pricing update` cache must not change what the tests see. */
const CACHE_DIRECTORY = mkdtempSync(join(tmpdir(), 'lambdawise-no-cache-'))

function lambdawise(args: string[], { env = {} }: { env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', LAMBDAWISE_CACHE_DIR: CACHE_DIRECTORY, ...env } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/commands/estimate.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)')
})

describe('lambdawise estimate (built CLI, preview)', () => {
  it('prices the example from the entry traffic: propagated requests, the JSON contract, per-request cost', () => {
    const run = lambdawise(['estimate', EXAMPLE, '--requests', '1M', '--format', 'json'])
    expect(run.code, run.stderr).toBe(0)
    const estimate = JSON.parse(run.stdout)
    expect(estimate).toMatchObject({ version: 1, currency: 'USD', region: 'us-east-1', freeTier: false, entryRequests: 1_000_000 })
    const resource = (id: string) => estimate.resources.find((item: { resource: string }) => item.resource === id)
    // 1M HTTP API requests at $1.00 per million.
    expect(resource('OrdersApi').components[0]).toMatchObject({ name: 'HTTP API requests', quantity: 1_000_000, monthlyCost: 1, usageKnown: true })
    // Each order message is sent, received and deleted: 3M SQS requests at $0.40 per million.
    expect(resource('OrdersQueue').monthlyCost).toBe(1.2)
    // The worker polls batches of 10: 100,000 invocations.
    expect(resource('ProcessOrderFunction').components.find((item: { name: string }) => item.name === 'Requests').quantity).toBe(100_000)
    // Duration is unknown without a usage file: shown as depending on usage, not as $0.
    expect(resource('ProcessOrderFunction').components.find((item: { name: string }) => item.name.startsWith('Duration'))).toMatchObject({ quantity: null, monthlyCost: null, usageKnown: false })
    expect(estimate.perRequestCost).toBeCloseTo(estimate.monthlyCost / 1_000_000, 12)
    expect(estimate.scaling.map((step: { multiplier: number }) => step.multiplier)).toEqual([10, 100, 1000])
  })

  it('uses the usage file, and its durations price Lambda GB-seconds', () => {
    const estimate = JSON.parse(lambdawise(['estimate', EXAMPLE, '--usage', USAGE, '-f', 'json']).stdout)
    const process = estimate.resources.find((item: { resource: string }) => item.resource === 'ProcessOrderFunction')
    // 100,000 invocations x 900 ms x 1 GB... memory comes from the template; the component must be known and positive.
    const duration = process.components.find((item: { name: string }) => item.name.startsWith('Duration'))
    expect(duration.usageKnown).toBe(true)
    expect(duration.monthlyCost).toBeGreaterThan(0)
    expect(estimate.monthlyCost).toBeGreaterThan(100)
  })

  it('is a CI budget gate: exit 1 above --budget, 0 under it', () => {
    const over = lambdawise(['estimate', EXAMPLE, '--requests', '1M', '--budget', '1'])
    expect(over.code).toBe(1)
    expect(over.stderr).toMatch(/^over budget: \$\d+\.\d\d a month is above --budget \$1\.00/)
    expect(lambdawise(['estimate', EXAMPLE, '--requests', '1M', '--budget', '1000']).code).toBe(0)
  })

  it('refuses a region without prices, a bad count and a bad usage file, with one located line and exit 2', () => {
    const region = lambdawise(['estimate', EXAMPLE, '--region', 'sa-east-1'])
    expect(region.code).toBe(2)
    expect(region.stderr).toMatch(/^error: no prices for sa-east-1 in the bundled snapshot — run `lambdawise pricing update --region sa-east-1` to fetch them from the AWS Price List API, or price in one of .*us-east-1/)
    expect(lambdawise(['estimate', EXAMPLE, '--requests', 'lots']).code).toBe(2)
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-usage-'))
    const usage = join(directory, 'usage.yml')
    writeFileSync(usage, 'version: 1\nresources:\n  OrdersQueue: {monthly_requests: 10}\n  NoSuchThing: {monthly_requests: 10}\n')
    const bad = lambdawise(['estimate', EXAMPLE, '--usage', usage])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/usage\.yml:4:3: .*NoSuchThing/)
  })
})

describe('estimate formats', () => {
  it('writes markdown for PR comments and csv for spreadsheets', () => {
    const markdown = lambdawise(['estimate', EXAMPLE, '--usage', USAGE, '-f', 'markdown'])
    expect(markdown.code).toBe(0)
    expect(markdown.stdout).toMatch(/^## lambdawise estimate\n\n\*\*\$\d+\.\d\d a month\*\*/)
    expect(markdown.stdout).toMatch(/\| `FulfillmentStateMachine` \| AWS::Serverless::StateMachine \| \$150\.00 \| — \|/)
    const csv = lambdawise(['estimate', EXAMPLE, '--requests', '1M', '-f', 'csv']).stdout.split('\n')
    expect(csv[0]).toBe('resource,type,component,quantity,unit,unit_price_usd,monthly_cost_usd,usage_known')
    expect(csv).toContain('OrdersApi,AWS::Serverless::HttpApi,HTTP API requests,1000000,requests,0.000001,1,true')
  })
})

describe('estimate --prices, --compare, --write-usage', () => {
  it('--prices replaces the snapshot: the file\'s price is the one used, and a bad file is a located error', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-prices-'))
    const snapshot = JSON.parse(readFileSync(join(ROOT, 'src/cost/prices/snapshot.json'), 'utf8'))
    const doubled = snapshot.prices
      .filter((price: { key: { region: string } }) => price.key.region === 'us-east-1')
      .map((price: { key: { service: string; name: string }; tiers: Array<{ usd: number }> }) => (price.key.service === 'apigateway' ? { ...price, tiers: price.tiers.map((tier) => ({ ...tier, usd: tier.usd * 2 })) } : price))
    const file = join(directory, 'prices.json')
    writeFileSync(file, JSON.stringify({ version: 1, currency: 'USD', prices: doubled }))
    const api = (args: string[]) => JSON.parse(lambdawise(['estimate', EXAMPLE, '--requests', '1M', '-f', 'json', ...args]).stdout).resources.find((item: { resource: string }) => item.resource === 'OrdersApi').monthlyCost
    expect(api([])).toBe(1)
    expect(api(['--prices', file])).toBe(2)
    writeFileSync(file, '{"version": 1, "currency": "EUR", "prices": []}')
    const bad = lambdawise(['estimate', EXAMPLE, '--prices', file])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(`error: ${file}: the price file is not valid: currency EUR, not USD — a price file has the bundled snapshot's format: see docs/estimate.md\n`)
  })

  it('--compare prices two versions with the same usage and shows the difference per resource', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-compare-'))
    const changed = join(directory, 'changed')
    cpSync(join(ROOT, EXAMPLE), changed, { recursive: true })
    const template = join(changed, 'template.yaml')
    // The pull request: ProcessOrderFunction gets twice the memory.
    const text = readFileSync(template, 'utf8')
    const edited = text.replace(/(ProcessOrderFunction:\n(?:.*\n)*?\s+MemorySize: )(\d+)/, (_, head: string, memory: string) => `${head}${Number(memory) * 2}`)
    expect(edited).not.toBe(text)
    writeFileSync(template, edited)
    const json = lambdawise(['estimate', changed, '--compare', EXAMPLE, '--usage', USAGE, '-f', 'json'])
    expect(json.code, json.stderr).toBe(0)
    const comparison = JSON.parse(json.stdout)
    expect(comparison.resources[0]).toMatchObject({ resource: 'ProcessOrderFunction', status: 'changed' })
    expect(comparison.resources[0].after).toBeGreaterThan(comparison.resources[0].before)
    expect(comparison.resources.filter((change: { status: string }) => change.status !== 'unchanged')).toHaveLength(1)
    expect(comparison.monthlyCostChange).toBe(comparison.resources[0].change)
    expect(comparison.after.monthlyCost).toBeCloseTo(comparison.before.monthlyCost + comparison.monthlyCostChange, 2)
    const markdown = lambdawise(['estimate', changed, '--compare', EXAMPLE, '--usage', USAGE, '-f', 'markdown']).stdout
    expect(markdown).toMatch(/^## lambdawise estimate: cost change\n\n\*\*\+\$\d+\.\d\d a month\*\*, \d+\.\d%: \$164\.86 → \$\d+\.\d\d in us-east-1\.\n/)
    expect(markdown).toMatch(/^\| `ProcessOrderFunction` \| AWS::Serverless::Function \| changed \| \$\d+\.\d\d \| \$\d+\.\d\d \| \+\$\d+\.\d\d \|$/m)
  })

  it('--write-usage writes a usage file that estimate then reads to the same total, and never overwrites', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-write-usage-'))
    const file = join(directory, 'usage.yml')
    const first = lambdawise(['estimate', EXAMPLE, '--usage', USAGE, '--write-usage', file, '-f', 'json'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toBe(`wrote ${file}\n`)
    const again = lambdawise(['estimate', EXAMPLE, '--usage', file, '-f', 'json'])
    expect(JSON.parse(again.stdout).monthlyCost).toBe(JSON.parse(first.stdout).monthlyCost)
    const before = readFileSync(file, 'utf8')
    const refused = lambdawise(['estimate', EXAMPLE, '--requests', '5M', '--write-usage', file])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/never overwrites/)
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('shows where a container would be cheaper', () => {
    const table = lambdawise(['estimate', EXAMPLE, '--usage', USAGE]).stdout
    expect(table).toMatch(/^Container: Lambda is cheaper than a container \(Fargate, 2 tasks\): \$\d+\.\d\d against \$\d+\.\d\d a month; a container becomes cheaper above about [\d,]+ entry requests a month/m)
    const json = JSON.parse(lambdawise(['estimate', EXAMPLE, '--usage', USAGE, '-f', 'json']).stdout)
    expect(json.container).toMatchObject({ containerCheaper: false, tasks: 2, architecture: 'arm64' })
    expect(json.container.breakEvenEntryRequests).toBeGreaterThan(1_000_000)
    expect(json.scaling.at(-1).container.containerCheaper).toBe(true)
  })
})

describe.skipIf(!motoAvailable)('lambdawise estimate --stack (against moto server)', () => {
  let moto: Moto | undefined
  const env = () => moto!.env
  const STACK_TEMPLATE = 'test/fixtures/stacks/orders-sam.yaml'

  beforeAll(async () => {
    moto = await startMoto({ orders: readFileSync(join(ROOT, STACK_TEMPLATE), 'utf8') })
  }, 60_000)

  afterAll(() => moto?.stop())

  it('prices the deployed stack as it prices the same template on disk', () => {
    const fromStack = lambdawise(['estimate', '--stack', 'orders', '--requests', '1M', '-f', 'json'], { env: env() })
    expect(fromStack.code, fromStack.stderr).toBe(0)
    const fromFile = lambdawise(['estimate', STACK_TEMPLATE, '--requests', '1M', '-f', 'json'])
    const stack = JSON.parse(fromStack.stdout)
    expect(stack.region).toBe('us-east-1')
    expect(stack.monthlyCost).toBeGreaterThan(0)
    expect(stack).toEqual(JSON.parse(fromFile.stdout))
  })

  it('exits 2 with one line for a stack that does not exist, and refuses --stack with a path', () => {
    const missing = lambdawise(['estimate', '--stack', 'nope', '--requests', '1M'], { env: env() })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^error: .*stack nope not found in region us-east-1/)
    expect(lambdawise(['estimate', EXAMPLE, '--stack', 'orders'], { env: env() }).code).toBe(2)
  })
})
