import { InvalidOrderError } from '../lib/errors.js'
import type { Order, OrderLine } from '../lib/order.js'

/** A DynamoDB transaction holds at most 100 items; fulfilment writes one per line plus the order. */
export const MAX_LINES = 50

export interface ValidateOrderInput {
  order?: unknown
}

/**
 * Checks the shape of an incoming order and computes its amount. Throws InvalidOrder, which the
 * workflow treats as a rejection (no retry: the same input would fail again).
 */
export const handler = async (input: ValidateOrderInput): Promise<Order> => parseOrder(input.order)

export function parseOrder(value: unknown): Order {
  if (!isRecord(value)) throw new InvalidOrderError('order must be an object')
  const { orderId, customerId, currency, lines } = value
  if (!isNonEmptyString(orderId)) throw new InvalidOrderError('orderId is required')
  if (!isNonEmptyString(customerId)) throw new InvalidOrderError('customerId is required')
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw new InvalidOrderError('currency must be an ISO 4217 code such as EUR')
  if (!Array.isArray(lines) || lines.length === 0) throw new InvalidOrderError('lines must be a non-empty array')
  if (lines.length > MAX_LINES) throw new InvalidOrderError(`an order has at most ${MAX_LINES} lines`)

  const parsed = lines.map((line, index) => parseLine(line, index))
  // One transaction cannot update the same item twice.
  if (new Set(parsed.map((line) => line.sku)).size !== parsed.length) throw new InvalidOrderError('each sku may appear on one line only')
  const amountCents = parsed.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0)
  return { orderId, customerId, currency, lines: parsed, amountCents }
}

function parseLine(line: unknown, index: number): OrderLine {
  if (!isRecord(line)) throw new InvalidOrderError(`lines[${index}] must be an object`)
  const { sku, quantity, unitPriceCents } = line
  if (!isNonEmptyString(sku)) throw new InvalidOrderError(`lines[${index}].sku is required`)
  if (!Number.isInteger(quantity) || (quantity as number) < 1) throw new InvalidOrderError(`lines[${index}].quantity must be a positive integer`)
  if (!Number.isInteger(unitPriceCents) || (unitPriceCents as number) < 0) throw new InvalidOrderError(`lines[${index}].unitPriceCents must be a non-negative integer`)
  return { sku, quantity: quantity as number, unitPriceCents: unitPriceCents as number }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0
}
