import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { SQSEvent } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type * as Review from '../src/handlers/review'
import sample from '../events/sqs-review.json'
import { orderPlaced, sqsEvent } from './support/sqs'

const dynamo = mockClient(DynamoDBDocumentClient)
let handler: typeof Review.handler

beforeAll(async () => {
  process.env.REVIEWS_TABLE_NAME = 'reviews'
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT'
  ;({ handler } = await import('../src/handlers/review'))
})

beforeEach(() => dynamo.reset())

describe('review', () => {
  it('opens a pending review for a large order', async () => {
    dynamo.on(PutCommand).resolves({})

    expect(await handler(sample as SQSEvent)).toEqual({ batchItemFailures: [] })
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'reviews',
      Item: { orderId: 'order-1001', status: 'PENDING', total: 1250 },
      ConditionExpression: 'attribute_not_exists(orderId)',
    })
  })

  it('opens one review however often the order is delivered', async () => {
    dynamo.on(PutCommand).resolvesOnce({}).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))

    const response = await handler(sqsEvent(orderPlaced('order-7'), orderPlaced('order-7')))

    expect(response).toEqual({ batchItemFailures: [] })
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2)
  })

  it('reports the whole batch as failed when the table is unavailable', async () => {
    dynamo.on(PutCommand).rejects(new Error('ServiceUnavailable'))

    const response = await handler(sqsEvent(orderPlaced('order-1'), orderPlaced('order-2')))

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['message-1', 'message-2'])
  })
})
