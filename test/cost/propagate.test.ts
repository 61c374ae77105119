import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import type { ArchitectureGraph } from '../../src/graph/graph.js'
import { buildGraph } from '../../src/graph/build.js'
import { loadGraph } from '../../src/index.js'
import { parseTemplateText } from '../../src/template/parse.js'
import { Template } from '../../src/template/template.js'
import { monthlyInvocations, propagateTraffic, type NodeTraffic } from '../../src/cost/propagate.js'

/** A month is 730 hours: 730 / 24 = 30.41666… days. */
const DAYS = 730 / 24

describe('monthlyInvocations', () => {
  it('counts rate expressions over 730 hours', () => {
    expect(monthlyInvocations('rate(1 minute)')).toBe(43_800) // 730 × 60
    expect(monthlyInvocations('rate(5 minutes)')).toBe(8_760) // 43,800 / 5
    expect(monthlyInvocations('rate(1 hour)')).toBe(730)
    expect(monthlyInvocations('rate(1 day)')).toBeCloseTo(DAYS, 9)
    expect(monthlyInvocations('rate(7 days)')).toBeCloseTo(DAYS / 7, 9)
  })
  it('counts cron expressions', () => {
    expect(monthlyInvocations('cron(0 6 * * ? *)')).toBeCloseTo(DAYS, 9) // once a day
    expect(monthlyInvocations('cron(0/15 * * * ? *)')).toBeCloseTo(4 * 24 * DAYS, 9) // every 15 minutes: 2,920
    // 4 a hour × 9 hours (9-17) on 5 of 7 days: 36 × 30.4167 × 5/7 = 782.14
    expect(monthlyInvocations('cron(0/15 9-17 ? * MON-FRI *)')).toBeCloseTo(36 * DAYS * 5 / 7, 9)
    expect(monthlyInvocations('cron(0 12 1,15 * ? *)')).toBe(2) // the 1st and the 15th
    expect(monthlyInvocations('cron(0 12 L * ? *)')).toBe(1) // the last day of each month
    expect(monthlyInvocations('cron(0 0 1 1,7 ? *)')).toBeCloseTo(2 / 12, 9) // twice a year
    expect(monthlyInvocations('cron(0 10 ? * 6#3 *)')).toBe(1) // third Friday
  })
  it('leaves what it cannot count undefined', () => {
    expect(monthlyInvocations('at(2030-01-01T00:00:00)')).toBeUndefined()
    expect(monthlyInvocations('cron(0 6 * *)')).toBeUndefined()
    expect(monthlyInvocations('every day')).toBeUndefined()
  })
})

