import { readFileSync } from 'node:fs'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { httpEvent } from './http-event.js'

process.env.JOBS_TABLE_NAME = 'jobs-table'
process.env.JOBS_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/JobsQueue'
const { handler: submitJob } = await import('../src/handlers/submit-job.js')
const { handler: getJob } = await import('../src/handlers/get-job.js')

const ddbMock = mockClient(DynamoDBDocumentClient)
const sqsMock = mockClient(SQSClient)
const body = (response: { body?: string }) => JSON.parse(response.body ?? 'null')
const existing = (status: string) => new ConditionalCheckFailedException({ message: 'exists', $metadata: {}, Item: { status: { S: status } } })

beforeEach(() => {
  ddbMock.reset()
  sqsMock.reset()
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

describe('POST /jobs', () => {
  const submit = (requestBody: unknown = { input: { text: 'hello world' } }, headers: Record<string, string> = {}) =>
    submitJob(httpEvent('POST /jobs', { body: requestBody, headers }))

  it('records the job as QUEUED, queues it and answers 202 with where to poll', async () => {
    ddbMock.on(PutCommand).resolves({})
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' })

    const response = await submit()

    expect(response.statusCode).toBe(202)
    const { jobId, status, location } = body(response)
    expect(status).toBe('QUEUED')
    expect(location).toBe(`/jobs/${jobId}`)
    expect(response.headers.location).toBe(location)
    const put = ddbMock.commandCalls(PutCommand)[0]!.args[0].input
    expect(put).toMatchObject({ TableName: 'jobs-table', Item: { jobId, status: 'QUEUED' }, ConditionExpression: 'attribute_not_exists(jobId)' })
    const sent = sqsMock.commandCalls(SendMessageCommand)[0]!.args[0].input
    expect(sent.QueueUrl).toBe(process.env.JOBS_QUEUE_URL)
    expect(JSON.parse(sent.MessageBody!)).toEqual({ jobId, input: { text: 'hello world' } })
  })

  it('records the job before queueing it, so the worker never sees a job without a record', async () => {
    const order: string[] = []
    ddbMock.on(PutCommand).callsFake(() => order.push('record'))
    sqsMock.on(SendMessageCommand).callsFake(() => order.push('queue'))

    await submit()

    expect(order).toEqual(['record', 'queue'])
  })

  it('gives the same job id for the same Idempotency-Key, and a different one for another key', async () => {
    ddbMock.on(PutCommand).resolves({})
    sqsMock.on(SendMessageCommand).resolves({})

    const first = body(await submit(undefined, { 'idempotency-key': 'order-42' })).jobId
    const again = body(await submit(undefined, { 'idempotency-key': 'order-42' })).jobId
    const other = body(await submit(undefined, { 'idempotency-key': 'order-43' })).jobId

    expect(again).toBe(first)
    expect(other).not.toBe(first)
  })

  it('does not queue a retried job again once it is running or finished', async () => {
    ddbMock.on(PutCommand).rejects(existing('SUCCEEDED'))

    const response = await submit(undefined, { 'idempotency-key': 'order-42' })

    expect(response.statusCode).toBe(202)
    expect(body(response).status).toBe('SUCCEEDED')
    expect(sqsMock.calls()).toHaveLength(0)
  })

  it('queues a retried job that is still QUEUED again (its first SendMessage may have failed)', async () => {
    ddbMock.on(PutCommand).rejects(existing('QUEUED'))
    sqsMock.on(SendMessageCommand).resolves({})

    const response = await submit(undefined, { 'idempotency-key': 'order-42' })

    expect(response.statusCode).toBe(202)
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(1)
  })

  it.each([
    ['no input', {}, 400],
    ['an unknown field', { input: {}, priority: 1 }, 400],
    ['input that is not an object', { input: 'text' }, 400],
    ['input over 64 KB', { input: { text: 'x'.repeat(70_000) } }, 413],
  ])('rejects %s and starts nothing', async (_case, requestBody, statusCode) => {
    const response = await submit(requestBody)

    expect(response.statusCode).toBe(statusCode)
    expect(ddbMock.calls()).toHaveLength(0)
    expect(sqsMock.calls()).toHaveLength(0)
  })

  it('rejects an Idempotency-Key with control characters', async () => {
    const response = await submit(undefined, { 'idempotency-key': 'a\nb' })

    expect(response.statusCode).toBe(400)
  })

  it('answers 500 when the job cannot be queued', async () => {
    ddbMock.on(PutCommand).resolves({})
    sqsMock.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'))

    const response = await submit()

    expect(response.statusCode).toBe(500)
    expect(body(response)).toEqual({ message: 'internal error', requestId: 'request-1' })
  })
})

describe('GET /jobs/{jobId}', () => {
  const get = (jobId: string) => getJob(httpEvent('GET /jobs/{jobId}', { pathParameters: { jobId } }))
  const record = { jobId: 'job-1', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:01.000Z', expiresAt: 1767830400, lockUntil: 1 }

  it('tells a client whose job is still running to come back later', async () => {
    ddbMock.on(GetCommand, { TableName: 'jobs-table', Key: { jobId: 'job-1' } }).resolves({ Item: { ...record, status: 'IN_PROGRESS' } })

    const response = await get('job-1')

    expect(response.statusCode).toBe(200)
    expect(body(response)).toEqual({ jobId: 'job-1', status: 'IN_PROGRESS', createdAt: record.createdAt, updatedAt: record.updatedAt })
    expect(response.headers['retry-after']).toBe('2')
  })

  it('returns the result of a finished job, without internal fields', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...record, status: 'SUCCEEDED', result: { words: 2 } } })

    const response = await get('job-1')

    expect(body(response)).toEqual({ jobId: 'job-1', status: 'SUCCEEDED', createdAt: record.createdAt, updatedAt: record.updatedAt, result: { words: 2 } })
    expect(response.headers['retry-after']).toBeUndefined()
  })

  it('returns why a job failed', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...record, status: 'FAILED', error: 'input.text must be a string' } })

    expect(body(await get('job-1'))).toMatchObject({ status: 'FAILED', error: 'input.text must be a string' })
  })

  it('answers 404 for an unknown job and 400 for an impossible id', async () => {
    ddbMock.on(GetCommand).resolves({})

    expect((await get('job-2')).statusCode).toBe(404)
    expect((await get('job/../2')).statusCode).toBe(400)
  })
})

describe('the sample events in events/', () => {
  const sample = (name: string) => JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), 'utf8')) as APIGatewayProxyEventV2

  it('submit-job.json is accepted', async () => {
    ddbMock.on(PutCommand).resolves({})
    sqsMock.on(SendMessageCommand).resolves({})

    expect((await submitJob(sample('submit-job'))).statusCode).toBe(202)
  })

  it('get-job.json is a valid status request', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { jobId: 'x', status: 'QUEUED' } })

    expect((await getJob(sample('get-job'))).statusCode).toBe(200)
  })
})
