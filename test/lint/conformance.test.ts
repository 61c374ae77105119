import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

import { ALL_RULES } from '../../rules/index.js'
import { lintFile } from './lint-helpers.js'

// The serverless-rules conformance suite (awslabs/serverless-rules, 60 templates): the rule whose
// `equivalents` name that serverless-rules id fires on every *.fail.yaml and never on a *.pass.yaml.
const SUITE = '../shared/data/serverless-rules'
const cases = readdirSync(SUITE)
  .filter((name) => /\.(pass|fail)\.yaml$/.test(name))
  .sort()
  .map((name) => ({ name, id: name.split(/[-.]/)[0]!.toUpperCase(), fail: name.endsWith('.fail.yaml') }))

const passed: string[] = []
const failed: string[] = []

describe('serverless-rules conformance', () => {
  it.each(cases)('$name', async ({ name, id, fail }) => {
    const rules = ALL_RULES.filter((rule) => rule.equivalents.includes(`serverless-rules:${id}`))
    try {
      expect(rules.map((rule) => rule.id), `a rule with equivalent serverless-rules:${id}`).not.toEqual([])
      const findings = (await lintFile(join(SUITE, name), rules)).filter((finding) => rules.some((rule) => rule.id === finding.ruleId))
      if (fail) expect(findings.length, `${rules.map((rule) => rule.id).join(', ')} should fire`).toBeGreaterThan(0)
      else expect(findings.map((finding) => `${finding.ruleId} ${finding.resource}:${finding.line} ${finding.message}`)).toEqual([])
      passed.push(name)
    } catch (error) {
      failed.push(name)
      throw error
    }
  })

  afterAll(() => {
    console.log(`serverless-rules conformance: ${passed.length}/${cases.length}${failed.length ? ` (failing: ${failed.join(', ')})` : ''}`)
  })
})
