/**
 * Where a job's files live in the data bucket. Every key is fixed by the job id and the part number,
 * so a retried task overwrites its own output instead of adding a second copy: that is what makes
 * each step safe to run twice. parts/ and part-results/ expire after 7 days (bucket lifecycle).
 */
const pad = (partNumber: number) => String(partNumber).padStart(5, '0')

export const partKey = (jobId: string, partNumber: number) => `parts/${jobId}/${pad(partNumber)}.jsonl`
export const partResultPrefix = (jobId: string) => `part-results/${jobId}/`
export const partResultKey = (jobId: string, partNumber: number) => `${partResultPrefix(jobId)}${pad(partNumber)}.json`
export const reportKey = (jobId: string) => `results/${jobId}.json`

/** A part of a job, as the Map state hands it to ProcessPart. */
export interface Part {
  partNumber: number
  key: string
}
