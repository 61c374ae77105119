import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { requiredEnv } from '../lib/env.js'
import { partResultKey, type Part } from '../lib/keys.js'
import { aggregate } from '../lib/sales.js'

const s3 = new S3Client({})
const bucket = requiredEnv('DATA_BUCKET_NAME')

export interface ProcessPartInput {
  jobId: string
  part: Part
}

/**
 * Aggregates one part and writes the partial result to a key fixed by the part number: a retry
 * overwrites it with the same content. Invalid records are counted, not fatal — one bad line must
 * not fail a job of millions.
 */
export const handler = async ({ jobId, part }: ProcessPartInput): Promise<{ resultKey: string }> => {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: part.key }))
  if (!Body) throw new Error(`${part.key} has no body`)
  const totals = aggregate((await Body.transformToString()).split('\n'))

  const resultKey = partResultKey(jobId, part.partNumber)
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: resultKey, Body: JSON.stringify({ partNumber: part.partNumber, ...totals }), ContentType: 'application/json' }))
  console.info(JSON.stringify({ message: 'part processed', jobId, partNumber: part.partNumber, records: totals.records, invalidRecords: totals.invalidRecords }))
  return { resultKey }
}
