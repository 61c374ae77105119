// JobsQueue worker: runs each job once and reports the messages that failed, so SQS retries only
// those (ReportBatchItemFailures) and moves a message to the dead-letter queue after 5 receives.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { InvalidJobError, parseJob, processJob } from '../lib/job.js'
import { JobStore } from '../lib/job-store.js'

// Created once per execution environment and reused by every invocation it serves.
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })
const store = new JobStore(ddb, requiredEnv('JOBS_TABLE_NAME'))

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = []
  // One at a time: a job's lock lasts until this invocation's deadline, which bounds every job in it.
  for (const record of event.Records) {
    try {
      await handleRecord(record, context)
    } catch (error) {
      console.error(JSON.stringify({
        message: error instanceof InvalidJobError ? 'invalid job message' : 'job failed',
        messageId: record.messageId,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        error: error instanceof Error ? error.message : String(error),
      }))
      batchItemFailures.push({ itemIdentifier: record.messageId })
    }
  }
  return { batchItemFailures }
}

async function handleRecord(record: SQSRecord, context: Context): Promise<void> {
  const job = parseJob(record.body)
  const now = Date.now()
  const claim = await store.claim(job.jobId, now + context.getRemainingTimeInMillis(), now)
  if (claim === 'completed') {
    console.info(JSON.stringify({ message: 'duplicate job skipped', jobId: job.jobId, messageId: record.messageId }))
    return
  }
  if (claim === 'in-progress') {
    // Another invocation holds the job right now (a duplicate delivery): try again after the visibility timeout.
    throw new Error(`job ${job.jobId} is being processed by another invocation`)
  }
  const result = await processJob(job)
  await store.complete(job.jobId, result)
  console.info(JSON.stringify({ message: 'job completed', jobId: job.jobId, messageId: record.messageId }))
}

function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}
