import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { EventBridgeEvent } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type * as Shipping from '../src/handlers/shipping'
import type { StockReserved } from '../src/lib/events'
import sample from '../events/stock-reserved.json'
import { busEvent } from './support/events'

const dynamo = mockClient(DynamoDBDocumentClient)
let handler: typeof Shipping.handler
const stockReserved = sample as EventBridgeEvent<'StockReserved', StockReserved>

beforeAll(async () => {
  process.env.SHIPMENTS_TABLE_NAME = 'shipments'
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT'
  ;({ handler } = await import('../src/handlers/shipping'))
})

beforeEach(() => dynamo.reset())

describe('shipping', () => {
  it('creates one pending shipment per order', async () => {
    dynamo.on(PutCommand).resolves({})

    await handler(stockReserved)

    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'shipments',
      Item: { orderId: 'order-1001', shipmentId: 'shipment-order-1001', reservationId: 'reservation-order-1001', status: 'PENDING', requestedAt: '2026-01-15T10:30:02Z' },
      ConditionExpression: 'attribute_not_exists(orderId)',
    })
  })

  it('treats a repeated StockReserved as done', async () => {
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))

    await expect(handler(stockReserved)).resolves.toBeUndefined()
  })

  it('fails when the shipment cannot be written, so Lambda retries the event', async () => {
    dynamo.on(PutCommand).rejects(new Error('ServiceUnavailable'))

    await expect(handler(stockReserved)).rejects.toThrow('ServiceUnavailable')
  })

  it('rejects a StockReserved without a reservation id', async () => {
    await expect(handler(busEvent('StockReserved', { orderId: 'order-1', items: [{ sku: 'A', quantity: 1 }] } as unknown as StockReserved))).rejects.toThrow('StockReserved needs')
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0)
  })
})
