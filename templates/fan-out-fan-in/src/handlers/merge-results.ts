import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { requiredEnv } from '../lib/env.js'
import { partResultPrefix, reportKey } from '../lib/keys.js'
import { emptyTotals, mergeInto, type Totals } from '../lib/sales.js'

const s3 = new S3Client({})
const bucket = requiredEnv('DATA_BUCKET_NAME')

/** Partial results read at once: fast, and far below S3's 5,500 GET/s per prefix. */
const READ_CONCURRENCY = 20

export interface MergeResultsInput {
  jobId: string
  inputKey: string
  expectedParts: number
}

export interface MergeResultsOutput {
  reportKey: string
  records: number
  invalidRecords: number
}

/**
 * Fan-in: reads every partial result of the job from S3 (not from the state: a thousand results would
 * not fit in 256 KB), checks that none is missing, and writes the report. Deterministic, so a retry
 * writes the same report.
 */
export const handler = async ({ jobId, inputKey, expectedParts }: MergeResultsInput): Promise<MergeResultsOutput> => {
  const keys = await listKeys(partResultPrefix(jobId))
  // S3 lists are strongly consistent: a missing part means a bug or a deleted file, not a delay.
  if (keys.length !== expectedParts) throw new Error(`job ${jobId} has ${keys.length} partial results, expected ${expectedParts}`)

  const totals = emptyTotals()
  for (let start = 0; start < keys.length; start += READ_CONCURRENCY) {
    const parts = await Promise.all(keys.slice(start, start + READ_CONCURRENCY).map(readTotals))
    for (const part of parts) mergeInto(totals, part)
  }

  const key = reportKey(jobId)
  const skus = Object.entries(totals.bySku)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, sums]) => ({ sku, ...sums }))
  const report = { jobId, inputKey, parts: keys.length, records: totals.records, invalidRecords: totals.invalidRecords, skus }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(report, null, 2), ContentType: 'application/json' }))
  console.info(JSON.stringify({ message: 'job merged', jobId, parts: keys.length, records: totals.records, invalidRecords: totals.invalidRecords }))
  return { reportKey: key, records: totals.records, invalidRecords: totals.invalidRecords }
}

async function listKeys(prefix: string): Promise<string[]> {
  const keys: string[] = []
  let ContinuationToken: string | undefined
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }))
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key)
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (ContinuationToken)
  return keys
}

async function readTotals(key: string): Promise<Totals> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  if (!Body) throw new Error(`${key} has no body`)
  return JSON.parse(await Body.transformToString()) as Totals
}
