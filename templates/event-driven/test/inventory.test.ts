import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { EventBridgeEvent } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type * as Inventory from '../src/handlers/inventory'
import type { OrderPlaced } from '../src/lib/events'
import sample from '../events/order-placed.json'
import { busEvent } from './support/events'

const dynamo = mockClient(DynamoDBDocumentClient)
const eventBridge = mockClient(EventBridgeClient)
let handler: typeof Inventory.handler
const orderPlaced = sample as EventBridgeEvent<'OrderPlaced', OrderPlaced>

beforeAll(async () => {
  process.env.RESERVATIONS_TABLE_NAME = 'reservations'
  process.env.EVENT_BUS_NAME = 'orders-bus'
  process.env.EVENT_SOURCE = 'shop.inventory'
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT'
  ;({ handler } = await import('../src/handlers/inventory'))
})

beforeEach(() => {
  dynamo.reset()
  eventBridge.reset()
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-2' }] })
})

const stockReserved = () => {
  const entry = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!
  return { ...entry, Detail: JSON.parse(entry.Detail!) }
}

describe('inventory', () => {
  it('reserves the stock of a placed order, then publishes StockReserved', async () => {
    dynamo.on(PutCommand).resolves({})

    await handler(orderPlaced)

    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'reservations',
      Item: { orderId: 'order-1001', reservationId: 'reservation-order-1001', status: 'RESERVED', sourceEventId: orderPlaced.id },
      ConditionExpression: 'attribute_not_exists(orderId)',
    })
    expect(stockReserved()).toEqual({
      EventBusName: 'orders-bus',
      Source: 'shop.inventory',
      DetailType: 'StockReserved',
      Detail: { orderId: 'order-1001', reservationId: 'reservation-order-1001', items: orderPlaced.detail.items },
    })
  })

  it('on a repeated OrderPlaced, reserves nothing more but publishes StockReserved again (the first attempt may have failed before publishing)', async () => {
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))

    await handler(orderPlaced)

    expect(stockReserved().Detail.orderId).toBe('order-1001')
  })

  it('fails without publishing when the reservation cannot be written, so Lambda retries the event', async () => {
    dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'))

    await expect(handler(orderPlaced)).rejects.toThrow('ProvisionedThroughputExceededException')
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0)
  })

  it('fails when EventBridge rejects StockReserved, so Lambda retries (the reservation is not repeated)', async () => {
    dynamo.on(PutCommand).resolves({})
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] })

    await expect(handler(orderPlaced)).rejects.toThrow('StockReserved was not published: InternalFailure')
  })

  it('rejects an OrderPlaced without items, touching nothing', async () => {
    await expect(handler(busEvent('OrderPlaced', { orderId: 'order-1' } as OrderPlaced))).rejects.toThrow('OrderPlaced needs orderId and items')
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0)
  })
})
