import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { requiredEnv } from '../lib/env.js'
import type { Order, RiskAssessment } from '../lib/order.js'

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const sns = new SNSClient({})
const ordersTable = requiredEnv('ORDERS_TABLE_NAME')
const approvalRequestsTopicArn = requiredEnv('APPROVAL_REQUESTS_TOPIC_ARN')

export interface RequestApprovalInput {
  taskToken: string
  executionId: string
  order: Order
  risk: RiskAssessment
}

/**
 * Invoked with `.waitForTaskToken`: it stores the token where RecordDecision can find it by order id,
 * tells the approvers, and returns. The workflow stays paused (billed nothing) until a decision
 * arrives or the state's TimeoutSeconds passes.
 *
 * Safe to retry: the write only succeeds while the order is still pending (a retry replaces the
 * token with the current one); an order that was already decided is never reopened.
 */
export const handler = async ({ taskToken, executionId, order, risk }: RequestApprovalInput): Promise<void> => {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: ordersTable,
        Key: { orderId: order.orderId },
        UpdateExpression: 'SET #status = :pending, taskToken = :token, executionId = :executionId, customerId = :customerId, amountCents = :amount, currency = :currency, reviewReasons = :reasons',
        ConditionExpression: 'attribute_not_exists(#status) OR #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'PENDING_APPROVAL',
          ':token': taskToken,
          ':executionId': executionId,
          ':customerId': order.customerId,
          ':amount': order.amountCents,
          ':currency': order.currency,
          ':reasons': risk.reasons,
        },
      }),
    )
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new Error(`order ${order.orderId} was already decided; start a new order id instead of re-running it`)
    }
    throw error
  }

  await sns.send(
    new PublishCommand({
      TopicArn: approvalRequestsTopicArn,
      Subject: `Approval needed: order ${order.orderId}`.slice(0, 100),
      Message: JSON.stringify({
        orderId: order.orderId,
        customerId: order.customerId,
        amountCents: order.amountCents,
        currency: order.currency,
        reasons: risk.reasons,
        decide: `POST /orders/${order.orderId}/approval {"approved": true|false, "comment": "..."}`,
      }),
    }),
  )
  console.info(JSON.stringify({ message: 'approval requested', orderId: order.orderId, executionId }))
}
