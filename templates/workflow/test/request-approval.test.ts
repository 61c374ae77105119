import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.hoisted(() => {
  process.env.ORDERS_TABLE_NAME = 'orders-table'
  process.env.APPROVAL_REQUESTS_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:approval-requests'
})
const { handler } = await import('../src/handlers/request-approval')

const dynamo = mockClient(DynamoDBDocumentClient)
const sns = mockClient(SNSClient)
const input = {
  taskToken: 'token-abc',
  executionId: 'arn:aws:states:us-east-1:123456789012:execution:order-workflow:order-1001',
  order: { orderId: 'order-1001', customerId: 'customer-42', currency: 'EUR', amountCents: 250000, lines: [{ sku: 'SKU-RED-MUG', quantity: 200, unitPriceCents: 1250 }] },
  risk: { requiresReview: true, reasons: ['amount 250000 is at or above the review threshold 100000'] },
}

describe('request-approval', () => {
  beforeEach(() => {
    dynamo.reset()
    sns.reset()
  })

  it('stores the task token against the order, then notifies the approvers', async () => {
    dynamo.on(UpdateCommand).resolves({})
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' })
    await handler(input)

    const update = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input
    expect(update.TableName).toBe('orders-table')
    expect(update.Key).toEqual({ orderId: 'order-1001' })
    expect(update.ExpressionAttributeValues).toMatchObject({ ':token': 'token-abc', ':pending': 'PENDING_APPROVAL' })
    // Only a pending (or new) order may take a token: a decided one is never reopened.
    expect(update.ConditionExpression).toBe('attribute_not_exists(#status) OR #status = :pending')

    const publish = sns.commandCalls(PublishCommand)[0]!.args[0].input
    expect(publish.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:approval-requests')
    expect(JSON.parse(publish.Message!)).toMatchObject({ orderId: 'order-1001', amountCents: 250000 })
    // The token is a credential for resuming the workflow: it stays in the table, not in e-mails.
    expect(publish.Message).not.toContain('token-abc')
  })

  it('refuses to reopen an order that was already decided', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'condition', $metadata: {} }))
    await expect(handler(input)).rejects.toThrow('already decided')
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0)
  })

  it('fails (and is retried by the workflow) when the notification cannot be sent', async () => {
    dynamo.on(UpdateCommand).resolves({})
    sns.on(PublishCommand).rejects(new Error('SNS unavailable'))
    await expect(handler(input)).rejects.toThrow('SNS unavailable')
  })
})
