import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn'
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import sample from '../events/approval-decision.json'

vi.hoisted(() => {
  process.env.ORDERS_TABLE_NAME = 'orders-table'
})
const { handler } = await import('../src/handlers/record-decision')

const dynamo = mockClient(DynamoDBDocumentClient)
const sfn = mockClient(SFNClient)
const event = (body: unknown, orderId = 'order-1001'): APIGatewayProxyEventV2WithIAMAuthorizer =>
  ({ ...sample, pathParameters: { orderId }, body: JSON.stringify(body) }) as unknown as APIGatewayProxyEventV2WithIAMAuthorizer
const pending = { Item: { orderId: 'order-1001', status: 'PENDING_APPROVAL', taskToken: 'token-abc' } }

describe('record-decision', () => {
  beforeEach(() => {
    dynamo.reset()
    sfn.reset()
  })

  it('resumes the workflow with the decision and the approver, then closes the approval', async () => {
    dynamo.on(GetCommand).resolves(pending)
    dynamo.on(UpdateCommand).resolves({})
    sfn.on(SendTaskSuccessCommand).resolves({})

    const response = await handler(event({ approved: true, comment: 'known customer' }))
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body!)).toEqual({ orderId: 'order-1001', status: 'APPROVED' })

    const success = sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input
    expect(success.taskToken).toBe('token-abc')
    expect(JSON.parse(success.output!)).toEqual({ approved: true, approver: 'arn:aws:iam::123456789012:user/approver', comment: 'known customer' })
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':status': 'APPROVED' })
  })

  it('records a rejection the same way (the workflow chooses the rejected path)', async () => {
    dynamo.on(GetCommand).resolves(pending)
    dynamo.on(UpdateCommand).resolves({})
    sfn.on(SendTaskSuccessCommand).resolves({})
    const response = await handler(event({ approved: false }))
    expect(JSON.parse(response.body!)).toEqual({ orderId: 'order-1001', status: 'REJECTED' })
    expect(JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toMatchObject({ approved: false })
  })

  it.each([
    ['no body', undefined],
    ['approved is not a boolean', { approved: 'yes' }],
  ])('answers 400 for %s', async (_, body) => {
    const request = event(body)
    if (body === undefined) delete request.body
    expect((await handler(request)).statusCode).toBe(400)
    expect(dynamo.calls()).toHaveLength(0)
  })

  it('answers 404 when no approval is pending for the order', async () => {
    dynamo.on(GetCommand).resolves({})
    expect((await handler(event({ approved: true }))).statusCode).toBe(404)
  })

  it('answers 409 to a second decision and does not resume the workflow twice', async () => {
    dynamo.on(GetCommand).resolves({ Item: { orderId: 'order-1001', status: 'APPROVED', taskToken: 'token-abc' } })
    expect((await handler(event({ approved: false }))).statusCode).toBe(409)
    expect(sfn.calls()).toHaveLength(0)
  })

  it('answers 410 and marks the approval expired when the wait has timed out', async () => {
    dynamo.on(GetCommand).resolves(pending)
    dynamo.on(UpdateCommand).resolves({})
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }))
    expect((await handler(event({ approved: true }))).statusCode).toBe(410)
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':status': 'APPROVAL_EXPIRED' })
  })

  it('accepts that a concurrent request closed the approval first', async () => {
    dynamo.on(GetCommand).resolves(pending)
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'condition', $metadata: {} }))
    sfn.on(SendTaskSuccessCommand).resolves({})
    expect((await handler(event({ approved: true }))).statusCode).toBe(200)
  })

  it('fails (API answers 500, the caller may retry) when Step Functions is unavailable', async () => {
    dynamo.on(GetCommand).resolves(pending)
    sfn.on(SendTaskSuccessCommand).rejects(new Error('ServiceUnavailable'))
    await expect(handler(event({ approved: true }))).rejects.toThrow('ServiceUnavailable')
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0)
  })
})
