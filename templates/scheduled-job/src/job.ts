import type { Logger } from '@aws-lambda-powertools/logger'

export interface JobInput {
  /** The time the run was scheduled for: the same for every retry of this run, so derive what to work on from it. */
  scheduledTime: Date
  /** Milliseconds until Lambda stops the invocation: stop taking new work well before it reaches 0. */
  remainingMs: () => number
  logger: Logger
}

/** What a run reports; stored in the run ledger and returned by the function. */
export type JobResult = Record<string, unknown>

/**
 * The job's work. Replace the body with yours and keep it safe to repeat: the ledger stops a run
 * that succeeded from running again, but a run that failed half-way is retried from the start,
 * so write results under keys derived from `scheduledTime` (upserts, not appends).
 */
export async function runJob({ scheduledTime, remainingMs, logger }: JobInput): Promise<JobResult> {
  // The period this run covers: the day before its scheduled time (for a daily schedule).
  const periodEnd = scheduledTime
  const periodStart = new Date(scheduledTime.getTime() - 24 * 60 * 60 * 1000)
  logger.info('processing period', { periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString(), remainingMs: remainingMs() })
  return { periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString(), itemsProcessed: 0 }
}
