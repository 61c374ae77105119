import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import sample from '../events/get-order.json'

const query = vi.hoisted(() => vi.fn())
vi.mock('../src/lib/db.js', () => ({ pool: { query } }))
const { handler } = await import('../src/handlers/get-order.js')

const orderId = '9b2f0c4e-6f1a-4c55-9d7e-1f2a3b4c5d6e'
const event = (id: string) => ({ ...sample, pathParameters: { orderId: id } }) as unknown as APIGatewayProxyEventV2WithIAMAuthorizer

describe('get-order', () => {
  beforeEach(() => query.mockReset())

  it('returns the order', async () => {
    query.mockResolvedValueOnce({ rows: [{ order_id: orderId, customer_id: 'customer-42', amount_cents: '4000', currency: 'EUR', created_at: new Date('2026-01-01T00:00:00Z'), idempotency_key: null }] })
    const response = await handler(event(orderId))
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body!)).toEqual({ orderId, customerId: 'customer-42', amountCents: 4000, currency: 'EUR', createdAt: '2026-01-01T00:00:00.000Z' })
    expect(query.mock.calls[0]![1]).toEqual([orderId])
  })

  it('answers 404 for an unknown order', async () => {
    query.mockResolvedValueOnce({ rows: [] })
    expect((await handler(event(orderId))).statusCode).toBe(404)
  })

  it('answers 400 for an id that is not a UUID, without a query', async () => {
    expect((await handler(event("1' OR '1'='1"))).statusCode).toBe(400)
    expect(query).not.toHaveBeenCalled()
  })
})
