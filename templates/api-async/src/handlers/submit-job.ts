// POST /jobs: accepts a job and answers 202 at once with its id; the work happens in WorkerFunction.
// The client then polls GET /jobs/{jobId} (the Location header) for the status and result.
import { createHash, randomUUID } from 'node:crypto'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { requiredEnv } from '../lib/env.js'
import { HttpError, json, parseJsonBody, withErrors } from '../lib/http.js'
import { type JobMessage, parseJobRequest } from '../lib/job.js'
import { createJob } from '../lib/jobs.js'

// Created once per execution environment and reused by every invocation it serves.
const sqs = new SQSClient({})
const queueUrl = requiredEnv('JOBS_QUEUE_URL')

export const handler = withErrors(async (event) => {
  const request = parseJobRequest(parseJsonBody(event))
  if (typeof request === 'string') throw new HttpError(request.startsWith('input must be at most') ? 413 : 400, request)
  const jobId = jobIdFor(event)

  // Record first, then queue: the worker only runs jobs that have a record, so GET never says 404 for
  // a job the client was told about. If SendMessage fails the client gets a 500; a retry with the same
  // Idempotency-Key finds the QUEUED record and queues it again.
  const { created, status } = await createJob(jobId)
  if (created || status === 'QUEUED') {
    const message: JobMessage = { jobId, ...request }
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }))
  }
  const location = `/jobs/${jobId}`
  return json(202, { jobId, status, location }, { location })
})

/**
 * A new random id, or, when the client sends an Idempotency-Key, one derived from it and from who the
 * caller is: a retried POST then names the same job instead of starting a second one.
 */
function jobIdFor(event: APIGatewayProxyEventV2): string {
  const key = event.headers['idempotency-key']
  if (key === undefined) return randomUUID()
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new HttpError(400, 'Idempotency-Key must be 1-255 visible ASCII characters')
  const caller = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam?.userArn ?? ''
  return createHash('sha256').update(`${caller}\n${key}`).digest('hex').slice(0, 32)
}
