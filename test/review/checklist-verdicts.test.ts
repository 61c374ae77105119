import { describe, expect, it } from 'vitest'

import { ALL_RULES } from '../../rules/index.js'
import { buildGraph, parseTemplateText, Template } from '../../src/index.js'
import type { Finding, Severity } from '../../src/lint/types.js'
import { CHECKLIST, checklistOf } from '../../src/review/checklist.js'
import type { CostSection } from '../../src/review/types.js'
import { verdictsOf } from '../../src/review/verdicts.js'

function finding(ruleId: string, severity: Severity = 'warning'): Finding {
  const rule = ALL_RULES.find((candidate) => candidate.id === ruleId)!
  return { ruleId, category: rule.category, severity, message: ruleId, file: 'template.yaml', line: 1, column: 1, source: 'lambdawise', equivalents: [] }
}

const COST: CostSection = {
  region: 'us-east-1', freeTier: false, entryRequests: 1_000_000, monthlyCost: 10, complete: true, perRequestCost: 0.00001,
  resources: [], points: [], breakEvenEntryRequests: undefined, container: undefined, needs: [],
}
const graph = buildGraph([new Template(parseTemplateText('template.yaml', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n'))])
const verdicts = (findings: Finding[], cost: CostSection = COST) =>
  Object.fromEntries(verdictsOf({ graph, findings, rules: ALL_RULES, rulesOff: new Set(), syncPaths: [], cost }).map((verdict) => [verdict.category, verdict]))

describe('checklist', () => {
  it('names only real rules, and every tip has some', () => {
    const ids = new Set(ALL_RULES.map((rule) => rule.id))
    for (const tip of CHECKLIST) {
      expect(tip.ruleIds.length, tip.id).toBeGreaterThan(0)
      for (const ruleId of tip.ruleIds) expect(ids.has(ruleId), `${tip.id}: ${ruleId}`).toBe(true)
    }
  })

  it('ticks a tip when none of its rules found anything, and says which did otherwise', () => {
    const items = Object.fromEntries(checklistOf([finding('dlq-without-alarm'), finding('dlq-without-alarm'), finding('unneeded-vpc')]).map((item) => [item.id, item]))
    expect(items['dlq-and-retries']).toMatchObject({ ticked: false, failing: [{ ruleId: 'dlq-without-alarm', count: 2 }] })
    expect(items['no-vpc-unless-needed']).toMatchObject({ ticked: false, failing: [{ ruleId: 'unneeded-vpc', count: 1 }] })
    expect(items['least-privilege']).toMatchObject({ ticked: true, failing: [] })
    expect(items['least-privilege']!.ruleIds).toContain('iam-wildcard-action')
  })

  it('counts an info finding against the tip too (a tick means "nothing found")', () => {
    const items = Object.fromEntries(checklistOf([finding('api-without-authorizer', 'info')]).map((item) => [item.id, item]))
    expect(items['least-privilege']!.ticked).toBe(false)
  })

  it('does not decide a tip whose rules the config switched off', () => {
    const off = new Set(CHECKLIST.find((tip) => tip.id === 'right-sized-memory')!.ruleIds)
    const items = Object.fromEntries(checklistOf([finding('function-default-memory')], off).map((item) => [item.id, item]))
    expect(items['right-sized-memory']!.ticked).toBeUndefined()
  })
})

describe('verdicts', () => {
  it('has one verdict per category, in the documented order', () => {
    expect(Object.keys(verdicts([]))).toEqual(['coupling', 'vpc', 'sync-async', 'resilience', 'observability', 'security', 'cost'])
  })

  it('takes the worst severity of the category: error → risk, warning → attention, info → advice, none → good', () => {
    const result = verdicts([finding('iam-full-wildcard', 'error'), finding('dlq-without-alarm'), finding('event-bus-without-schema', 'info')])
    expect(result.security!.status).toBe('risk')
    expect(result.observability!.status).toBe('attention')
    expect(result.coupling!.status).toBe('advice')
    expect(result.resilience!.status).toBe('good')
  })

  it('says what it is based on: the rules checked and the ones that fired', () => {
    const result = verdicts([finding('dlq-without-alarm'), finding('function-tracing-disabled')])
    expect(result.observability!.basis[0]).toMatch(/^\d+ observability rules checked; found by `dlq-without-alarm`, `function-tracing-disabled`$/)
    expect(result.vpc!.basis).toContain('no function has a VpcConfig')
  })

  it('judges cost from the estimate: a container cheaper today needs attention', () => {
    const cheaper = { ...COST, points: [{ multiplier: 1, entryRequests: 1_000_000, totalMonthly: 500, lambdaMonthly: 400, containerMonthly: 60 }] }
    expect(verdicts([], cheaper).cost).toMatchObject({ status: 'attention', headline: 'A container would cost less at this traffic' })
    expect(verdicts([]).cost!.status).toBe('good')
  })

  it('judges sync vs async from the paths: one over the API limit is a risk', () => {
    const over = verdictsOf({
      graph, findings: [], rules: ALL_RULES, rulesOff: new Set(), cost: COST,
      syncPaths: [{ entry: 'Api', entryKind: 'REST API', steps: [{ nodeId: 'Api', name: 'Api', kind: 'API', timeoutSeconds: 0 }, { nodeId: 'Fn', name: 'Fn', kind: 'Lambda function', timeoutSeconds: 60 }], budgetSeconds: 60, limitSeconds: 29, overLimit: true }],
    }).find((verdict) => verdict.category === 'sync-async')!
    expect(over.status).toBe('risk')
    expect(over.basis.join('\n')).toContain('Api → Fn')
  })
})
