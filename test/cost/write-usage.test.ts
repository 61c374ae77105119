import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { estimate } from '../../src/cost/estimate.js'
import { loadSnapshot, SnapshotPriceSource } from '../../src/cost/prices/snapshot.js'
import { parseUsageText } from '../../src/cost/usage.js'
import { usageFileFor } from '../../src/cost/write-usage.js'
import { loadGraph } from '../../src/index.js'

const EXAMPLE = 'examples/order-processing'
const { graph } = await loadGraph([EXAMPLE])
const prices = new SnapshotPriceSource(loadSnapshot())

describe('usageFileFor (--write-usage)', () => {
  it('lists every priced resource with its keys: derived traffic as comments, the rest as "depends on usage"', () => {
    const text = usageFileFor(graph, { region: 'us-east-1', freeTier: false, entryRequests: 1_000_000, source: EXAMPLE })
    expect(text).toMatch(/^# lambdawise usage file for examples\/order-processing/)
    expect(text).toContain('entry_requests: 1000000')
    expect(text).toMatch(/^ {2}CreateOrderFunction: {3}# AWS::Serverless::Function\n {4}# monthly_requests: 1000000 {3}# derived: requests/m)
    expect(text).toMatch(/^ {4}# request_duration_ms: {4}# depends on usage: average billed duration/m)
  })

  it('parses back as a usage file, and estimating with it gives the same total as the flags it came from', () => {
    const text = usageFileFor(graph, { region: 'us-east-1', freeTier: false, entryRequests: 2_000_000, source: EXAMPLE })
    const usage = parseUsageText('written.yml', text, graph)
    expect(usage.entryRequests).toBe(2_000_000)
    const fromFile = estimate(graph, { region: 'us-east-1', freeTier: false, entryRequests: usage.entryRequests, usage, prices })
    const fromFlags = estimate(graph, { region: 'us-east-1', freeTier: false, entryRequests: 2_000_000, prices })
    expect(fromFile.monthlyCost).toBe(fromFlags.monthlyCost)
  })

  it('keeps what the usage file gave, and its fanout, so the written file reproduces the estimate', () => {
    const file = `${EXAMPLE}/lambdawise-usage.yml`
    const given = parseUsageText(file, readFileSync(file, 'utf8'), graph)
    const text = usageFileFor(graph, { region: 'us-east-1', freeTier: false, entryRequests: given.entryRequests, usage: given, source: EXAMPLE })
    const written = parseUsageText('written.yml', text, graph)
    const options = { region: 'us-east-1', freeTier: false, prices }
    expect(estimate(graph, { ...options, entryRequests: written.entryRequests, usage: written }).monthlyCost).toBe(estimate(graph, { ...options, entryRequests: given.entryRequests, usage: given }).monthlyCost)
  })

  it('without entry requests, entry_requests is a commented example', () => {
    const text = usageFileFor(graph, { region: 'eu-west-1', freeTier: true, entryRequests: undefined, source: EXAMPLE })
    expect(text).toContain('# entry_requests: 1000000')
    expect(text).toContain('free_tier: true')
    expect(parseUsageText('written.yml', text, graph).entryRequests).toBeUndefined()
  })
})
