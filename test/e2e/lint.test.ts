import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Moto, motoAvailable, startMoto } from '../helpers/moto.js'


const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const EXAMPLE = 'examples/order-processing'

function lambdawise(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', ...options.env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function temporary(files: Record<string, string> = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'lambdawise-lint-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text)
  return directory
}

const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/commands/lint.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)')
})

const ASYNC_WITHOUT_DLQ = `Transform: AWS::Serverless-2016-10-31
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      MemorySize: 512
      Timeout: 10
      Events:
        Sns: { Type: SNS, Properties: { Topic: !Ref Topic } }
`

describe('lambdawise lint (built CLI)', () => {
  it('prints stylish findings for the example and exits 0 when nothing reaches --fail-on error', () => {
    const run = lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^examples\/order-processing\/template.yaml$/m)
    expect(run.stdout).toMatch(/queue-visibility-timeout-below-six-times/)
    expect(run.stdout).toMatch(/✖ \d+ problems \(0 errors, \d+ warnings, \d+ infos\)/)
  })

  it('exits 1 when a finding reaches --fail-on, and 0 with --fail-on none', () => {
    expect(lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off', '--fail-on', 'warning']).code).toBe(1)
    expect(lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off', '--fail-on', 'none']).code).toBe(0)
  })

  it('writes the JSON contract, with locations on the user\'s files', () => {
    const run = lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off', '--format', 'json'])
    const report = JSON.parse(run.stdout)
    expect(report.version).toBe(1)
    expect(Object.keys(report.summary)).toEqual(expect.arrayContaining(['errors', 'warnings', 'infos', 'files', 'resources', 'durationMs']))
    expect(report.summary.files).toBe(1)
    const finding = report.findings.find((item: { ruleId: string }) => item.ruleId === 'queue-visibility-timeout-below-six-times')
    expect(finding).toMatchObject({ category: 'resilience', severity: 'warning', file: 'examples/order-processing/template.yaml', line: 139, resource: 'OrdersQueue', source: 'lambdawise' })
  })

  it('applies --rule levels and --category filters, and rejects unknown rules with a suggestion', () => {
    const quiet = JSON.parse(lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off', '-f', 'json', '--rule', 'dlq-without-alarm=off']).stdout)
    expect(quiet.findings.some((item: { ruleId: string }) => item.ruleId === 'dlq-without-alarm')).toBe(false)
    const raised = lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off', '--rule', 'dlq-without-alarm=error'])
    expect(raised.code).toBe(1)
    const security = JSON.parse(lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off', '-f', 'json', '--category', 'security']).stdout)
    expect(new Set(security.findings.map((item: { category: string }) => item.category))).toEqual(new Set(['security']))
    const typo = lambdawise(['lint', EXAMPLE, '--rule', 'dlq-without-alarms=off'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/unknown rule; did you mean dlq-without-alarm\?/)
  })

  it('honours Metadata.lambdawise.ignore with a reason, and refuses one without', () => {
    const suppressed = ASYNC_WITHOUT_DLQ.replace('  Handler:\n    Type: AWS::Serverless::Function\n', '  Handler:\n    Type: AWS::Serverless::Function\n    Metadata:\n      lambdawise:\n        ignore:\n          - { rule: async-function-without-failure-destination, reason: retried by the publisher }\n')
    const directory = temporary({ 'template.yaml': ASYNC_WITHOUT_DLQ, 'suppressed.yaml': suppressed, 'no-reason.yaml': suppressed.replace(', reason: retried by the publisher', '') })
    const ids = (file: string) => JSON.parse(lambdawise(['lint', file, '--cfn-lint', 'off', '-f', 'json'], { cwd: directory }).stdout).findings.map((item: { ruleId: string }) => item.ruleId)
    expect(ids('template.yaml')).toContain('async-function-without-failure-destination')
    expect(ids('suppressed.yaml')).not.toContain('async-function-without-failure-destination')
    const refused = lambdawise(['lint', 'no-reason.yaml', '--cfn-lint', 'off'], { cwd: directory })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^error: no-reason\.yaml:\d+:\d+: ignoring async-function-without-failure-destination needs a reason/)
  })

  it('writes a baseline, then reports only new findings against it', () => {
    const directory = temporary({ 'template.yaml': ASYNC_WITHOUT_DLQ })
    const written = lambdawise(['lint', '--cfn-lint', 'off', '--write-baseline', 'baseline.json', '--fail-on', 'warning'], { cwd: directory })
    expect(written.code, written.stdout + written.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(directory, 'baseline.json'), 'utf8')).findings).toContainEqual({ file: 'template.yaml', resource: 'Handler', rule: 'async-function-without-failure-destination', count: 1 })
    expect(lambdawise(['lint', '--cfn-lint', 'off', '--baseline', 'baseline.json', '--fail-on', 'warning'], { cwd: directory }).code).toBe(0)
    writeFileSync(join(directory, 'template.yaml'), ASYNC_WITHOUT_DLQ + ASYNC_WITHOUT_DLQ.split('Resources:\n')[1]!.replace(/Topic/g, 'Other').replace('  Handler:', '  Handler2:'))
    const after = lambdawise(['lint', '--cfn-lint', 'off', '--baseline', 'baseline.json', '-f', 'json', '--fail-on', 'warning'], { cwd: directory })
    expect(after.code).toBe(1)
    const report = JSON.parse(after.stdout)
    expect(report.findings.every((item: { resource: string }) => item.resource !== 'Handler')).toBe(true)
    expect(report.summary.baselined).toBeGreaterThan(0)
  })

  it('reads a config file found upwards and reports its unknown keys as usage errors', () => {
    const directory = temporary({ 'template.yaml': ASYNC_WITHOUT_DLQ, 'lambdawise.config.yaml': 'cfnLint: off\nfailOn: warning\n' })
    expect(lambdawise(['lint'], { cwd: directory }).code).toBe(1)
    writeFileSync(join(directory, 'lambdawise.config.yaml'), 'cfnLint: off\nfail_on: warning\n')
    const bad = lambdawise(['lint'], { cwd: directory })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('error: lambdawise.config.yaml:2:1: unknown config key "fail_on" — known keys: rules, categories, failOn, cfnLint, baseline, parameters\n')
  })

  it('writes every format to --output', () => {
    const directory = temporary()
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github', 'markdown']) {
      const file = join(directory, `report.${format}`)
      const run = lambdawise(['lint', EXAMPLE, '--cfn-lint', 'off', '-f', format, '-o', file])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toBe('')
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(100)
    }
    expect(JSON.parse(readFileSync(join(directory, 'report.sarif'), 'utf8')).version).toBe('2.1.0')
    expect(readFileSync(join(directory, 'report.github'), 'utf8')).toMatch(/^::warning file=examples\/order-processing\/template.yaml,line=139,col=7,title=/m)
  })

  it.skipIf(!hasCfnLint && !process.env.CI)('merges cfn-lint findings with source cfn-lint', () => {
    const run = lambdawise(['lint', 'test/fixtures/cfn-lint/invalid-property.yaml', '-f', 'json', '--cfn-lint', 'on', '--fail-on', 'none'])
    expect(run.code, run.stderr).toBe(0)
    const fromCfnLint = JSON.parse(run.stdout).findings.filter((item: { source: string }) => item.source === 'cfn-lint')
    expect(fromCfnLint.length).toBeGreaterThan(0)
    expect(fromCfnLint[0]).toMatchObject({ file: 'test/fixtures/cfn-lint/invalid-property.yaml', resource: 'OrdersQueue' })
    expect(fromCfnLint[0].ruleId).toMatch(/^cfn-lint:E\d+/)
  })

  it('says clearly when --cfn-lint on cannot find cfn-lint', () => {
    const run = lambdawise(['lint', EXAMPLE, '--cfn-lint', 'on'], { env: { PATH: '/nonexistent' } })
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/cfn-lint/)
  })
})

describe.skipIf(!motoAvailable)('lambdawise lint --stack (against moto server)', () => {
  let moto: Moto | undefined
  const env = () => moto!.env

  beforeAll(async () => {
    moto = await startMoto({ workers: ASYNC_WITHOUT_DLQ })
  }, 60_000)

  afterAll(() => moto?.stop())

  it('lints a deployed stack by name, same output as for a file', () => {
    const run = lambdawise(['lint', '--stack', 'workers', '--cfn-lint', 'off', '-f', 'json'], { env: env() })
    expect(run.code, run.stderr).toBe(0)
    const findings = JSON.parse(run.stdout).findings
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'async-function-without-failure-destination', file: 'workers.stack.yaml', resource: 'Handler', line: 5 }))
  })

  it('exits 2 with one line for a stack that does not exist', () => {
    const run = lambdawise(['lint', '--stack', 'nope', '--cfn-lint', 'off'], { env: env() })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: .*stack nope not found in region us-east-1/)
  })
})
