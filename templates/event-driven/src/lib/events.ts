/**
 * The events of this system: the `detail` of each, as published on the bus. The schema registry
 * (template.yaml: OrderPlacedSchema, StockReservedSchema) holds the same contract for other teams.
 */
export interface OrderItem {
  sku: string
  quantity: number
}

/** detail-type OrderPlaced, source `<name>.orders`. */
export interface OrderPlaced {
  orderId: string
  customerId: string
  items: OrderItem[]
  total: number
  currency: string
}

/** detail-type StockReserved, source `<name>.inventory`. */
export interface StockReserved {
  orderId: string
  reservationId: string
  items: OrderItem[]
}

/** An event that can never be processed: retrying will not help, a person must look at it. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError'
}

export function isOrderItems(value: unknown): value is OrderItem[] {
  return (
    Array.isArray(value) && value.length > 0 &&
    value.every((item) => isRecord(item) && typeof item.sku === 'string' && item.sku !== '' && Number.isInteger(item.quantity) && (item.quantity as number) >= 1)
  )
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
