import { describe, expect, it, vi } from 'vitest'

vi.hoisted(() => {
  process.env.REVIEW_AMOUNT_THRESHOLD_CENTS = '100000'
})
const { handler } = await import('../src/handlers/score-risk')

const order = (amountCents: number, quantity = 1) => ({
  orderId: 'order-1001',
  customerId: 'customer-42',
  currency: 'EUR',
  amountCents,
  lines: [{ sku: 'SKU-RED-MUG', quantity, unitPriceCents: Math.round(amountCents / quantity) }],
})

describe('score-risk', () => {
  it('lets an ordinary order through without review', async () => {
    await expect(handler({ order: order(4000) })).resolves.toEqual({ requiresReview: false, reasons: [] })
  })

  it('asks for a review at the amount threshold', async () => {
    const risk = await handler({ order: order(100000) })
    expect(risk.requiresReview).toBe(true)
    expect(risk.reasons[0]).toContain('review threshold')
  })

  it('asks for a review of an unusually large quantity', async () => {
    const risk = await handler({ order: order(5000, 25) })
    expect(risk).toEqual({ requiresReview: true, reasons: ['25 units of SKU-RED-MUG'] })
  })
})
