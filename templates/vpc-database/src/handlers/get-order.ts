import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { pool } from '../lib/db.js'
import { respond } from '../lib/http.js'
import { findOrder } from '../lib/orders.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** GET /orders/{orderId}: 200 with the order · 400 not a UUID (never sent to the database) · 404 unknown. */
export const handler = async (event: APIGatewayProxyEventV2WithIAMAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
  const orderId = event.pathParameters?.orderId
  if (!orderId || !UUID.test(orderId)) return respond(400, { message: 'orderId must be a UUID' })
  const order = await findOrder(pool, orderId)
  return order ? respond(200, order) : respond(404, { message: `order ${orderId} not found` })
}
