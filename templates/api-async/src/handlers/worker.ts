// JobsQueue worker: runs each job once and records how it ended. It reports the messages that failed
// (ReportBatchItemFailures), so SQS retries only those; after MAX_RECEIVE_COUNT receives a message
// moves to the dead-letter queue, and the worker marks its job FAILED on that last attempt so
// clients polling GET /jobs/{jobId} learn it instead of waiting for ever.
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { parseJobMessage, PermanentJobError, processJob } from '../lib/job.js'
import { claimJob, finishJob } from '../lib/jobs.js'

const maxReceiveCount = Number(process.env.MAX_RECEIVE_COUNT ?? '5')

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = []
  // One at a time: a job's lock lasts until this invocation's deadline, which bounds every job in it.
  for (const record of event.Records) {
    try {
      await handleRecord(record, context)
    } catch (error) {
      console.error(JSON.stringify({ message: 'job attempt failed', messageId: record.messageId, error: errorMessage(error) }))
      batchItemFailures.push({ itemIdentifier: record.messageId })
    }
  }
  return { batchItemFailures }
}

async function handleRecord(record: SQSRecord, context: Context): Promise<void> {
  const job = parseJobMessage(record.body)
  const now = Date.now()
  const claim = await claimJob(job.jobId, now + context.getRemainingTimeInMillis(), now)
  if (claim === 'succeeded' || claim === 'missing') {
    // A duplicate delivery of a finished job, or a job whose record has expired: nothing left to do.
    console.info(JSON.stringify({ message: `job ${claim}, message skipped`, jobId: job.jobId, messageId: record.messageId }))
    return
  }
  if (claim === 'busy') throw new Error(`job ${job.jobId} is being processed by another invocation`)

  let result
  try {
    result = await processJob(job)
  } catch (error) {
    if (error instanceof PermanentJobError) {
      // Retrying cannot help: the job is over, and the message is done with.
      await finishJob(job.jobId, { error: error.message })
      console.info(JSON.stringify({ message: 'job failed', jobId: job.jobId, error: error.message }))
      return
    }
    if (Number(record.attributes.ApproximateReceiveCount) >= maxReceiveCount) {
      await finishJob(job.jobId, { error: `gave up after ${maxReceiveCount} attempts: ${errorMessage(error)}` })
    }
    throw error
  }
  await finishJob(job.jobId, { result })
  console.info(JSON.stringify({ message: 'job succeeded', jobId: job.jobId }))
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
