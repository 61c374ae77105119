import { TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.hoisted(() => {
  process.env.ORDERS_TABLE_NAME = 'orders-table'
  process.env.INVENTORY_TABLE_NAME = 'inventory-table'
})
const { handler } = await import('../src/handlers/fulfill-order')

const dynamo = mockClient(DynamoDBDocumentClient)
const order = {
  orderId: 'order-1001',
  customerId: 'customer-42',
  currency: 'EUR',
  amountCents: 4000,
  lines: [
    { sku: 'SKU-RED-MUG', quantity: 2, unitPriceCents: 1250 },
    { sku: 'SKU-BLUE-MUG', quantity: 1, unitPriceCents: 1500 },
  ],
}
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) })

describe('fulfill-order', () => {
  beforeEach(() => dynamo.reset())

  it('takes the stock of every line and fulfils the order in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({})
    await expect(handler({ order, executionName: 'order-1001' })).resolves.toEqual({ status: 'FULFILLED' })

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!
    expect(items).toHaveLength(3)
    expect(items[0]!.Update).toMatchObject({ TableName: 'inventory-table', Key: { sku: 'SKU-RED-MUG' }, ConditionExpression: 'available >= :quantity', ExpressionAttributeValues: { ':quantity': 2 } })
    expect(items[2]!.Update).toMatchObject({ TableName: 'orders-table', Key: { orderId: 'order-1001' } })
  })

  it('reports ALREADY_FULFILLED on a retry after a success, without taking stock twice', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'))
    await expect(handler({ order, executionName: 'order-1001' })).resolves.toEqual({ status: 'ALREADY_FULFILLED' })
  })

  it('throws OutOfStock naming the lines whose stock ran out since the check', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'))
    await expect(handler({ order, executionName: 'order-1001' })).rejects.toMatchObject({ name: 'OutOfStock', message: 'not enough stock for SKU-BLUE-MUG' })
  })

  it('throws a retryable error on a transaction conflict with another order', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None'))
    await expect(handler({ order, executionName: 'order-1001' })).rejects.toMatchObject({ name: 'RetryableFulfilmentError' })
  })

  it('lets other errors through', async () => {
    dynamo.on(TransactWriteCommand).rejects(new Error('AccessDenied'))
    await expect(handler({ order, executionName: 'order-1001' })).rejects.toThrow('AccessDenied')
  })
})
