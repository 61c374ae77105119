// What a job asks for and what running it means. Replace processJob with your own work; keep it
// idempotent where it can be (use jobId as the key of anything it writes elsewhere), because a
// job whose result could not be recorded runs again.

/** What a client submits. */
export interface JobRequest {
  input: Record<string, unknown>
}

/** What the worker receives: the request and the id it was given. */
export interface JobMessage extends JobRequest {
  jobId: string
}

export type JobResult = Record<string, unknown>

/**
 * A job that can never succeed (its input is wrong): it is marked FAILED at once instead of
 * being retried. Its message says why, and the client reads it from GET /jobs/{jobId}.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError'
}

/** SQS takes at most 256 KB per message; keep well clear of it. */
export const MAX_INPUT_BYTES = 64 * 1024

/** Checks a request body; returns the problem as a message, or the request. */
export function parseJobRequest(body: unknown): JobRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object'
  const unknown = Object.keys(body).filter((key) => key !== 'input')
  if (unknown.length > 0) return `unknown field(s): ${unknown.join(', ')}`
  const { input } = body as Record<string, unknown>
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'input must be a JSON object'
  if (Buffer.byteLength(JSON.stringify(input)) > MAX_INPUT_BYTES) return `input must be at most ${MAX_INPUT_BYTES / 1024} KB of JSON`
  return { input: input as Record<string, unknown> }
}

export function parseJobMessage(body: string): JobMessage {
  const message = JSON.parse(body) as Partial<JobMessage>
  if (typeof message.jobId !== 'string' || typeof message.input !== 'object' || message.input === null) {
    throw new Error('the message is not a job: it needs jobId and input')
  }
  return { jobId: message.jobId, input: message.input }
}

export async function processJob(job: JobMessage): Promise<JobResult> {
  // The example work: count the words in input.text. This is where the real (slow) work goes.
  const { text } = job.input
  if (typeof text !== 'string') throw new PermanentJobError('input.text must be a string')
  const words = text.split(/\s+/).filter(Boolean)
  return { words: words.length, characters: text.length }
}
