// POST /orders: validates the order, enqueues it on OrdersQueue and answers 202 Accepted.
import { randomUUID } from 'node:crypto'
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda'

const sqs = new SQSClient({})
const queueUrl = required(process.env.ORDERS_QUEUE_URL, 'ORDERS_QUEUE_URL')

const MAX_ITEMS = 50
const CURRENCIES = new Set(['EUR', 'GBP', 'USD'])

interface OrderItem {
  sku: string
  quantity: number
  unitPriceCents: number
}

interface ShippingAddress {
  name: string
  line1: string
  line2?: string
  city: string
  postalCode: string
  country: string
}

interface NewOrder {
  customerId: string
  customerEmail: string
  currency: string
  items: OrderItem[]
  shippingAddress: ShippingAddress
}

/** The message ProcessOrderFunction receives. */
export interface AcceptedOrder extends NewOrder {
  orderId: string
  totalCents: number
  createdAt: string
}

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  let body: unknown
  try {
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body
    body = JSON.parse(raw ?? '')
  } catch {
    return json(400, { message: 'The request body must be JSON' })
  }

  const errors = validate(body)
  if (errors.length > 0) return json(400, { message: 'Invalid order', errors })
  const input = body as NewOrder

  const order: AcceptedOrder = {
    orderId: randomUUID(),
    customerId: input.customerId,
    customerEmail: input.customerEmail.toLowerCase(),
    currency: input.currency,
    items: input.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
    shippingAddress: input.shippingAddress,
    totalCents: input.items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
    createdAt: new Date().toISOString(),
  }

  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(order),
      MessageAttributes: {
        requestId: { DataType: 'String', StringValue: event.requestContext.requestId },
      },
    }),
  )

  return json(202, { orderId: order.orderId, status: 'PENDING' }, { location: `/orders/${order.orderId}` })
}

function validate(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return ['body must be an object']
  const order = body as Partial<NewOrder>
  const errors: string[] = []
  if (!isNonEmptyString(order.customerId)) errors.push('customerId is required')
  if (!isNonEmptyString(order.customerEmail) || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(order.customerEmail)) {
    errors.push('customerEmail must be an email address')
  }
  if (!isNonEmptyString(order.currency) || !CURRENCIES.has(order.currency)) {
    errors.push(`currency must be one of ${[...CURRENCIES].join(', ')}`)
  }
  if (!Array.isArray(order.items) || order.items.length === 0 || order.items.length > MAX_ITEMS) {
    errors.push(`items must hold 1 to ${MAX_ITEMS} entries`)
  } else {
    order.items.forEach((item: Partial<OrderItem>, i) => {
      if (!isNonEmptyString(item.sku)) errors.push(`items[${i}].sku is required`)
      if (!Number.isInteger(item.quantity) || (item.quantity ?? 0) < 1) errors.push(`items[${i}].quantity must be a positive integer`)
      if (!Number.isInteger(item.unitPriceCents) || (item.unitPriceCents ?? -1) < 0) {
        errors.push(`items[${i}].unitPriceCents must be a non-negative integer`)
      }
    })
  }
  const address = order.shippingAddress
  if (typeof address !== 'object' || address === null) {
    errors.push('shippingAddress is required')
  } else {
    for (const field of ['name', 'line1', 'city', 'postalCode', 'country'] as const) {
      if (!isNonEmptyString(address[field])) errors.push(`shippingAddress.${field} is required`)
    }
  }
  return errors
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
