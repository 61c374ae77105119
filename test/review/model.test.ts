import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { estimate } from '../../src/cost/estimate.js'
import { openPriceSource } from '../../src/cost/prices/sources.js'
import { parseUsageText } from '../../src/cost/usage.js'
import { loadGraph } from '../../src/index.js'
import { runReview } from '../../src/review/run.js'
import { stepAt } from '../../src/review/scale.js'
import { readFileSync } from 'node:fs'

const ROOT = resolve(import.meta.dirname, '../..')
const EXAMPLE = 'examples/order-processing'
const USAGE = 'examples/order-processing/lambdawise-usage.yml'
const TODAY = new Date('2026-11-27T00:00:00Z')

describe('buildReview on the example', () => {
  it('describes the system from the graph: entry points, functions, queues, workflows, data stores', async () => {
    const { review } = await runReview({ path: EXAMPLE, usageFile: USAGE, cwd: ROOT, today: TODAY })
    const groups = Object.fromEntries(review.summary.inventory.map((group) => [group.label, group.names]))
    expect(groups['entry points']).toEqual(['DailyReportFunctionNightlyReport', 'OrdersApi'])
    expect(groups.functions).toHaveLength(8)
    expect(groups.queues).toEqual(['AnalyticsQueue', 'OrdersQueue', 'ShippingQueue'])
    expect(groups.workflows).toEqual(['FulfillmentStateMachine'])
    expect(groups['data stores']).toEqual(['OrdersTable', 'ReportsBucket'])
    expect(review.summary.description).toMatch(/^Order processing: /)
  })

  it('marks findings on their nodes, a state machine\'s definition-file finding included', async () => {
    const { review } = await runReview({ path: EXAMPLE, usageFile: USAGE, cwd: ROOT, today: TODAY })
    const markers = Object.fromEntries(review.diagram.markers.map((marker) => [marker.nodeId, marker]))
    expect(markers.FulfillmentStateMachine).toMatchObject({ severity: 'warning', count: 1 })
    expect(markers.CreateOrderFunction).toMatchObject({ severity: 'info', count: 1 })
  })

  it('dedupes the top risks by rule, worst and most frequent first', async () => {
    const { review } = await runReview({ path: EXAMPLE, usageFile: USAGE, cwd: ROOT, today: TODAY })
    expect(review.summary.topRisks[0]).toMatchObject({ ruleId: 'dlq-without-alarm', severity: 'warning', count: 6 })
    expect(new Set(review.summary.topRisks.map((risk) => risk.ruleId)).size).toBe(review.summary.topRisks.length)
  })

  it('prices 1× to 10000× the traffic and says where a container gets cheaper', async () => {
    const { review } = await runReview({ path: EXAMPLE, usageFile: USAGE, cwd: ROOT, today: TODAY })
    expect(review.cost.points.map((point) => point.multiplier)).toEqual([1, 10, 100, 1000, 10000])
    expect(review.cost.points.map((point) => point.entryRequests)).toEqual([1e6, 1e7, 1e8, 1e9, 1e10])
    expect(review.cost.breakEvenEntryRequests).toBeGreaterThan(1e6)
    expect(review.cost.points[4]!.containerMonthly).toBeLessThan(review.cost.points[4]!.lambdaMonthly!)
  })

  it('without usage or requests, says what the cost section needs', async () => {
    const { review } = await runReview({ path: EXAMPLE, cwd: ROOT, today: TODAY })
    expect(review.cost.entryRequests).toBeUndefined()
    expect(review.cost.points).toEqual([])
    expect(review.cost.needs[0]).toMatch(/--requests N, or entry_requests in a --usage file/)
    expect(review.notes.join('\n')).toContain('No usage file or --requests')
    expect(review.notes.join('\n')).toContain('cfn-lint was not run')
  })
})

describe('the 10000× step', () => {
  it('is priced by the same model: at 1000× it equals the estimate\'s own 1000× step', async () => {
    const { graph } = await loadGraph([EXAMPLE])
    const prices = openPriceSource({})
    const usage = parseUsageText(USAGE, readFileSync(USAGE, 'utf8'), graph)
    const base = estimate(graph, { region: 'us-east-1', freeTier: false, entryRequests: 1e6, usage, prices })
    const own = base.scaling.find((step) => step.multiplier === 1000)!
    expect(stepAt(graph, base, prices, usage, 1000)).toMatchObject({ multiplier: 1000, entryRequests: 1e9, monthlyCost: own.monthlyCost })
    const far = stepAt(graph, base, prices, usage, 10000)!
    expect(far).toMatchObject({ multiplier: 10000, entryRequests: 1e10 })
    // Usage counts (the state machine's transitions) grow with the traffic too: about 10× the 1000× step.
    expect(far.monthlyCost / own.monthlyCost).toBeGreaterThan(9)
    expect(far.monthlyCost / own.monthlyCost).toBeLessThan(10.5)
  })
})
