// JobsTable: one record per job, the single source of truth for its status. The API writes it as
// QUEUED, the worker moves it to IN_PROGRESS and then SUCCEEDED or FAILED, and GET /jobs/{jobId}
// reads it. Every change is a conditional write, so repeated messages cannot move a job backwards.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { requiredEnv } from './env.js'
import type { JobResult } from './job.js'

export type JobStatus = 'QUEUED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED'

export interface Job {
  jobId: string
  status: JobStatus
  createdAt: string
  updatedAt: string
  /** Epoch seconds when DynamoDB deletes the record (TTL). */
  expiresAt: number
  /** Epoch ms until which a worker holds an IN_PROGRESS job. */
  lockUntil?: number
  attempts?: number
  result?: JobResult
  error?: string
}

/** How long a job and its result are kept: longer than JobsQueue keeps a message (4 days). */
export const JOB_TTL_SECONDS = 7 * 24 * 60 * 60

// One client per execution environment, created at load time and reused by every invocation.
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })
const tableName = requiredEnv('JOBS_TABLE_NAME')

/** Records a new job as QUEUED; if a job with this id exists already, says so and gives its status. */
export async function createJob(jobId: string, now = Date.now()): Promise<{ created: boolean; status: JobStatus }> {
  const at = new Date(now).toISOString()
  const job: Job = { jobId, status: 'QUEUED', createdAt: at, updatedAt: at, expiresAt: Math.floor(now / 1000) + JOB_TTL_SECONDS }
  try {
    await ddb.send(new PutCommand({ TableName: tableName, Item: job, ConditionExpression: 'attribute_not_exists(jobId)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
    return { created: true, status: job.status }
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
    // The exception carries the existing record (raw attribute values).
    return { created: false, status: (error.Item?.status?.S ?? 'QUEUED') as JobStatus }
  }
}

export async function getJob(jobId: string): Promise<Job | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { jobId } }))
  return Item as Job | undefined
}

export type Claim = 'claimed' | 'succeeded' | 'busy' | 'missing'

/**
 * Takes a job for this invocation until `lockUntil` (epoch ms): a QUEUED job, a FAILED one whose
 * message was redriven, or an IN_PROGRESS one whose worker died (its lock has expired).
 */
export async function claimJob(jobId: string, lockUntil: number, now = Date.now()): Promise<Claim> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { jobId },
        UpdateExpression: 'SET #status = :inProgress, lockUntil = :lockUntil, updatedAt = :at ADD attempts :one REMOVE #error',
        ConditionExpression: 'attribute_exists(jobId) AND (#status IN (:queued, :failed) OR (#status = :inProgress AND lockUntil < :now))',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':inProgress': 'IN_PROGRESS',
          ':queued': 'QUEUED',
          ':failed': 'FAILED',
          ':lockUntil': lockUntil,
          ':now': now,
          ':at': new Date(now).toISOString(),
          ':one': 1,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    )
    return 'claimed'
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
    const status = error.Item?.status?.S
    if (status === undefined) return 'missing'
    return status === 'SUCCEEDED' ? 'succeeded' : 'busy'
  }
}

export async function finishJob(jobId: string, outcome: { result: JobResult } | { error: string }, now = Date.now()): Promise<void> {
  const succeeded = 'result' in outcome
  await ddb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { jobId },
      UpdateExpression: `SET #status = :status, updatedAt = :at, ${succeeded ? '#result = :value' : '#error = :value'} REMOVE lockUntil`,
      ExpressionAttributeNames: { '#status': 'status', [succeeded ? '#result' : '#error']: succeeded ? 'result' : 'error' },
      ExpressionAttributeValues: {
        ':status': succeeded ? 'SUCCEEDED' : 'FAILED',
        ':at': new Date(now).toISOString(),
        ':value': succeeded ? outcome.result : outcome.error,
      },
    }),
  )
}
