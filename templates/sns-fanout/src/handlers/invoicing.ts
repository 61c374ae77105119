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
const tableName = requiredEnv('INVOICES_TABLE_NAME')

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  processBatch(event, logger, async (record) => {
    const orderPlaced = parseOrderPlaced(record.body)
    const created = await createInvoice(orderPlaced)
    // SNS and SQS deliver at least once: a second delivery of the same order finds its invoice and stops.
    logger.info(created ? 'invoice created' : 'invoice exists: duplicate delivery skipped', { orderId: orderPlaced.order.orderId, eventId: orderPlaced.id })
  })

/** One conditional write: creates the invoice and detects a duplicate in the same step. */
async function createInvoice({ id, occurredAt, order }: OrderPlaced): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          orderId: order.orderId,
          customerId: order.customerId,
          amount: order.total,
          currency: order.currency,
          status: 'OPEN',
          issuedAt: occurredAt,
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
