/**
 * The handler-code analysis through the built CLI: code edges in `graph`, code findings located in
 * the handler files, `--no-code`, inline suppressions, and broken handlers reported, not crashed on.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const CHAIN = 'test/fixtures/rules/synchronous-chain/bad-code-chain'
const BROKEN = 'test/fixtures/rules/handler-not-found/bad-handlers'

interface JsonFinding { ruleId: string; severity: string; message: string; file: string; line: number; column: number; resource: string }
interface JsonReport { findings: JsonFinding[]; summary: { suppressed: number } }

function lambdawise(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function lintJson(path: string, ...flags: string[]): { code: number | null; report: JsonReport; stderr: string } {
  const { code, stdout, stderr } = lambdawise(['lint', path, '--cfn-lint', 'off', '--format', 'json', '--fail-on', 'none', ...flags])
  return { code, report: JSON.parse(stdout) as JsonReport, stderr }
}

const scratch: string[] = []

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/code/analyse.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)')
})

afterAll(() => {
  for (const directory of scratch) rmSync(directory, { recursive: true, force: true })
})

describe('lint reads the handler code', () => {
  it('reports a synchronous chain the template alone does not show, with each hop\'s code location', () => {
    const { report } = lintJson(CHAIN)
    const chains = report.findings.filter((finding) => finding.ruleId === 'synchronous-chain')
    expect(chains).toHaveLength(1)
    expect(chains[0]).toMatchObject({ file: `${CHAIN}/src/checkout.ts`, line: 6, column: 24, resource: 'Checkout' })
    expect(chains[0]!.message).toContain(`OrdersApi → Checkout (${CHAIN}/src/checkout.ts:6:24) → Pricing (${CHAIN}/src/lib/invoke.ts:7:26) → Stock: 3 synchronous calls deep`)
    const invokes = report.findings.filter((finding) => finding.ruleId === 'synchronous-invoke-in-code').map((finding) => `${finding.file}:${finding.line}`)
    expect(invokes.sort()).toEqual([`${CHAIN}/src/checkout.ts:6`, `${CHAIN}/src/lib/invoke.ts:7`])
  })

  it('--no-code judges the template alone: no chain, nothing located in code', () => {
    const { report } = lintJson(CHAIN, '--no-code')
    expect(report.findings.filter((finding) => finding.ruleId === 'synchronous-chain')).toEqual([])
    expect(report.findings.filter((finding) => finding.file.endsWith('.ts'))).toEqual([])
  })

  it('a handler that is missing or does not parse is an error finding, and lint still exits normally', () => {
    const { code, stdout, stderr } = lambdawise(['lint', BROKEN, '--cfn-lint', 'off'])
    expect(code).toBe(1)
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(stdout).toMatch(/broken\.ts does not parse/)
    expect(stdout).toMatch(/handler module orders not found/)
  })

  it('honours // lambdawise-ignore-next-line <rule>: <reason> in the handler', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-code-'))
    scratch.push(directory)
    cpSync(join(ROOT, CHAIN), directory, { recursive: true })
    const checkout = join(directory, 'src/checkout.ts')
    const lines = readFileSync(checkout, 'utf8').split('\n')
    lines.splice(5, 0, '  // lambdawise-ignore-next-line synchronous-invoke-in-code: the price is needed in the response')
    writeFileSync(checkout, lines.join('\n'))
    const { code, stdout } = lambdawise(['lint', '.', '--cfn-lint', 'off', '--format', 'json', '--fail-on', 'none'], directory)
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as JsonReport
    const invokes = report.findings.filter((finding) => finding.ruleId === 'synchronous-invoke-in-code').map((finding) => `${finding.file}:${finding.line}`)
    expect(invokes).toEqual(['src/lib/invoke.ts:7'])
    expect(report.summary.suppressed).toBeGreaterThanOrEqual(1)
  })

  it('says once when a template\'s code is not there, and lints the template', () => {
    const { code, stderr } = lambdawise(['lint', 'test/fixtures/rules/recursive-loop/bad.yaml', '--cfn-lint', 'off', '--fail-on', 'none'])
    expect(code).toBe(0)
    expect(stderr.match(/not found, so the code rules skip it/g) ?? []).toHaveLength(1)
  })
})

describe('graph shows code edges', () => {
  it('carries the SDK operation, the mode and the call\'s location', () => {
    const { code, stdout } = lambdawise(['graph', CHAIN, '--format', 'json'])
    expect(code).toBe(0)
    const graph = JSON.parse(stdout) as { edges: { from: string; to: string; via: string; mode: string; operation?: string; file: string; line: number }[] }
    const edges = graph.edges.filter((edge) => edge.via === 'code').map((edge) => `${edge.from} -> ${edge.to} ${edge.mode} ${edge.operation} ${edge.file}:${edge.line}`)
    expect(edges.sort()).toEqual([
      `Checkout -> Pricing sync Invoke ${CHAIN}/src/checkout.ts:6`,
      `Pricing -> Stock sync Invoke ${CHAIN}/src/lib/invoke.ts:7`,
    ])
    const templateOnly = JSON.parse(lambdawise(['graph', CHAIN, '--format', 'json', '--no-code']).stdout) as { edges: { via: string }[] }
    expect(templateOnly.edges.filter((edge) => edge.via === 'code')).toEqual([])
  })
})
