import { describe, expect, it, vi } from 'vitest'
import { findOrder, insertOrder, parseNewOrder } from '../src/lib/orders.js'

const row = { order_id: '9b2f0c4e-6f1a-4c55-9d7e-1f2a3b4c5d6e', customer_id: 'customer-42', amount_cents: '4000', currency: 'EUR', created_at: new Date('2026-01-01T00:00:00Z'), idempotency_key: 'key-1' }
const order = { orderId: row.order_id, customerId: 'customer-42', amountCents: 4000, currency: 'EUR', createdAt: '2026-01-01T00:00:00.000Z' }
const db = (...results: { rows: unknown[] }[]) => {
  const query = vi.fn()
  for (const result of results) query.mockResolvedValueOnce(result)
  return { query } as never as Parameters<typeof insertOrder>[0] & { query: ReturnType<typeof vi.fn> }
}

describe('orders', () => {
  it('validates a new order', () => {
    expect(parseNewOrder({ customerId: 'customer-42', amountCents: 4000, currency: 'EUR' })).toEqual({ customerId: 'customer-42', amountCents: 4000, currency: 'EUR' })
    expect(parseNewOrder(null)).toBe('body must be a JSON object')
    expect(parseNewOrder({ customerId: '', amountCents: 1, currency: 'EUR' })).toContain('customerId')
    expect(parseNewOrder({ customerId: 'c', amountCents: -1, currency: 'EUR' })).toContain('amountCents')
    expect(parseNewOrder({ customerId: 'c', amountCents: 1.5, currency: 'EUR' })).toContain('amountCents')
    expect(parseNewOrder({ customerId: 'c', amountCents: 1, currency: 'eur' })).toContain('currency')
  })

  it('inserts an order with parameters (never string-built SQL)', async () => {
    const client = db({ rows: [row] })
    await expect(insertOrder(client, { customerId: 'customer-42', amountCents: 4000, currency: 'EUR' }, 'key-1')).resolves.toEqual({ order, created: true, conflict: false })
    const [sql, values] = client.query.mock.calls[0]!
    expect(sql).toContain('ON CONFLICT (idempotency_key) DO NOTHING')
    expect(values).toEqual(['key-1', 'customer-42', 4000, 'EUR'])
  })

  it('returns the existing order when the idempotency key was used for the same order', async () => {
    const client = db({ rows: [] }, { rows: [row] })
    await expect(insertOrder(client, { customerId: 'customer-42', amountCents: 4000, currency: 'EUR' }, 'key-1')).resolves.toEqual({ order, created: false, conflict: false })
  })

  it('reports a conflict when the idempotency key was used for a different order', async () => {
    const client = db({ rows: [] }, { rows: [row] })
    await expect(insertOrder(client, { customerId: 'customer-42', amountCents: 9999, currency: 'EUR' }, 'key-1')).resolves.toMatchObject({ created: false, conflict: true })
  })

  it('finds an order by id, or nothing', async () => {
    await expect(findOrder(db({ rows: [row] }), row.order_id)).resolves.toEqual(order)
    await expect(findOrder(db({ rows: [] }), row.order_id)).resolves.toBeUndefined()
  })
})
