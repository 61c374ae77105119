import type { Queryable } from './db.js'

export interface NewOrder {
  customerId: string
  amountCents: number
  currency: string
}

export interface Order extends NewOrder {
  orderId: string
  createdAt: string
}

interface OrderRow {
  order_id: string
  customer_id: string
  amount_cents: string
  currency: string
  created_at: Date
  idempotency_key: string | null
}

const COLUMNS = 'order_id, customer_id, amount_cents, currency, created_at, idempotency_key'

/** A validated order from a request body, or a message saying what is wrong. */
export function parseNewOrder(body: unknown): NewOrder | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object'
  const { customerId, amountCents, currency } = body as Record<string, unknown>
  if (typeof customerId !== 'string' || customerId.trim() === '' || customerId.length > 100) return 'customerId must be a string of 1 to 100 characters'
  if (!Number.isSafeInteger(amountCents) || (amountCents as number) < 0) return 'amountCents must be a non-negative integer'
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'currency must be an ISO 4217 code such as EUR'
  return { customerId, amountCents: amountCents as number, currency }
}

/**
 * Inserts the order, or — when an order with this idempotency key exists — returns that one.
 * `created` says which; `conflict` is set when the key was used before for a different order.
 */
export async function insertOrder(db: Queryable, order: NewOrder, idempotencyKey: string | undefined): Promise<{ order: Order; created: boolean; conflict: boolean }> {
  const inserted = await db.query<OrderRow>(
    `INSERT INTO orders (idempotency_key, customer_id, amount_cents, currency) VALUES ($1, $2, $3, $4)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
    [idempotencyKey ?? null, order.customerId, order.amountCents, order.currency],
  )
  if (inserted.rows[0]) return { order: toOrder(inserted.rows[0]), created: true, conflict: false }

  const existing = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE idempotency_key = $1`, [idempotencyKey])
  const row = existing.rows[0]
  if (!row) throw new Error('insert skipped by a conflict, but no order has the idempotency key')
  const found = toOrder(row)
  const same = found.customerId === order.customerId && found.amountCents === order.amountCents && found.currency === order.currency
  return { order: found, created: false, conflict: !same }
}

export async function findOrder(db: Queryable, orderId: string): Promise<Order | undefined> {
  const result = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE order_id = $1`, [orderId])
  return result.rows[0] && toOrder(result.rows[0])
}

function toOrder(row: OrderRow): Order {
  // bigint arrives as a string (it may exceed 2^53); amounts here are validated safe integers.
  return { orderId: row.order_id, customerId: row.customer_id, amountCents: Number(row.amount_cents), currency: row.currency.trim(), createdAt: row.created_at.toISOString() }
}
