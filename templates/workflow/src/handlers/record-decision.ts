import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn'
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { requiredEnv } from '../lib/env.js'
import type { ApprovalDecision } from '../lib/order.js'

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const sfn = new SFNClient({})
const ordersTable = requiredEnv('ORDERS_TABLE_NAME')

/** Step Functions' answers for a token that can no longer be used (the wait timed out, or the execution ended). */
const EXPIRED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])

/**
 * POST /orders/{orderId}/approval with `{"approved": boolean, "comment"?: string}`. The caller is
 * authenticated by the API's IAM authorizer; their ARN is recorded as the approver.
 *
 * 200 decided · 400 bad request · 404 no approval pending for this order · 409 already decided
 * (a repeated request gets 409, never a second decision) · 410 the approval window has closed.
 */
export const handler = async (event: APIGatewayProxyEventV2WithIAMAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
  const orderId = event.pathParameters?.orderId
  const body = parseBody(event.body, event.isBase64Encoded)
  if (!orderId || !body) return respond(400, { message: 'expected POST /orders/{orderId}/approval with {"approved": boolean, "comment"?: string}' })

  const { Item: item } = await dynamo.send(new GetCommand({ TableName: ordersTable, Key: { orderId }, ConsistentRead: true }))
  if (!item || typeof item.taskToken !== 'string') return respond(404, { message: `no approval is pending for order ${orderId}` })
  if (item.status !== 'PENDING_APPROVAL') return respond(409, { message: `order ${orderId} is already ${String(item.status)}` })

  const decision: ApprovalDecision = { approved: body.approved, approver: event.requestContext.authorizer.iam.userArn ?? 'unknown', ...(body.comment ? { comment: body.comment } : {}) }
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: item.taskToken, output: JSON.stringify(decision) }))
  } catch (error) {
    if (error instanceof Error && EXPIRED_TOKEN_ERRORS.has(error.name)) {
      await setStatus(orderId, 'APPROVAL_EXPIRED', decision)
      return respond(410, { message: `the approval window for order ${orderId} has closed` })
    }
    throw error
  }
  const status = decision.approved ? 'APPROVED' : 'REJECTED'
  await setStatus(orderId, status, decision)
  console.info(JSON.stringify({ message: 'approval decided', orderId, status, approver: decision.approver }))
  return respond(200, { orderId, status })
}

/** Moves the order out of PENDING_APPROVAL and drops the token. A concurrent request that got there first wins. */
async function setStatus(orderId: string, status: string, decision: ApprovalDecision): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: ordersTable,
        Key: { orderId },
        UpdateExpression: 'SET #status = :status, decidedBy = :approver, decisionComment = :comment REMOVE taskToken',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':pending': 'PENDING_APPROVAL', ':approver': decision.approver, ':comment': decision.comment ?? null },
      }),
    )
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
  }
}

function parseBody(raw: string | undefined, base64: boolean): { approved: boolean; comment?: string } | undefined {
  if (!raw) return undefined
  try {
    const value: unknown = JSON.parse(base64 ? Buffer.from(raw, 'base64').toString('utf8') : raw)
    if (typeof value !== 'object' || value === null) return undefined
    const { approved, comment } = value as Record<string, unknown>
    if (typeof approved !== 'boolean') return undefined
    if (comment !== undefined && (typeof comment !== 'string' || comment.length > 1000)) return undefined
    return { approved, ...(comment ? { comment } : {}) }
  } catch {
    return undefined
  }
}

function respond(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}
