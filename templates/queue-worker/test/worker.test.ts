import { readFileSync } from 'node:fs'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'

process.env.JOBS_TABLE_NAME = 'jobs-table'
const { handler } = await import('../src/handlers/worker.js')

const ddbMock = mockClient(DynamoDBDocumentClient)
const context = { getRemainingTimeInMillis: () => 30_000 } as Context

function record(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1767225600000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:JobsQueue',
    awsRegion: 'us-east-1',
  }
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records })

const conditionFailed = (status: string) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: { status: { S: status } } })

beforeEach(() => {
  ddbMock.reset()
  vi.spyOn(console, 'info').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

describe('worker', () => {
  it('claims a new job, runs it and records the result', async () => {
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({})

    const response = await handler(batch(record('m1', { jobId: 'job-1', payload: { a: 1, b: 2 } })), context)

    expect(response).toEqual({ batchItemFailures: [] })
    const put = ddbMock.commandCalls(PutCommand)[0]!.args[0].input
    expect(put.TableName).toBe('jobs-table')
    expect(put.Item).toMatchObject({ jobId: 'job-1', status: 'IN_PROGRESS' })
    expect(put.ConditionExpression).toContain('attribute_not_exists(jobId)')
    const update = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input
    expect(update.Key).toEqual({ jobId: 'job-1' })
    expect(update.ExpressionAttributeValues).toMatchObject({ ':completed': 'COMPLETED', ':result': { summary: 'job job-1 with 2 field(s)' } })
  })

  it('locks the job until the invocation deadline and keeps the record longer than the queue keeps messages', async () => {
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({})
    const before = Date.now()

    await handler(batch(record('m1', { jobId: 'job-1', payload: {} })), context)

    const item = ddbMock.commandCalls(PutCommand)[0]!.args[0].input.Item!
    expect(item.lockUntil).toBeGreaterThanOrEqual(before + 30_000)
    expect(item.lockUntil).toBeLessThanOrEqual(Date.now() + 30_000)
    expect(item.expiresAt - Math.floor(before / 1000)).toBeGreaterThan(4 * 24 * 60 * 60)
  })

  it('skips a job that is already completed (a duplicate delivery) without running it again', async () => {
    ddbMock.on(PutCommand).rejects(conditionFailed('COMPLETED'))

    const response = await handler(batch(record('m1', { jobId: 'job-1', payload: {} })), context)

    expect(response.batchItemFailures).toEqual([])
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0)
  })

  it('retries a job that another invocation is processing right now', async () => {
    ddbMock.on(PutCommand).rejects(conditionFailed('IN_PROGRESS'))

    const response = await handler(batch(record('m1', { jobId: 'job-1', payload: {} })), context)

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }])
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0)
  })

  it('reports only the failed messages of a batch', async () => {
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({})
    ddbMock.on(UpdateCommand, { Key: { jobId: 'job-2' } }).rejects(new Error('ProvisionedThroughputExceededException'))

    const response = await handler(
      batch(
        record('m1', { jobId: 'job-1', payload: {} }),
        record('m2', { jobId: 'job-2', payload: {} }),
        record('m3', 'not json'),
        record('m4', { jobId: 'job-4', payload: {} }),
      ),
      context,
    )

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }])
    expect(ddbMock.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key)).toEqual([{ jobId: 'job-1' }, { jobId: 'job-2' }, { jobId: 'job-4' }])
  })

  it.each([
    ['not JSON', '{'],
    ['not an object', '"job-1"'],
    ['missing jobId', { payload: {} }],
    ['a jobId with a slash', { jobId: 'a/b', payload: {} }],
    ['a payload that is an array', { jobId: 'job-1', payload: [] }],
  ])('fails a message that is %s without touching the table', async (_case, body) => {
    const response = await handler(batch(record('bad', body)), context)

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }])
    expect(ddbMock.calls()).toHaveLength(0)
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('invalid job message'))
  })

  it('fails the message when DynamoDB is unavailable, so SQS retries it', async () => {
    ddbMock.on(PutCommand).rejects(new Error('socket hang up'))

    const response = await handler(batch(record('m1', { jobId: 'job-1', payload: {} })), context)

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }])
  })
})

describe('the sample event in events/sqs-batch.json', () => {
  it('runs its job and reports its malformed message as failed', async () => {
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({})
    const event = JSON.parse(readFileSync(new URL('../events/sqs-batch.json', import.meta.url), 'utf8')) as SQSEvent

    const response = await handler(event, context)

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }])
    expect(ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input.Key).toEqual({ jobId: 'job-0001' })
  })
})
