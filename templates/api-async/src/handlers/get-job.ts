// GET /jobs/{jobId}: where a job is. QUEUED and IN_PROGRESS answers carry Retry-After, telling the
// client when to ask again; SUCCEEDED carries the result, FAILED the reason.
import { HttpError, json, withErrors } from '../lib/http.js'
import { getJob } from '../lib/jobs.js'

const POLL_AFTER_SECONDS = '2'

export const handler = withErrors(async (event) => {
  const jobId = event.pathParameters?.jobId
  if (!jobId || !/^[A-Za-z0-9-]{1,64}$/.test(jobId)) throw new HttpError(400, 'the job id must be 1-64 letters, digits or hyphens')
  const job = await getJob(jobId)
  if (!job) throw new HttpError(404, `job ${jobId} not found (jobs are kept 7 days)`)
  const { status, createdAt, updatedAt, result, error } = job
  const finished = status === 'SUCCEEDED' || status === 'FAILED'
  return json(200, { jobId, status, createdAt, updatedAt, ...(result ? { result } : {}), ...(error ? { error } : {}) }, finished ? {} : { 'retry-after': POLL_AFTER_SECONDS })
})
