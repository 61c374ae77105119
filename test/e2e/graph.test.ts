import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')

function lambdawise(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/commands/graph.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)')
})

describe('lambdawise graph (built CLI)', () => {
  it('prints the example as JSON matching the contract', () => {
    const { code, stdout, stderr } = lambdawise(['graph', 'examples/order-processing', '--format', 'json'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const graph = JSON.parse(stdout)
    expect(graph.version).toBe(1)
    expect(graph.nodes).toHaveLength(39)
    expect(graph.edges.find((edge: { label?: string }) => edge.label === 'POST /orders')).toMatchObject({
      from: 'OrdersApi', to: 'CreateOrderFunction', mode: 'sync', via: 'event-source', file: 'examples/order-processing/template.yaml', line: 85,
    })
  })

  it('prints mermaid by default and dot on request', () => {
    expect(lambdawise(['graph', 'examples/order-processing']).stdout).toMatch(/^flowchart LR\n/)
    const dot = lambdawise(['graph', 'examples/order-processing/template.yaml', '-f', 'dot'])
    expect(dot.code).toBe(0)
    expect(dot.stdout).toMatch(/^digraph architecture \{/)
    expect(dot.stdout).toContain('"OrdersQueue" -> "ProcessOrderFunction" [label="poll", style=dotted];')
  })

  it('discovers SAM, CDK and Serverless templates in a directory, and ids name their file', () => {
    const project = mkdtempSync(join(tmpdir(), 'lambdawise-discover-'))
    mkdirSync(join(project, 'cdk.out'))
    mkdirSync(join(project, '.serverless'))
    mkdirSync(join(project, 'node_modules/some-package'), { recursive: true })
    copyFileSync(join(ROOT, 'test/fixtures/templates/cdk.out/OrdersStack.template.json'), join(project, 'cdk.out/OrdersStack.template.json'))
    copyFileSync(join(ROOT, 'test/fixtures/templates/serverless/.serverless/cloudformation-template-update-stack.json'), join(project, '.serverless/cloudformation-template-update-stack.json'))
    copyFileSync(join(ROOT, 'test/fixtures/templates/cfn-plain.yaml'), join(project, 'template.yaml'))
    writeFileSync(join(project, 'node_modules/some-package/template.yaml'), 'not: a template')
    const { code, stdout } = lambdawise(['graph', '.', '--format', 'json'], project)
    expect(code).toBe(0)
    const files = new Set(JSON.parse(stdout).nodes.map((node: { file: string }) => node.file))
    expect([...files].sort()).toEqual(['.serverless/cloudformation-template-update-stack.json', 'cdk.out/OrdersStack.template.json', 'template.yaml'])
    expect(JSON.parse(stdout).nodes[0].id).toMatch(/^[^#]+#/)
  })

  it('applies --parameter to conditions', () => {
    const withoutProd = JSON.parse(lambdawise(['graph', 'test/fixtures/templates/cfn-plain.yaml', '-f', 'json']).stdout)
    expect(withoutProd.edges.some((edge: { to: string; condition?: string }) => edge.to === 'AuditTopic' && edge.condition === 'IsProd')).toBe(true)
    const dev = lambdawise(['graph', 'test/fixtures/templates/cfn-plain.yaml', '-f', 'json', '-p', 'Stage=dev'])
    expect(dev.stderr).toBe('')
    const devGraph = JSON.parse(dev.stdout)
    expect(devGraph.nodes.some((node: { id: string }) => node.id === 'AuditTopic')).toBe(false)
  })

  it('prints its version and help', () => {
    expect(lambdawise(['--version']).stdout).toMatch(/^lambdawise\/\d+\.\d+\.\d+ /)
    const help = lambdawise(['graph', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--format')
  })
})
