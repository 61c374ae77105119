import { Logger } from '@aws-lambda-powertools/logger'
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { EventBridgeEvent } from 'aws-lambda'
import { requiredEnv } from '../lib/env'
import { InvalidEventError, isOrderItems, isRecord, type OrderPlaced, type StockReserved } from '../lib/events'
import { publish, type Publisher } from '../lib/publish'

// Created once per execution environment, reused by every invocation it serves.
const logger = new Logger()
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const tableName = requiredEnv('RESERVATIONS_TABLE_NAME')
const publisher: Publisher = { client: new EventBridgeClient({}), busName: requiredEnv('EVENT_BUS_NAME'), source: requiredEnv('EVENT_SOURCE') }

/**
 * Reacts to OrderPlaced: reserves the order's stock, then publishes StockReserved. An error makes
 * Lambda retry the event (twice), then send it to the on-failure destination.
 */
export const handler = async (event: EventBridgeEvent<'OrderPlaced', OrderPlaced>): Promise<void> => {
  const order = validOrder(event.detail)
  const reservation: StockReserved = { orderId: order.orderId, reservationId: `reservation-${order.orderId}`, items: order.items }
  const created = await reserve(reservation, event)
  logger.info(created ? 'stock reserved' : 'reservation exists: duplicate event', { orderId: order.orderId, eventId: event.id })
  // Published on a duplicate too: the first attempt may have reserved and then failed before publishing.
  // So StockReserved can repeat, and its consumers are idempotent (as every consumer of at-least-once events must be).
  await publish(publisher, 'StockReserved', reservation)
}

/** One reservation per order: the conditional write does the work and detects a repeated event at once. */
async function reserve(reservation: StockReserved, event: EventBridgeEvent<string, unknown>): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...reservation, status: 'RESERVED', reservedAt: event.time, sourceEventId: event.id },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    )
    return true
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false
    throw error
  }
}

function validOrder(detail: unknown): OrderPlaced {
  if (!isRecord(detail) || typeof detail.orderId !== 'string' || !isOrderItems(detail.items)) {
    throw new InvalidEventError('OrderPlaced needs orderId and items')
  }
  return detail as unknown as OrderPlaced
}
