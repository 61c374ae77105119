/**
 * The order events published on the topic. Publishers send the event as the message body and repeat
 * `type` (and, for orders, `total`) as message attributes, which the subscriptions filter on.
 */
export interface OrderPlaced {
  /** Unique per event; a redelivered event keeps it. */
  id: string
  type: 'OrderPlaced'
  occurredAt: string
  order: {
    orderId: string
    customerId: string
    total: number
    currency: string
  }
}

/** A message that can never be processed: it fails until SQS moves it to the dead-letter queue. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError'
}

export function parseOrderPlaced(body: string): OrderPlaced {
  let event: unknown
  try {
    event = JSON.parse(body)
  } catch {
    throw new InvalidEventError('the message body is not JSON')
  }
  if (!isRecord(event) || event.type !== 'OrderPlaced') throw new InvalidEventError('not an OrderPlaced event')
  const order = event.order
  if (
    typeof event.id !== 'string' || typeof event.occurredAt !== 'string' || !isRecord(order) ||
    typeof order.orderId !== 'string' || typeof order.customerId !== 'string' ||
    typeof order.total !== 'number' || !Number.isFinite(order.total) || typeof order.currency !== 'string'
  ) {
    throw new InvalidEventError('OrderPlaced needs id, occurredAt and order {orderId, customerId, total, currency}')
  }
  return event as unknown as OrderPlaced
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
