import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { SQSEvent } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type * as Invoicing from '../src/handlers/invoicing'
import sample from '../events/sqs-invoicing.json'
import { orderPlaced, sqsEvent } from './support/sqs'

const dynamo = mockClient(DynamoDBDocumentClient)
let handler: typeof Invoicing.handler

beforeAll(async () => {
  process.env.INVOICES_TABLE_NAME = 'invoices'
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT'
  ;({ handler } = await import('../src/handlers/invoicing'))
})

beforeEach(() => dynamo.reset())

const duplicate = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} })

describe('invoicing', () => {
  it('creates one invoice per placed order, only if the order has none yet', async () => {
    dynamo.on(PutCommand).resolves({})

    const response = await handler(sample as SQSEvent)

    expect(response).toEqual({ batchItemFailures: [] })
    const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input)
    expect(puts).toHaveLength(2)
    expect(puts[0]).toEqual({
      TableName: 'invoices',
      Item: { orderId: 'order-1001', customerId: 'customer-42', amount: 1250, currency: 'EUR', status: 'OPEN', issuedAt: '2026-01-15T10:30:00Z', sourceEventId: '7f0c2a4e-3b7d-4c55-9a55-1f0d2e8b6c11' },
      ConditionExpression: 'attribute_not_exists(orderId)',
    })
  })

  it('treats a duplicate delivery as done, not as a failure', async () => {
    dynamo.on(PutCommand).rejects(duplicate())

    expect(await handler(sqsEvent(orderPlaced('order-1')))).toEqual({ batchItemFailures: [] })
  })

  it('reports only the message whose write failed, so only it is retried', async () => {
    dynamo.on(PutCommand).resolves({})
    dynamo.on(PutCommand, { Item: { orderId: 'order-2' } }).rejects(new Error('ProvisionedThroughputExceededException'))

    const response = await handler(sqsEvent(orderPlaced('order-1'), orderPlaced('order-2'), orderPlaced('order-3')))

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-2' }] })
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(3)
  })

  it.each([
    ['not JSON', 'not json'],
    ['another event type', JSON.stringify({ id: 'e', type: 'OrderCancelled', occurredAt: '2026-01-15T10:30:00Z', order: {} })],
    ['an order without a total', JSON.stringify({ id: 'e', type: 'OrderPlaced', occurredAt: '2026-01-15T10:30:00Z', order: { orderId: 'o', customerId: 'c', currency: 'EUR' } })],
  ])('fails a message that is %s (it ends in the dead-letter queue) without touching the table', async (_, body) => {
    const response = await handler(sqsEvent(body))

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] })
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0)
  })
})
