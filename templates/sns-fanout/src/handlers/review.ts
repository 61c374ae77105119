import { Logger } from '@aws-lambda-powertools/logger'
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { processBatch } from '../lib/batch'
import { requiredEnv } from '../lib/env'
import { parseOrderPlaced, type OrderPlaced } from '../lib/order-events'

// Created once per execution environment, reused by every invocation it serves.
const logger = new Logger()
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const tableName = requiredEnv('REVIEWS_TABLE_NAME')

// The subscription's filter policy sends only large orders here: this function does not filter again.
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  processBatch(event, logger, async (record) => {
    const orderPlaced = parseOrderPlaced(record.body)
    const opened = await openReview(orderPlaced)
    logger.info(opened ? 'review opened' : 'review exists: duplicate delivery skipped', { orderId: orderPlaced.order.orderId, eventId: orderPlaced.id })
  })

/** One review per order, whatever the number of deliveries: the write is conditional on the order being new. */
async function openReview({ id, occurredAt, order }: OrderPlaced): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          orderId: order.orderId,
          customerId: order.customerId,
          total: order.total,
          currency: order.currency,
          status: 'PENDING',
          orderPlacedAt: occurredAt,
          sourceEventId: id,
        },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    )
    return true
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false
    throw error
  }
}
