import { describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { buildGraph } from '../../src/graph/build.js'
import { parseTemplateText } from '../../src/template/parse.js'
import { Template } from '../../src/template/template.js'
import { lambdaUsageOf, parseRequestCount, parseUsageText, sqsUsageOf, trafficOverrides } from '../../src/cost/usage.js'

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        FromQueue:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
  Queue:
    Type: AWS::SQS::Queue
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
`
const graph = buildGraph([new Template(parseTemplateText('template.yaml', TEMPLATE))])

function errorOf(text: string): UserError {
  try {
    parseUsageText('usage.yml', text, graph)
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error('no error')
}

describe('parseRequestCount', () => {
  it('reads plain numbers and suffixes', () => {
    expect(parseRequestCount('1000')).toBe(1000)
    expect(parseRequestCount('10M')).toBe(10_000_000)
    expect(parseRequestCount('2.5B')).toBe(2_500_000_000)
    expect(parseRequestCount('500k')).toBe(500_000)
    expect(parseRequestCount('1_000_000')).toBe(1_000_000)
    expect(parseRequestCount('1,000,000')).toBe(1_000_000)
    expect(parseRequestCount(42)).toBe(42)
  })
  it('refuses what is not a count', () => {
    for (const text of ['', 'ten', '-5', '10X', '1e3M', 'M']) expect(parseRequestCount(text)).toBeUndefined()
    expect(parseRequestCount(-1)).toBeUndefined()
    expect(parseRequestCount(Number.NaN)).toBeUndefined()
  })
})

describe('parseUsageText', () => {
  it('reads a full usage file', () => {
    const usage = parseUsageText(
      'usage.yml',
      `version: 1
region: eu-west-1
free_tier: true
entry_requests: 10M
resources:
  Fn: {monthly_requests: 3M, request_duration_ms: 120}
  Queue: {monthly_requests: 9000000, request_size_kb: 8}
  Table: {monthly_read_request_units: 2.5B, storage_gb: 1.5}
fanout:
  "Queue -> Fn": 0.5
`,
      graph,
    )
    expect(usage.region).toBe('eu-west-1')
    expect(usage.freeTier).toBe(true)
    expect(usage.entryRequests).toBe(10_000_000)
    expect(usage.resources.get('Fn')).toEqual({ monthly_requests: 3_000_000, request_duration_ms: 120 })
    expect(lambdaUsageOf(usage.resources.get('Fn'))).toEqual({ monthlyRequests: 3_000_000, requestDurationMs: 120 })
    expect(sqsUsageOf(usage.resources.get('Queue'))).toEqual({ monthlyRequests: 9_000_000, requestSizeKb: 8 })
    expect(usage.resources.get('Table')).toEqual({ monthly_read_request_units: 2_500_000_000, storage_gb: 1.5 })
    expect(usage.fanout).toMatchObject([{ from: 'Queue', to: 'Fn', multiplier: 0.5, location: { file: 'usage.yml', line: 10 } }])
    // The table's request units are not traffic; the function's and the queue's are.
    expect(trafficOverrides(usage, graph)).toEqual(new Map([['Fn', 3_000_000], ['Queue', 9_000_000]]))
  })

  it('names the line of an unknown top-level key', () => {
    const error = errorOf('version: 1\nentry_requests: 1000\nentry_request: 5\n')
    expect(error.message).toMatch(/unknown key "entry_request"/)
    expect(error.location).toEqual({ file: 'usage.yml', line: 3, column: 1 })
    expect(error.format()).toMatch(/^usage\.yml:3:1: /)
  })

  it('names the line of an unknown resource', () => {
    const error = errorOf('version: 1\nresources:\n  Fn: {monthly_requests: 5}\n  Nope: {monthly_requests: 5}\n')
    expect(error.message).toMatch(/unknown resource Nope/)
    expect(error.location).toEqual({ file: 'usage.yml', line: 4, column: 3 })
  })

  it('names the key that does not apply to the resource type', () => {
    const error = errorOf('version: 1\nresources:\n  Queue:\n    monthly_requests: 5\n    request_duration_ms: 100\n')
    expect(error.message).toBe('request_duration_ms does not apply to Queue (AWS::SQS::Queue)')
    expect(error.location).toEqual({ file: 'usage.yml', line: 5, column: 5 })
    expect(error.hint).toMatch(/monthly_requests, request_size_kb/)
  })

  it('names an unknown usage key', () => {
    const error = errorOf('version: 1\nresources:\n  Fn:\n    monthly_request: 5\n')
    expect(error.message).toMatch(/unknown usage key "monthly_request" for Fn/)
    expect(error.location).toMatchObject({ line: 4, column: 5 })
  })

  it('checks values, the version and fanout edges', () => {
    expect(errorOf('version: 1\nentry_requests: lots\n').location).toMatchObject({ line: 2 })
    expect(errorOf('version: 1\nresources:\n  Fn: {request_duration_ms: -3}\n').message).toMatch(/0 or more/)
    expect(errorOf('version: 2\n').message).toMatch(/unsupported usage file version 2/)
    expect(errorOf('region: us-east-1\n').message).toMatch(/no version/)
    expect(errorOf('version: 1\nfanout:\n  "Fn->Table": 2\n').message).toMatch(/no edge from Fn to Table/)
    expect(errorOf('version: 1\nfanout:\n  "Fn": 2\n').message).toMatch(/not "From->To"/)
    const yaml = errorOf('version: 1\nresources: [\n')
    expect(yaml.message).toMatch(/invalid YAML/)
  })

  it('works without a graph (no resource checks)', () => {
    const usage = parseUsageText('u.yml', 'version: 1\nresources:\n  Anything: {monthly_requests: 1K}\n')
    expect(usage.resources.get('Anything')).toEqual({ monthly_requests: 1000 })
  })
})
