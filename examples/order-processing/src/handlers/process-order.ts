// OrdersQueue worker: records each order, starts its fulfillment workflow and announces it on
// OrderEventsTopic. Every step is idempotent, so a redelivered message is harmless.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda'

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
})
const sfn = new SFNClient({})
const sns = new SNSClient({})

const tableName = required(process.env.TABLE_NAME, 'TABLE_NAME')
const stateMachineArn = required(process.env.STATE_MACHINE_ARN, 'STATE_MACHINE_ARN')
const topicArn = required(process.env.TOPIC_ARN, 'TOPIC_ARN')

interface AcceptedOrder {
  orderId: string
  customerId: string
  customerEmail: string
  currency: string
  items: { sku: string; quantity: number; unitPriceCents: number }[]
  shippingAddress: Record<string, string>
  totalCents: number
  createdAt: string
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = []
  for (const record of event.Records) {
    try {
      await processOrder(JSON.parse(record.body) as AcceptedOrder)
    } catch (error) {
      console.error(JSON.stringify({ message: 'Failed to process order', messageId: record.messageId, error: String(error) }))
      batchItemFailures.push({ itemIdentifier: record.messageId })
    }
  }
  return { batchItemFailures }
}

async function processOrder(order: AcceptedOrder): Promise<void> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...order,
          status: 'PROCESSING',
          createdDate: order.createdAt.slice(0, 10), // partition key of the byCreatedDate index
          updatedAt: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    )
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
    // Redelivery: the order is already recorded; carry on with the idempotent steps below.
  }

  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: `order-${order.orderId}`, // one execution per order
        input: JSON.stringify(order),
      }),
    )
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error
  }

  // At least once: consumers de-duplicate on orderId.
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify({
        type: 'OrderAccepted',
        orderId: order.orderId,
        customerId: order.customerId,
        currency: order.currency,
        totalCents: order.totalCents,
        itemCount: order.items.reduce((n, item) => n + item.quantity, 0),
        acceptedAt: order.createdAt,
      }),
      MessageAttributes: { type: { DataType: 'String', StringValue: 'OrderAccepted' } },
    }),
  )
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
