import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeAll, beforeEach, describe, expect, it, vi, type MockedFunction } from 'vitest'
import type * as Handler from '../src/handlers/run-job'
import type * as Job from '../src/job'
import event from '../events/scheduled-run.json'

vi.mock('../src/job', () => ({ runJob: vi.fn() }))

const dynamo = mockClient(DynamoDBDocumentClient)
let handler: typeof Handler.handler
let runJob: MockedFunction<typeof Job.runJob>

const context = { awsRequestId: 'request-1', getRemainingTimeInMillis: () => 300_000 } as unknown as Context

function blockedBy(status: string) {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: { status: { S: status } } })
}

beforeAll(async () => {
  process.env.RUNS_TABLE_NAME = 'runs'
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT'
  ;({ handler } = await import('../src/handlers/run-job'))
  runJob = vi.mocked((await import('../src/job')).runJob)
})

beforeEach(() => {
  dynamo.reset()
  runJob.mockReset()
})

describe('run-job', () => {
  it('claims the run, does the work and records the result', async () => {
    dynamo.on(UpdateCommand).resolves({})
    runJob.mockResolvedValue({ itemsProcessed: 3 })

    const outcome = await handler(event, context)

    expect(outcome).toEqual({ runId: '2026-01-15T02:00:00.000Z', status: 'succeeded', result: { itemsProcessed: 3 } })
    expect(runJob).toHaveBeenCalledWith(expect.objectContaining({ scheduledTime: new Date('2026-01-15T02:00:00Z') }))
    const [claim, finish] = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input)
    expect(claim).toMatchObject({ TableName: 'runs', Key: { runId: '2026-01-15T02:00:00.000Z' }, ExpressionAttributeValues: { ':running': 'RUNNING' } })
    expect(claim?.ConditionExpression).toContain('attribute_not_exists(runId)')
    // The result may only be written by the invocation that holds the run.
    expect(finish).toMatchObject({ ConditionExpression: '#owner = :owner', ExpressionAttributeValues: { ':status': 'SUCCEEDED', ':result': { itemsProcessed: 3 } } })
    expect(finish?.ExpressionAttributeValues?.[':owner']).toBe(claim?.ExpressionAttributeValues?.[':owner'])
  })

  it('leases the run for as long as the invocation can live', async () => {
    dynamo.on(UpdateCommand).resolves({})
    runJob.mockResolvedValue({})
    const before = Date.now()
    await handler(event, context)
    const values = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues!
    expect(values[':lease'] - values[':now']).toBe(310_000)
    expect(values[':now']).toBeGreaterThanOrEqual(before)
  })

  it('skips a run that already succeeded (a repeated delivery)', async () => {
    dynamo.on(UpdateCommand).rejects(blockedBy('SUCCEEDED'))

    const outcome = await handler(event, context)

    expect(outcome).toEqual({ runId: '2026-01-15T02:00:00.000Z', status: 'skipped', reason: 'already succeeded' })
    expect(runJob).not.toHaveBeenCalled()
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1)
  })

  it('fails, to be retried later, while another invocation holds the run', async () => {
    dynamo.on(UpdateCommand).rejects(blockedBy('RUNNING'))

    await expect(handler(event, context)).rejects.toThrow('is being done by another invocation')
    expect(runJob).not.toHaveBeenCalled()
  })

  it('records a failed run and rethrows, so Lambda retries it and then sends it to the on-failure destination', async () => {
    dynamo.on(UpdateCommand).resolves({})
    runJob.mockRejectedValue(new Error('upstream unavailable'))

    await expect(handler(event, context)).rejects.toThrow('upstream unavailable')
    const finish = dynamo.commandCalls(UpdateCommand)[1]!.args[0].input
    expect(finish.ExpressionAttributeValues).toMatchObject({ ':status': 'FAILED', ':error': 'upstream unavailable' })
  })

  it('rethrows the job error even when the failure cannot be recorded', async () => {
    dynamo.on(UpdateCommand).resolvesOnce({}).rejects(new Error('DynamoDB throttled'))
    runJob.mockRejectedValue(new Error('upstream unavailable'))

    await expect(handler(event, context)).rejects.toThrow('upstream unavailable')
  })

  it('fails when the ledger cannot be reached, without doing the work', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('DynamoDB unavailable'))

    await expect(handler(event, context)).rejects.toThrow('DynamoDB unavailable')
    expect(runJob).not.toHaveBeenCalled()
  })

  it.each([
    [{}],
    [{ scheduledTime: 'yesterday' }],
    [{ scheduledTime: '<aws.scheduler.scheduled-time>' }],
  ])('rejects an event without a valid scheduledTime: %j', async (bad) => {
    await expect(handler(bad as Handler.ScheduledRunEvent, context)).rejects.toThrow(TypeError)
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0)
  })
})
