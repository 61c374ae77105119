import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type * as PlaceOrder from '../src/handlers/place-order'
import sample from '../events/place-order-request.json'
import { apiRequest } from './support/events'

const eventBridge = mockClient(EventBridgeClient)
let handler: typeof PlaceOrder.handler

beforeAll(async () => {
  process.env.EVENT_BUS_NAME = 'orders-bus'
  process.env.EVENT_SOURCE = 'shop.orders'
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT'
  ;({ handler } = await import('../src/handlers/place-order'))
})

beforeEach(() => {
  eventBridge.reset()
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] })
})

const order = { customerId: 'customer-42', items: [{ sku: 'SKU-1', quantity: 2 }], total: 20, currency: 'EUR' }

describe('place-order', () => {
  it('publishes OrderPlaced on the bus and answers 202 with the order id', async () => {
    const response = await handler(sample as APIGatewayProxyEventV2)

    expect(response.statusCode).toBe(202)
    const { orderId, status } = JSON.parse(response.body!)
    expect(status).toBe('PLACED')
    const entries = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ EventBusName: 'orders-bus', Source: 'shop.orders', DetailType: 'OrderPlaced' })
    expect(JSON.parse(entries[0]!.Detail!)).toEqual({
      orderId,
      customerId: 'customer-42',
      items: [{ sku: 'SKU-RED-MUG', quantity: 2 }, { sku: 'SKU-TEA-100G', quantity: 1 }],
      total: 31.5,
      currency: 'EUR',
    })
  })

  it('gives a retried request (same Idempotency-Key) the same order id, and another key another one', async () => {
    const idOf = async (key: string) => JSON.parse((await handler(apiRequest(JSON.stringify(order), { 'idempotency-key': key }))).body!).orderId
    const first = await idOf('checkout-1')
    expect(await idOf('checkout-1')).toBe(first)
    expect(await idOf('checkout-2')).not.toBe(first)
  })

  it('gives requests without an Idempotency-Key distinct order ids', async () => {
    const a = await handler(apiRequest(JSON.stringify(order)))
    const b = await handler(apiRequest(JSON.stringify(order)))
    expect(JSON.parse(a.body!).orderId).not.toBe(JSON.parse(b.body!).orderId)
  })

  it('reads a base64-encoded body', async () => {
    const request = { ...apiRequest(Buffer.from(JSON.stringify(order)).toString('base64')), isBase64Encoded: true }
    expect((await handler(request)).statusCode).toBe(202)
  })

  it.each([
    ['no body', undefined, 'the body must be JSON'],
    ['a body that is not JSON', '{', 'the body must be JSON'],
    ['no items', JSON.stringify({ ...order, items: [] }), 'items must be'],
    ['a quantity of 0', JSON.stringify({ ...order, items: [{ sku: 'SKU-1', quantity: 0 }] }), 'items must be'],
    ['a negative total', JSON.stringify({ ...order, total: -1 }), 'total must be'],
    ['a bad currency', JSON.stringify({ ...order, currency: 'euro' }), 'currency must be'],
  ])('answers 400 to %s, publishing nothing', async (_, body, message) => {
    const response = await handler(apiRequest(body))

    expect(response.statusCode).toBe(400)
    expect(JSON.parse(response.body!).message).toContain(message)
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0)
  })

  it('answers 503 when EventBridge rejects the event, so the client retries', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] })

    const response = await handler(apiRequest(JSON.stringify(order)))

    expect(response.statusCode).toBe(503)
    expect(response.headers).toMatchObject({ 'retry-after': '1' })
  })

  it('fails (500) when EventBridge cannot be reached', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('connect ETIMEDOUT'))

    await expect(handler(apiRequest(JSON.stringify(order)))).rejects.toThrow('ETIMEDOUT')
  })
})
