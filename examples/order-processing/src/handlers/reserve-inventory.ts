// Fulfillment step: places a time-limited reservation with the inventory service. The state
// machine retries InventoryUnavailableError and routes OutOfStockError to a failure state.
import type { Handler } from 'aws-lambda'

const inventoryApiUrl = required(process.env.INVENTORY_API_URL, 'INVENTORY_API_URL')

const RESERVATION_TTL_SECONDS = 30 * 60

interface ReserveInventoryInput {
  orderId: string
  items: { sku: string; quantity: number }[]
}

interface ReserveInventoryOutput {
  reservationId: string
  expiresAt: string
}

class OutOfStockError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutOfStockError'
  }
}

class InventoryUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InventoryUnavailableError'
  }
}

export const handler: Handler<ReserveInventoryInput, ReserveInventoryOutput> = async ({ orderId, items }) => {
  const response = await fetch(new URL('/reservations', inventoryApiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': orderId },
    body: JSON.stringify({
      reference: orderId,
      ttlSeconds: RESERVATION_TTL_SECONDS,
      lines: items.map(({ sku, quantity }) => ({ sku, quantity })),
    }),
    signal: AbortSignal.timeout(5_000),
  })

  if (response.status === 409) {
    const { unavailableSkus = [] } = (await response.json()) as { unavailableSkus?: string[] }
    throw new OutOfStockError(`Not enough stock for ${unavailableSkus.join(', ') || 'some items'}`)
  }
  if (response.status === 429 || response.status >= 500) {
    throw new InventoryUnavailableError(`Inventory service answered ${response.status}`)
  }
  if (!response.ok) throw new Error(`Inventory service rejected the reservation: ${response.status}`)

  const reservation = (await response.json()) as { id: string; expiresAt: string }
  return { reservationId: reservation.id, expiresAt: reservation.expiresAt }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
