import { readFileSync } from 'node:fs'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'

process.env.JOBS_TABLE_NAME = 'jobs-table'
process.env.MAX_RECEIVE_COUNT = '5'
const { handler } = await import('../src/handlers/worker.js')

const ddbMock = mockClient(DynamoDBDocumentClient)
const context = { getRemainingTimeInMillis: () => 60_000 } as Context

function record(messageId: string, body: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '1767225600000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1767225600000' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:JobsQueue',
    awsRegion: 'us-east-1',
  }
}
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records })
const job = (jobId: string, input: Record<string, unknown> = { text: 'one two three' }) => ({ jobId, input })
const claimFails = (status?: string) =>
  new ConditionalCheckFailedException({ message: 'failed', $metadata: {}, ...(status ? { Item: { status: { S: status } } } : {}) })
/** The UpdateCommands after the claim: how each job ended. */
const outcomes = () =>
  ddbMock
    .commandCalls(UpdateCommand)
    .map((call) => call.args[0].input)
    .filter((input) => !input.UpdateExpression!.includes(':inProgress'))
    .map((input) => ({ jobId: input.Key!.jobId, status: input.ExpressionAttributeValues![':status'], value: input.ExpressionAttributeValues![':value'] }))

beforeEach(() => {
  ddbMock.reset()
  ddbMock.on(UpdateCommand).resolves({})
  vi.spyOn(console, 'info').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

describe('worker', () => {
  it('claims the job, runs it and records the result', async () => {
    const response = await handler(batch(record('m1', job('job-1'))), context)

    expect(response).toEqual({ batchItemFailures: [] })
    const claim = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input
    expect(claim.Key).toEqual({ jobId: 'job-1' })
    expect(claim.ConditionExpression).toContain('#status IN (:queued, :failed)')
    expect(claim.ExpressionAttributeValues![':lockUntil']).toBeGreaterThan(Date.now() + 59_000)
    expect(outcomes()).toEqual([{ jobId: 'job-1', status: 'SUCCEEDED', value: { words: 3, characters: 13 } }])
  })

  it('marks a job whose input is wrong FAILED at once, without a retry', async () => {
    const response = await handler(batch(record('m1', job('job-1', { text: 42 }))), context)

    expect(response.batchItemFailures).toEqual([])
    expect(outcomes()).toEqual([{ jobId: 'job-1', status: 'FAILED', value: 'input.text must be a string' }])
  })

  it('skips a job that has already succeeded (a duplicate delivery)', async () => {
    ddbMock.on(UpdateCommand).rejectsOnce(claimFails('SUCCEEDED'))

    const response = await handler(batch(record('m1', job('job-1'))), context)

    expect(response.batchItemFailures).toEqual([])
    expect(outcomes()).toEqual([])
  })

  it('skips a message whose job record no longer exists', async () => {
    ddbMock.on(UpdateCommand).rejectsOnce(claimFails())

    expect((await handler(batch(record('m1', job('job-1'))), context)).batchItemFailures).toEqual([])
  })

  it('retries later a job that another invocation holds', async () => {
    ddbMock.on(UpdateCommand).rejectsOnce(claimFails('IN_PROGRESS'))

    const response = await handler(batch(record('m1', job('job-1'))), context)

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }])
    expect(outcomes()).toEqual([])
  })

  it('reports only the failed messages of a batch', async () => {
    ddbMock.on(UpdateCommand, { Key: { jobId: 'job-2' } }).rejects(new Error('throttled'))

    const response = await handler(batch(record('m1', job('job-1')), record('m2', job('job-2')), record('m3', 'not json'), record('m4', job('job-4'))), context)

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }])
    expect(outcomes().map((outcome) => outcome.jobId)).toEqual(['job-1', 'job-4'])
  })

  describe('a job whose work fails for a reason that may pass', () => {
    beforeEach(async () => {
      const jobModule = await import('../src/lib/job.js')
      vi.spyOn(jobModule, 'processJob').mockRejectedValue(new Error('partner API timed out'))
    })

    it('is retried while attempts are left', async () => {
      const response = await handler(batch(record('m1', job('job-1'), 4)), context)

      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }])
      expect(outcomes()).toEqual([])
    })

    it('is marked FAILED on the last attempt, and its message still goes to the dead-letter queue', async () => {
      const response = await handler(batch(record('m1', job('job-1'), 5)), context)

      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }])
      expect(outcomes()).toEqual([{ jobId: 'job-1', status: 'FAILED', value: 'gave up after 5 attempts: partner API timed out' }])
    })
  })

  it('runs the sample event in events/sqs-job.json', async () => {
    const event = JSON.parse(readFileSync(new URL('../events/sqs-job.json', import.meta.url), 'utf8')) as SQSEvent

    expect(await handler(event, context)).toEqual({ batchItemFailures: [] })
  })
})
