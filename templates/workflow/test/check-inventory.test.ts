import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.hoisted(() => {
  process.env.INVENTORY_TABLE_NAME = 'inventory-table'
})
const { handler } = await import('../src/handlers/check-inventory')

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

describe('check-inventory', () => {
  beforeEach(() => dynamo.reset())

  it('passes when every line is in stock', async () => {
    dynamo.on(GetCommand).resolves({ Item: { available: 5 } })
    await expect(handler({ order })).resolves.toEqual({ inStock: true })
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([{ sku: 'SKU-RED-MUG' }, { sku: 'SKU-BLUE-MUG' }])
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input.TableName).toBe('inventory-table')
  })

  it('throws OutOfStock naming the short and the unknown skus', async () => {
    dynamo.on(GetCommand, { Key: { sku: 'SKU-RED-MUG' } }).resolves({ Item: { available: 1 } })
    dynamo.on(GetCommand, { Key: { sku: 'SKU-BLUE-MUG' } }).resolves({})
    await expect(handler({ order })).rejects.toMatchObject({ name: 'OutOfStock', message: 'not enough stock for SKU-RED-MUG, SKU-BLUE-MUG' })
  })

  it('lets DynamoDB errors through for the workflow to handle', async () => {
    dynamo.on(GetCommand).rejects(new Error('throttled'))
    await expect(handler({ order })).rejects.toThrow('throttled')
  })
})
