import { describe, expect, it } from 'vitest'

import { compareEstimates } from '../../src/cost/compare.js'
import type { Estimate, ResourceEstimate } from '../../src/cost/estimate.js'

function resource(id: string, monthlyCost: number, type = 'AWS::Serverless::Function'): ResourceEstimate {
  return { resource: id, type, service: 'lambda', monthlyCost, complete: true, components: [] }
}

function estimateOf(resources: ResourceEstimate[]): Estimate {
  const monthlyCost = Math.round(resources.reduce((total, item) => total + item.monthlyCost, 0) * 100) / 100
  return { region: 'us-east-1', freeTier: false, entryRequests: 1_000_000, monthlyCost, complete: true, perRequestCost: monthlyCost / 1_000_000, resources, scaling: [], container: undefined, unpriced: [] }
}

describe('compareEstimates', () => {
  it('matches resources by logical id and type: added, removed, changed, unchanged, largest change first', () => {
    const before = estimateOf([resource('Api', 3.5, 'AWS::Serverless::HttpApi'), resource('Orders', 10), resource('Legacy', 2.25)])
    const after = estimateOf([resource('Api', 3.5, 'AWS::Serverless::HttpApi'), resource('Orders', 4.1), resource('Queue', 1.2, 'AWS::SQS::Queue')])
    const comparison = compareEstimates(before, after)
    expect(comparison.monthlyCostChange).toBe(-6.95)
    expect(comparison.resources).toEqual([
      { resource: 'Orders', type: 'AWS::Serverless::Function', status: 'changed', before: 10, after: 4.1, change: -5.9 },
      { resource: 'Legacy', type: 'AWS::Serverless::Function', status: 'removed', before: 2.25, after: undefined, change: -2.25 },
      { resource: 'Queue', type: 'AWS::SQS::Queue', status: 'added', before: undefined, after: 1.2, change: 1.2 },
      { resource: 'Api', type: 'AWS::Serverless::HttpApi', status: 'unchanged', before: 3.5, after: 3.5, change: 0 },
    ])
  })

  it('a resource whose type changed is one removed and one added', () => {
    const comparison = compareEstimates(estimateOf([resource('Api', 3.5, 'AWS::Serverless::Api')]), estimateOf([resource('Api', 1, 'AWS::Serverless::HttpApi')]))
    expect(comparison.resources.map((change) => change.status).sort()).toEqual(['added', 'removed'])
  })
})
