import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { requiredEnv } from '../lib/env.js'
import { partKey, type Part } from '../lib/keys.js'

// Created once per execution environment and reused across invocations.
const s3 = new S3Client({})
const bucket = requiredEnv('DATA_BUCKET_NAME')
const recordsPerPart = Number(requiredEnv('RECORDS_PER_PART'))

/**
 * An inline Map state records about 6 history events per item and an execution holds at most 25,000:
 * 1,000 parts leaves room for retries. Above that, raise RecordsPerPart or move to a Distributed Map.
 */
export const MAX_PARTS = 1000

export class InvalidJobError extends Error {
  override name = 'InvalidJob'
}

export interface SplitJobInput {
  jobId: string
  inputKey: string
}

export interface SplitJobResult {
  parts: Part[]
  records: number
}

/**
 * Streams the input (JSON Lines under incoming/) once and writes it back in parts of RecordsPerPart
 * lines. It only counts and copies lines: parsing and validation belong to ProcessPart, in parallel.
 * Memory stays at one part, whatever the size of the input.
 */
export const handler = async ({ jobId, inputKey }: SplitJobInput): Promise<SplitJobResult> => {
  if (typeof inputKey !== 'string' || !inputKey.startsWith('incoming/')) throw new InvalidJobError('inputKey must name an object under incoming/')

  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: inputKey }))
  if (!Body) throw new InvalidJobError(`${inputKey} has no body`)
  const lines = createInterface({ input: Body as Readable, crlfDelay: Infinity })

  const parts: Part[] = []
  let buffer: string[] = []
  let records = 0
  const flush = async () => {
    if (parts.length === MAX_PARTS) throw new InvalidJobError(`${inputKey} needs more than ${MAX_PARTS} parts of ${recordsPerPart} records`)
    const part = { partNumber: parts.length + 1, key: partKey(jobId, parts.length + 1) }
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: part.key, Body: buffer.join('\n') + '\n', ContentType: 'application/x-ndjson' }))
    parts.push(part)
    buffer = []
  }
  for await (const line of lines) {
    if (line.trim() === '') continue
    buffer.push(line)
    records += 1
    if (buffer.length === recordsPerPart) await flush()
  }
  if (buffer.length > 0) await flush()

  console.info(JSON.stringify({ message: 'job split', jobId, inputKey, records, parts: parts.length }))
  return { parts, records }
}
