import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import sample from '../events/create-order.json'

const query = vi.hoisted(() => {
  process.env.ORDER_EVENTS_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:order-events'
  return vi.fn()
})
vi.mock('../src/lib/db.js', () => ({ pool: { query } }))
const { handler } = await import('../src/handlers/create-order.js')

const sns = mockClient(SNSClient)
const row = { order_id: '9b2f0c4e-6f1a-4c55-9d7e-1f2a3b4c5d6e', customer_id: 'customer-42', amount_cents: '4000', currency: 'EUR', created_at: new Date('2026-01-01T00:00:00Z'), idempotency_key: 'key-1' }
const event = (body: unknown, headers: Record<string, string> = { 'idempotency-key': 'key-1' }) =>
  ({ ...sample, headers, body: JSON.stringify(body) }) as unknown as APIGatewayProxyEventV2WithIAMAuthorizer
const newOrder = { customerId: 'customer-42', amountCents: 4000, currency: 'EUR' }

describe('create-order', () => {
  beforeEach(() => {
    query.mockReset()
    sns.reset()
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' })
  })

  it('inserts the order, publishes OrderCreated and answers 201', async () => {
    query.mockResolvedValueOnce({ rows: [row] })
    const response = await handler(event(newOrder))
    expect(response.statusCode).toBe(201)
    expect(response.headers).toMatchObject({ location: `/orders/${row.order_id}` })
    const publish = sns.commandCalls(PublishCommand)[0]!.args[0].input
    expect(publish.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:order-events')
    expect(JSON.parse(publish.Message!)).toMatchObject({ type: 'OrderCreated', order: { orderId: row.order_id, amountCents: 4000 } })
  })

  it('answers a repeated request (same Idempotency-Key) with the same order and 200, and publishes again', async () => {
    query.mockResolvedValueOnce({ rows: [] }).mockResolvedValueOnce({ rows: [row] })
    const response = await handler(event(newOrder))
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body!)).toMatchObject({ orderId: row.order_id })
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1)
  })

  it('answers 409 when the Idempotency-Key was used for a different order', async () => {
    query.mockResolvedValueOnce({ rows: [] }).mockResolvedValueOnce({ rows: [row] })
    expect((await handler(event({ ...newOrder, amountCents: 1 }))).statusCode).toBe(409)
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0)
  })

  it.each([
    ['an invalid order', { ...newOrder, currency: 'euro' }, { 'idempotency-key': 'key-1' }],
    ['an empty Idempotency-Key', newOrder, { 'idempotency-key': '' }],
  ])('answers 400 to %s without touching the database', async (_, body, headers) => {
    expect((await handler(event(body, headers))).statusCode).toBe(400)
    expect(query).not.toHaveBeenCalled()
  })

  it('fails (5xx, the client retries with the same key) when the event cannot be published', async () => {
    query.mockResolvedValueOnce({ rows: [row] })
    sns.on(PublishCommand).rejects(new Error('SNS unavailable'))
    await expect(handler(event(newOrder))).rejects.toThrow('SNS unavailable')
  })

  it('fails when the database does, without publishing', async () => {
    query.mockRejectedValueOnce(new Error('timeout exceeded when trying to connect'))
    await expect(handler(event(newOrder))).rejects.toThrow('timeout')
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0)
  })
})
