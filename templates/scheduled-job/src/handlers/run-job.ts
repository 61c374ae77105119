import { randomUUID } from 'node:crypto'
import { Logger } from '@aws-lambda-powertools/logger'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import { runJob, type JobResult } from '../job'
import { RunLedger } from '../lib/run-ledger'

/** The input the schedule sends (see Input in template.yaml); invoke the function with one to run a given time by hand. */
export interface ScheduledRunEvent {
  scheduledTime: string
  executionId?: string
  attempt?: string
}

export type RunOutcome =
  | { runId: string; status: 'succeeded'; result: JobResult }
  | { runId: string; status: 'skipped'; reason: string }

/** Another invocation is doing this run now: throw, so Lambda retries later (and records it if that never clears). */
export class RunInProgressError extends Error {
  override readonly name = 'RunInProgressError'
}

// Created once per execution environment, reused by every invocation it serves.
const logger = new Logger()
const ledger = new RunLedger(
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
  requiredEnv('RUNS_TABLE_NAME'),
)

export const handler = async (event: ScheduledRunEvent, context: Context): Promise<RunOutcome> => {
  const scheduledTime = parseScheduledTime(event)
  const runId = scheduledTime.toISOString()
  const owner = randomUUID()
  logger.appendKeys({ runId, executionId: event.executionId, attempt: event.attempt })

  const claim = await ledger.claim(runId, owner, context.getRemainingTimeInMillis() + 10_000)
  if (!claim.claimed) {
    if (claim.status === 'RUNNING') throw new RunInProgressError(`run ${runId} is being done by another invocation`)
    logger.info('run already succeeded: skipped')
    return { runId, status: 'skipped', reason: 'already succeeded' }
  }

  let result: JobResult
  try {
    result = await runJob({ scheduledTime, remainingMs: () => context.getRemainingTimeInMillis(), logger })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    logger.error('run failed', { error })
    // Best effort: the retry can take a FAILED run at once; if this write fails it waits for the lease.
    await ledger.fail(runId, owner, message).catch((ledgerError: unknown) => logger.warn('could not record the failure', { ledgerError }))
    throw error
  }
  await ledger.succeed(runId, owner, result)
  logger.info('run succeeded', { result })
  return { runId, status: 'succeeded', result }
}

function parseScheduledTime(event: ScheduledRunEvent): Date {
  const text = event?.scheduledTime
  // An unsubstituted placeholder means the event did not come from the schedule's Input template.
  const time = typeof text === 'string' && !text.startsWith('<') ? new Date(text) : undefined
  if (!time || Number.isNaN(time.getTime())) {
    throw new TypeError(`scheduledTime must be an ISO 8601 time, got ${JSON.stringify(text)}`)
  }
  return time
}

function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}