describe('propagateTraffic on examples/order-processing', () => {
  let graph: ArchitectureGraph
  beforeAll(async () => {
    graph = (await loadGraph(['examples/order-processing/template.yaml'])).graph
  })
  const requests = (traffic: Map<string, NodeTraffic>, id: string) => traffic.get(id)?.monthlyRequests

  it('follows 1,000,000 entry requests through the graph', () => {
    const traffic = propagateTraffic(graph, { entryRequests: 1_000_000 })
    const expected: Record<string, number> = {
      // The HTTP API is the front door: 1M requests.
      OrdersApi: 1_000_000,
      // API → function ×1 on each route (POST /orders and GET /orders/{orderId}).
      CreateOrderFunction: 1_000_000,
      GetOrderFunction: 1_000_000,
      // CreateOrderFunction → OrdersQueue through its SQSSendMessagePolicy: one message per request.
      OrdersQueue: 1_000_000,
      // OrdersQueue → ProcessOrderFunction with BatchSize 10: 1M / 10 = 100,000 invocations.
      ProcessOrderFunction: 100_000,
      // ProcessOrderFunction handles every one of the 1M messages: one execution (StepFunctionsExecutionPolicy)
      // and one publish (SNSPublishMessagePolicy) per order, not per batch.
      FulfillmentStateMachine: 1_000_000,
      OrderEventsTopic: 1_000_000,
      // Topic → its sqs subscription ×1; AnalyticsQueue → AnalyticsFunction with BatchSize 50: 1M / 50 = 20,000.
      AnalyticsQueue: 1_000_000,
      AnalyticsFunction: 20_000,
      // The state machine's tasks, once per execution.
      ReserveInventoryFunction: 1_000_000,
      ChargePaymentFunction: 1_000_000,
      ShippingQueue: 1_000_000,
      OrderEventsBus: 1_000_000,
      // Bus → the SAM rule → NotifyCustomerFunction, ×1 each.
      NotifyCustomerFunctionOrderFulfilled: 1_000_000,
      NotifyCustomerFunction: 1_000_000,
    }
    for (const [id, value] of Object.entries(expected)) expect(requests(traffic, id), id).toBeCloseTo(value, 6)
    // cron(0 6 * * ? *): once a day, 730 / 24 = 30.4167 a month, whatever the entry requests.
    expect(traffic.get('DailyReportFunctionNightlyReport')).toMatchObject({ source: 'schedule' })
    expect(requests(traffic, 'DailyReportFunctionNightlyReport')).toBeCloseTo(DAYS, 9)
    expect(requests(traffic, 'DailyReportFunction')).toBeCloseTo(DAYS, 9)
    // Not derivable: failures into DLQs, reads and writes to the table, the bucket — undefined, never 0.
    for (const id of ['OrdersDeadLetterQueue', 'AnalyticsDeadLetterQueue', 'ShippingDeadLetterQueue', 'NotifyCustomerDeadLetterQueue', 'DailyReportDeadLetterQueue', 'OrdersTable', 'ReportsBucket']) {
      expect(traffic.get(id), id).toMatchObject({ monthlyRequests: undefined })
    }
    expect(traffic.get('OrdersApi')).toMatchObject({ source: 'propagated', notes: ['entry point'] })
  })

  it('lets usage and fanout override what is propagated', () => {
    const traffic = propagateTraffic(graph, {
      entryRequests: 1_000_000,
      // 500,000 messages on the queue instead of 1M.
      perResource: { OrdersQueue: 500_000 },
      fanout: [
        // Two events per order on the topic.
        { from: 'ProcessOrderFunction', to: 'OrderEventsTopic', multiplier: 2 },
        // A may-call edge that carries nothing by default: one table access per GET.
        { from: 'GetOrderFunction', to: 'OrdersTable', multiplier: 1 },
        // Half the orders ship.
        { from: 'FulfillmentStateMachine', to: 'ShippingQueue', multiplier: 0.5 },
      ],
    })
    expect(traffic.get('OrdersQueue')).toMatchObject({ monthlyRequests: 500_000, source: 'usage' })
    expect(requests(traffic, 'ProcessOrderFunction')).toBeCloseTo(50_000, 6) // 500,000 / 10
    expect(requests(traffic, 'FulfillmentStateMachine')).toBeCloseTo(500_000, 6)
    expect(requests(traffic, 'OrderEventsTopic')).toBeCloseTo(1_000_000, 6) // 500,000 × 2
    expect(requests(traffic, 'AnalyticsFunction')).toBeCloseTo(20_000, 6) // 1M / 50
    expect(requests(traffic, 'ShippingQueue')).toBeCloseTo(250_000, 6) // 500,000 × 0.5
    expect(requests(traffic, 'OrdersTable')).toBeCloseTo(1_000_000, 6) // GetOrderFunction's 1M × 1
  })

  it('leaves entry-driven traffic undefined without entry requests, schedules still count', () => {
    const traffic = propagateTraffic(graph, {})
    expect(requests(traffic, 'OrdersApi')).toBeUndefined()
    expect(requests(traffic, 'ProcessOrderFunction')).toBeUndefined()
    expect(requests(traffic, 'NotifyCustomerFunction')).toBeUndefined()
    expect(requests(traffic, 'DailyReportFunction')).toBeCloseTo(DAYS, 9)
  })
})

