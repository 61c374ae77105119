import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { requiredEnv } from '../lib/env.js'
import { OutOfStockError } from '../lib/errors.js'
import type { Order } from '../lib/order.js'

// Created once per execution environment and reused across invocations.
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const inventoryTable = requiredEnv('INVENTORY_TABLE_NAME')

export interface CheckInventoryResult {
  inStock: true
}

/**
 * Fails fast (OutOfStock) when a line cannot be served, before anyone is asked to approve the
 * order. Advisory only: stock can change while the order waits, so FulfillOrder decides for real.
 */
export const handler = async ({ order }: { order: Order }): Promise<CheckInventoryResult> => {
  const stock = await Promise.all(
    order.lines.map((line) => dynamo.send(new GetCommand({ TableName: inventoryTable, Key: { sku: line.sku }, ProjectionExpression: 'available' }))),
  )
  const short = order.lines.filter((line, index) => Number(stock[index]?.Item?.available ?? 0) < line.quantity).map((line) => line.sku)
  if (short.length > 0) throw new OutOfStockError(`not enough stock for ${short.join(', ')}`)
  return { inStock: true }
}
