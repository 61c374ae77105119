// What a job is and what running it means. Replace processJob with your own work; keep it
// idempotent where it can be (the same jobId as the key of anything it writes elsewhere),
// because a job whose result could not be recorded runs again.

export interface Job {
  jobId: string
  payload: Record<string, unknown>
}

export interface JobResult {
  summary: string
}

/** Thrown for a message that can never succeed; it fails fast and ends up in the dead-letter queue. */
export class InvalidJobError extends Error {
  override name = 'InvalidJobError'
}

export function parseJob(body: string): Job {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    throw new InvalidJobError('message body is not JSON')
  }
  if (typeof value !== 'object' || value === null) throw new InvalidJobError('message body is not a JSON object')
  const { jobId, payload } = value as Record<string, unknown>
  if (typeof jobId !== 'string' || !/^[A-Za-z0-9_.:-]{1,128}$/.test(jobId)) {
    throw new InvalidJobError('jobId must be 1-128 letters, digits or _.:-')
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidJobError('payload must be a JSON object')
  }
  return { jobId, payload: payload as Record<string, unknown> }
}

export async function processJob(job: Job): Promise<JobResult> {
  // The example work: describe the payload. This is where the real work goes.
  return { summary: `job ${job.jobId} with ${Object.keys(job.payload).length} field(s)` }
}
