import { createHash, randomUUID } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { requiredEnv } from '../lib/env'
import { isOrderItems, isRecord, type OrderPlaced } from '../lib/events'
import { publish, PublishError, type Publisher } from '../lib/publish'

// Created once per execution environment, reused by every invocation it serves.
const logger = new Logger()
const publisher: Publisher = { client: new EventBridgeClient({}), busName: requiredEnv('EVENT_BUS_NAME'), source: requiredEnv('EVENT_SOURCE') }

/**
 * POST /orders: validates the order, publishes OrderPlaced and answers 202 Accepted. It calls no other
 * service: inventory and shipping react to the event, in their own time, and their failures are not the
 * caller's.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const parsed = parseOrder(event)
  if (typeof parsed === 'string') return respond(400, { message: parsed })

  const order: OrderPlaced = { orderId: orderIdFor(parsed.customerId, event.headers['idempotency-key']), ...parsed }
  try {
    const eventId = await publish(publisher, 'OrderPlaced', order)
    logger.info('order placed', { orderId: order.orderId, eventId })
  } catch (error) {
    if (!(error instanceof PublishError)) throw error
    logger.warn('OrderPlaced not published', { orderId: order.orderId, error })
    return respond(503, { message: 'the order could not be accepted now; retry with the same Idempotency-Key' }, { 'retry-after': '1' })
  }
  return respond(202, { orderId: order.orderId, status: 'PLACED' })
}

/**
 * A client that retries (a timeout, a 503) sends the same Idempotency-Key and gets the same order id,
 * so a repeated OrderPlaced is recognised by the consumers, which are idempotent per order.
 */
function orderIdFor(customerId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return `order-${randomUUID()}`
  return `order-${createHash('sha256').update(`${customerId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`
}

function parseOrder(event: APIGatewayProxyEventV2): Omit<OrderPlaced, 'orderId'> | string {
  let body: unknown
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body
    body = JSON.parse(text ?? '')
  } catch {
    return 'the body must be JSON'
  }
  if (!isRecord(body)) return 'the body must be a JSON object'
  const { customerId, items, total, currency } = body
  if (typeof customerId !== 'string' || customerId === '') return 'customerId is required'
  if (!isOrderItems(items)) return 'items must be a non-empty list of {sku, quantity >= 1}'
  if (typeof total !== 'number' || !Number.isFinite(total) || total < 0) return 'total must be a number, 0 or more'
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'currency must be an ISO 4217 code such as EUR'
  return { customerId, items: items.map(({ sku, quantity }) => ({ sku, quantity })), total, currency }
}

function respond(statusCode: number, body: object, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}