describe('propagateTraffic edge cases', () => {
  const graphOf = (text: string) => buildGraph([new Template(parseTemplateText('template.yaml', text))])

  const LOOP = `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Runtime: nodejs20.x
      CodeUri: .
      Policies:
        - SQSSendMessagePolicy: {QueueName: !GetAtt Retry.QueueName}
      Events:
        Api:
          Type: HttpApi
        FromRetry:
          Type: SQS
          Properties: {Queue: !GetAtt Retry.Arn}
  Retry:
    Type: AWS::SQS::Queue
`

  it('does not loop forever: an amplifying loop is unknown, a damped one settles', () => {
    const graph = graphOf(LOOP)
    // Worker → Retry ×1 and Retry → Worker: every message comes back for ever.
    const runaway = propagateTraffic(graph, { entryRequests: 1_000_000 })
    expect(runaway.get('ServerlessHttpApi')?.monthlyRequests).toBe(1_000_000)
    expect(runaway.get('Worker')?.monthlyRequests).toBeUndefined()
    expect(runaway.get('Retry')?.notes?.[0]).toMatch(/traffic loop/)

    // Half of the messages are retried once more: Worker handles x = 1M + 0.5x = 2M messages,
    // Retry gets 1M; Worker's invocations: 1M from the API + 1M / 10 (SQS default batch size) = 1.1M.
    const damped = propagateTraffic(graph, { entryRequests: 1_000_000, fanout: [{ from: 'Worker', to: 'Retry', multiplier: 0.5 }] })
    expect(damped.get('Retry')?.monthlyRequests).toBeCloseTo(1_000_000, 3)
    expect(damped.get('Worker')?.monthlyRequests).toBeCloseTo(1_100_000, 3)
    expect(damped.get('Worker')?.notes?.[0]).toMatch(/no BatchSize .*default 10/)
  })

  it('solves a loop exactly: the settled values are those the step-by-step flow converges to', () => {
    const graph = graphOf(LOOP)
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 1e9 }), (retried, entry) => {
        const traffic = propagateTraffic(graph, { entryRequests: entry, fanout: [{ from: 'Worker', to: 'Retry', multiplier: retried }] })
        // Simulated: every round, the messages handled last round are retried in part.
        let handled = 0
        let round = entry
        for (let step = 0; step < 100_000 && round > 1e-9 * entry; step++) {
          handled += round
          round *= retried
        }
        const relative = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-6 * Math.max(1, expected)
        expect(relative(traffic.get('Retry')!.monthlyRequests!, handled * retried)).toBe(true)
        expect(relative(traffic.get('Worker')!.monthlyRequests!, entry + (handled * retried) / 10)).toBe(true)
      }),
      { numRuns: 200 },
    )
    // At a gain of 1 or more nothing settles, and the answer comes at once, not after thousands of rounds.
    const started = performance.now()
    for (const gain of [1, 1.5, 10]) expect(propagateTraffic(graph, { entryRequests: 1_000_000, fanout: [{ from: 'Worker', to: 'Retry', multiplier: gain }] }).get('Worker')?.monthlyRequests).toBeUndefined()
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('treats topics, buses and queues without a producer as entry points', () => {
    const graph = graphOf(`Transform: AWS::Serverless-2016-10-31
Resources:
  External: {Type: AWS::SNS::Topic}
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Runtime: nodejs20.x
      CodeUri: .
      Events:
        FromTopic: {Type: SNS, Properties: {Topic: !Ref External}}
        Every5: {Type: Schedule, Properties: {Schedule: rate(5 minutes)}}
`)
    const traffic = propagateTraffic(graph, { entryRequests: 2_000 })
    expect(traffic.get('External')?.monthlyRequests).toBe(2_000)
    // 2,000 from the topic + 8,760 from rate(5 minutes) (730 × 60 / 5).
    expect(traffic.get('Consumer')?.monthlyRequests).toBeCloseTo(10_760, 6)
  })
})
