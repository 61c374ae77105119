import { describe, expect, it } from 'vitest'

import { estimate, type EstimateOptions } from '../../src/cost/estimate.js'
import { loadSnapshot, SnapshotPriceSource } from '../../src/cost/prices/snapshot.js'
import { parseUsageText, type ResourceUsage, type UsageFile } from '../../src/cost/usage.js'
import { buildGraph } from '../../src/graph/build.js'
import { parseTemplateText } from '../../src/template/parse.js'
import { Template } from '../../src/template/template.js'
// @ts-expect-error a plain JavaScript module of the benchmarks
import { generateSamTemplate } from '../bench/gen-sam.js'

const prices = new SnapshotPriceSource(loadSnapshot())

/** The benchmark's generated template at a small size: functions, queues with loops, tables, topics, workflows. */
const graph = buildGraph([new Template(parseTemplateText('generated.yaml', generateSamTemplate(60) as string))])
const idsOf = (type: string) => [...graph.nodes.values()].filter((node) => node.type === type).map((node) => node.id)
const functions = idsOf('AWS::Serverless::Function')
// Tables get no traffic from the graph: their request units come from the usage file only.
const tables = idsOf('AWS::DynamoDB::Table')
const usage = parseUsageText('usage.yml', [
  'version: 1',
  'entry_requests: 2M',
  'resources:',
  ...functions.map((id, index) => `  ${id}: {request_duration_ms: ${50 + index}${index % 7 === 0 ? ', monthly_requests: 30000' : ''}}`),
  ...tables.map((id, index) => `  ${id}: {monthly_write_request_units: ${(index + 1) * 1_000_000}, storage_gb: 5}`),
].join('\n'), graph)

/** The usage file as it would be written for `multiplier` times the traffic: monthly counts times it, the rest as is. */
function scaledUsage(file: UsageFile, multiplier: number): UsageFile {
  const resources = new Map<string, ResourceUsage>()
  for (const [id, values] of file.resources) {
    resources.set(id, Object.fromEntries(Object.entries(values).map(([key, value]) => [key, key.startsWith('monthly_') && !key.endsWith('_gb') ? value! * multiplier : value])))
  }
  return { ...file, resources, entryRequests: file.entryRequests! * multiplier }
}

describe('estimate: the scaling table', () => {
  const options: EstimateOptions = { region: 'us-east-1', freeTier: false, entryRequests: usage.entryRequests, usage, prices }
  const result = estimate(graph, options)

  it('has resources whose traffic cannot be derived (their price is the same at every level)', () => {
    expect(result.resources.filter((resource) => !resource.complete).length).toBeGreaterThan(10)
  })

  it('gives at 10x, 100x and 1000x what a whole estimate at that traffic gives, resource by resource', () => {
    for (const step of result.scaling) {
      const scaled = scaledUsage(usage, step.multiplier)
      const direct = estimate(graph, { ...options, entryRequests: scaled.entryRequests, usage: scaled })
      expect(step.monthlyCost).toBe(direct.monthlyCost)
      const largest = [...direct.resources].sort((a, b) => b.monthlyCost - a.monthlyCost)[0]!
      expect(step.largest).toBe(largest.resource)
      expect(step.container).toEqual(direct.container)
    }
  })
})
