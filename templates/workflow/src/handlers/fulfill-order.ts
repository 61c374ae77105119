import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { requiredEnv } from '../lib/env.js'
import { OutOfStockError, RetryableFulfilmentError } from '../lib/errors.js'
import type { Order } from '../lib/order.js'

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const ordersTable = requiredEnv('ORDERS_TABLE_NAME')
const inventoryTable = requiredEnv('INVENTORY_TABLE_NAME')

/** Cancellation reasons worth another attempt after a pause (the workflow's Retry does the waiting). */
const RETRYABLE_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded'])

export interface FulfillOrderResult {
  status: 'FULFILLED' | 'ALREADY_FULFILLED'
}

/**
 * Takes the stock of every line and marks the order FULFILLED in one DynamoDB transaction: either
 * all of it happens or none. Idempotent: when the workflow retries after a success whose answer was
 * lost, the order's condition fails and the call reports ALREADY_FULFILLED without taking stock twice.
 */
export const handler = async ({ order, executionName }: { order: Order; executionName: string }): Promise<FulfillOrderResult> => {
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          ...order.lines.map((line) => ({
            Update: {
              TableName: inventoryTable,
              Key: { sku: line.sku },
              UpdateExpression: 'SET available = available - :quantity',
              ConditionExpression: 'available >= :quantity',
              ExpressionAttributeValues: { ':quantity': line.quantity },
            },
          })),
          {
            Update: {
              TableName: ordersTable,
              Key: { orderId: order.orderId },
              UpdateExpression: 'SET #status = :fulfilled, customerId = :customerId, currency = :currency, amountCents = :amount, #lines = :lines, fulfilledBy = :execution',
              ConditionExpression: 'attribute_not_exists(#status) OR #status <> :fulfilled',
              ExpressionAttributeNames: { '#status': 'status', '#lines': 'lines' },
              ExpressionAttributeValues: {
                ':fulfilled': 'FULFILLED',
                ':customerId': order.customerId,
                ':currency': order.currency,
                ':amount': order.amountCents,
                ':lines': order.lines,
                ':execution': executionName,
              },
            },
          },
        ],
      }),
    )
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error
    const reasons = error.CancellationReasons ?? []
    // The order item is the last one in the transaction.
    if (reasons[order.lines.length]?.Code === 'ConditionalCheckFailed') return { status: 'ALREADY_FULFILLED' }
    const short = order.lines.filter((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed').map((line) => line.sku)
    if (short.length > 0) throw new OutOfStockError(`not enough stock for ${short.join(', ')}`)
    if (reasons.some((reason) => RETRYABLE_REASONS.has(reason.Code ?? ''))) throw new RetryableFulfilmentError(error.message)
    throw error
  }
  console.info(JSON.stringify({ message: 'order fulfilled', orderId: order.orderId, lines: order.lines.length }))
  return { status: 'FULFILLED' }
}
