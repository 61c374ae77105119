import { describe, expect, it } from 'vitest'
import { handler, MAX_LINES } from '../src/handlers/validate-order'

const order = {
  orderId: 'order-1001',
  customerId: 'customer-42',
  currency: 'EUR',
  lines: [
    { sku: 'SKU-RED-MUG', quantity: 2, unitPriceCents: 1250 },
    { sku: 'SKU-BLUE-MUG', quantity: 1, unitPriceCents: 1500 },
  ],
}

describe('validate-order', () => {
  it('returns the order with its amount in cents', async () => {
    await expect(handler({ order })).resolves.toEqual({ ...order, amountCents: 4000 })
  })

  it.each([
    ['no order', undefined, 'order must be an object'],
    ['no order id', { ...order, orderId: ' ' }, 'orderId is required'],
    ['a bad currency', { ...order, currency: 'euro' }, 'currency'],
    ['no lines', { ...order, lines: [] }, 'lines must be a non-empty array'],
    ['a zero quantity', { ...order, lines: [{ sku: 'A', quantity: 0, unitPriceCents: 1 }] }, 'quantity'],
    ['a fractional price', { ...order, lines: [{ sku: 'A', quantity: 1, unitPriceCents: 9.99 }] }, 'unitPriceCents'],
    ['a repeated sku', { ...order, lines: [order.lines[0], order.lines[0]] }, 'one line only'],
    ['too many lines', { ...order, lines: Array.from({ length: MAX_LINES + 1 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPriceCents: 1 })) }, 'at most'],
  ])('rejects %s with InvalidOrder (which the workflow catches, without retrying)', async (_, input, message) => {
    const error = await handler({ order: input }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).name).toBe('InvalidOrder')
    expect((error as Error).message).toContain(message)
  })
})
