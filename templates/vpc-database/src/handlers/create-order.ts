import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { pool } from '../lib/db.js'
import { requiredEnv } from '../lib/env.js'
import { jsonBody, respond } from '../lib/http.js'
import { insertOrder, parseNewOrder } from '../lib/orders.js'

// Through the SNS interface endpoint: the VPC has no route to the internet.
const sns = new SNSClient({})
const orderEventsTopicArn = requiredEnv('ORDER_EVENTS_TOPIC_ARN')

/**
 * POST /orders with `{"customerId", "amountCents", "currency"}` and an optional `Idempotency-Key`
 * header. 201 created · 200 the same request again (same key) · 400 invalid · 409 key reused for a
 * different order.
 *
 * OrderCreated is published after the insert commits, on the first request and on every retry with
 * the same key: if publishing fails the client gets a 5xx, retries, and the event goes out then. So
 * events are at least once — consumers deduplicate by orderId.
 */
export const handler = async (event: APIGatewayProxyEventV2WithIAMAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
  const parsed = parseNewOrder(jsonBody(event.body, event.isBase64Encoded))
  if (typeof parsed === 'string') return respond(400, { message: parsed })
  const idempotencyKey = event.headers['idempotency-key']
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) return respond(400, { message: 'Idempotency-Key must be 1 to 200 characters' })

  const { order, created, conflict } = await insertOrder(pool, parsed, idempotencyKey)
  if (conflict) return respond(409, { message: 'this Idempotency-Key was already used for a different order' })

  await sns.send(
    new PublishCommand({
      TopicArn: orderEventsTopicArn,
      Message: JSON.stringify({ type: 'OrderCreated', order }),
      MessageAttributes: { type: { DataType: 'String', StringValue: 'OrderCreated' } },
    }),
  )
  console.info(JSON.stringify({ message: created ? 'order created' : 'order request repeated', orderId: order.orderId }))
  return respond(created ? 201 : 200, order, { location: `/orders/${order.orderId}` })
}
