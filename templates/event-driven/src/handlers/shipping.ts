import { Logger } from '@aws-lambda-powertools/logger'
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { EventBridgeEvent } from 'aws-lambda'
import { requiredEnv } from '../lib/env'
import { InvalidEventError, isOrderItems, isRecord, type StockReserved } from '../lib/events'

// Created once per execution environment, reused by every invocation it serves.
const logger = new Logger()
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const tableName = requiredEnv('SHIPMENTS_TABLE_NAME')

/** Reacts to StockReserved: creates the order's shipment, once however often the event arrives. */
export const handler = async (event: EventBridgeEvent<'StockReserved', StockReserved>): Promise<void> => {
  const reservation = validReservation(event.detail)
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          orderId: reservation.orderId,
          shipmentId: `shipment-${reservation.orderId}`,
          reservationId: reservation.reservationId,
          items: reservation.items,
          status: 'PENDING',
          requestedAt: event.time,
          sourceEventId: event.id,
        },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    )
    logger.info('shipment created', { orderId: reservation.orderId, eventId: event.id })
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
    logger.info('shipment exists: duplicate event', { orderId: reservation.orderId, eventId: event.id })
  }
}

function validReservation(detail: unknown): StockReserved {
  if (!isRecord(detail) || typeof detail.orderId !== 'string' || typeof detail.reservationId !== 'string' || !isOrderItems(detail.items)) {
    throw new InvalidEventError('StockReserved needs orderId, reservationId and items')
  }
  return detail as unknown as StockReserved
}
