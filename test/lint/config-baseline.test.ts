import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { ALL_RULES } from '../../rules/index.js'
import { UserError } from '../../src/errors.js'
import { applyBaseline, createBaseline, parseBaseline } from '../../src/lint/baseline.js'
import { loadConfig } from '../../src/lint/config.js'
import type { Finding } from '../../src/lint/types.js'

const RULE = ALL_RULES[0]!.id

function directory(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lambdawise-config-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}

describe('config', () => {
  it('is found upwards from the working directory', () => {
    const root = directory({ 'lambdawise.config.yaml': `rules:\n  ${RULE}: warning\nfailOn: warning\n`, 'services/orders/template.yaml': '' })
    const config = loadConfig(ALL_RULES, { cwd: join(root, 'services/orders') })
    expect(config.rules.get(RULE)).toBe('warning')
    expect(config.failOn).toBe('warning')
    expect(config.file).toBe(join(root, 'lambdawise.config.yaml'))
  })

  it('reads the "lambdawise" key of package.json, and resolves the baseline against the file', () => {
    const root = directory({ 'package.json': JSON.stringify({ name: 'x', lambdawise: { cfnLint: 'off', baseline: 'ci/baseline.json' } }) })
    const config = loadConfig(ALL_RULES, { cwd: root })
    expect(config.cfnLint).toBe('off')
    expect(config.baseline).toBe(join(root, 'ci/baseline.json'))
  })

  it('reports unknown keys and rules at their line, with a suggestion', () => {
    const root = directory({ '.lambdawiserc.yaml': `failOn: error\nrulez: {}\n` })
    const error = (() => { try { loadConfig(ALL_RULES, { cwd: root }) } catch (caught) { return caught } })() as UserError
    expect(error).toBeInstanceOf(UserError)
    expect(error.format()).toMatch(/\.lambdawiserc\.yaml:2:1: unknown config key "rulez"/)
    const typo = directory({ 'lambdawise.config.json': `{\n  "rules": {\n    "${RULE}x": "off"\n  }\n}\n` })
    expect(() => loadConfig(ALL_RULES, { cwd: typo })).toThrow(/unknown rule/)
    const level = directory({ 'lambdawise.config.json': `{ "rules": { "${RULE}": "loud" } }` })
    expect(() => loadConfig(ALL_RULES, { cwd: level })).toThrow(/must be one of off, error, warning, info/)
  })

  it('is empty when there is none, and an explicit missing file is an error', () => {
    expect(loadConfig(ALL_RULES, { cwd: directory({}) }).rules.size).toBe(0)
    expect(() => loadConfig(ALL_RULES, { explicitFile: '/nonexistent/lambdawise.json' })).toThrow(UserError)
  })
})

describe('baseline', () => {
  const finding = (resource: string, line: number, ruleId = RULE): Finding => ({
    ruleId, category: 'resilience', severity: 'error', message: 'm', file: 'template.yaml', line, column: 3, resource, source: 'lambdawise', equivalents: [],
  })

  it('accepts recorded findings by file, resource and rule, whatever their line', () => {
    const baseline = createBaseline([finding('Queue', 10), finding('Queue', 20), finding('Topic', 30)])
    expect(baseline.findings).toEqual([
      { file: 'template.yaml', resource: 'Queue', rule: RULE, count: 2 },
      { file: 'template.yaml', resource: 'Topic', rule: RULE, count: 1 },
    ])
    const moved = [finding('Queue', 110), finding('Queue', 120), finding('Topic', 130)]
    expect(applyBaseline(moved, baseline)).toEqual({ kept: [], baselined: 3 })
  })

  it('reports a third finding of a key recorded twice, and new resources', () => {
    const baseline = createBaseline([finding('Queue', 10), finding('Queue', 20)])
    const { kept, baselined } = applyBaseline([finding('Queue', 10), finding('Queue', 20), finding('Queue', 30), finding('Other', 1)], baseline)
    expect(baselined).toBe(2)
    expect(kept.map((item) => `${item.resource}:${item.line}`)).toEqual(['Queue:30', 'Other:1'])
  })

  it('refuses a file that is not a baseline', () => {
    expect(() => parseBaseline('b.json', '{"version":2}')).toThrow(UserError)
    expect(() => parseBaseline('b.json', 'nope')).toThrow(/not a lambdawise baseline/)
    expect(parseBaseline('b.json', JSON.stringify(createBaseline([finding('Queue', 1)]))).findings).toHaveLength(1)
  })
})
