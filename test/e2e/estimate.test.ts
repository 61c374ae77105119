import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const EXAMPLE = 'examples/order-processing'
const USAGE = 'examples/order-processing/lambdawise-usage.yml'

function lambdawise(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } })
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
    expect(region.stderr).toMatch(/^error: the bundled price snapshot has no prices for sa-east-1 — price in one of .*us-east-1/)
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
