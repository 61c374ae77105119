// GET /orders/{orderId}: reads one order from OrdersTable.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda'

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const tableName = required(process.env.TABLE_NAME, 'TABLE_NAME')

const ORDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const orderId = event.pathParameters?.orderId
  if (!orderId || !ORDER_ID.test(orderId)) return json(400, { message: 'orderId must be a UUID' })

  const { Item } = await ddb.send(
    new GetCommand({
      TableName: tableName,
      Key: { orderId },
      ProjectionExpression: 'orderId, #status, currency, totalCents, items, createdAt, updatedAt',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  )
  // Accepted orders reach the table asynchronously, a moment after POST /orders answered 202.
  if (!Item) return json(404, { message: 'Order not found (it may still be pending)' })
  return json(200, Item)
}

function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
