import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { s3Body } from './s3-body.js'

vi.hoisted(() => {
  process.env.DATA_BUCKET_NAME = 'data-bucket'
})
const { handler } = await import('../src/handlers/merge-results.js')

const s3 = mockClient(S3Client)
const partial = (records: number, invalidRecords: number, bySku: Record<string, { quantity: number; revenueCents: number }>) => ({ records, invalidRecords, bySku })

describe('merge-results', () => {
  beforeEach(() => s3.reset())

  it('reads every partial result (across list pages), sums them and writes the report', async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({ Contents: [{ Key: 'part-results/job-1/00001.json' }], IsTruncated: true, NextContinuationToken: 'next' })
    s3.on(ListObjectsV2Command, { ContinuationToken: 'next' }).resolves({ Contents: [{ Key: 'part-results/job-1/00002.json' }], IsTruncated: false })
    s3.on(GetObjectCommand, { Key: 'part-results/job-1/00001.json' }).resolves({ Body: s3Body(JSON.stringify(partial(2, 1, { B: { quantity: 1, revenueCents: 900 }, A: { quantity: 2, revenueCents: 300 } }))) })
    s3.on(GetObjectCommand, { Key: 'part-results/job-1/00002.json' }).resolves({ Body: s3Body(JSON.stringify(partial(1, 0, { A: { quantity: 5, revenueCents: 750 } }))) })
    s3.on(PutObjectCommand).resolves({})

    await expect(handler({ jobId: 'job-1', inputKey: 'incoming/sales.jsonl', expectedParts: 2 })).resolves.toEqual({ reportKey: 'results/job-1.json', records: 3, invalidRecords: 1 })
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toMatchObject({ Bucket: 'data-bucket', Prefix: 'part-results/job-1/' })
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input
    expect(put.Key).toBe('results/job-1.json')
    expect(JSON.parse(put.Body as string)).toEqual({
      jobId: 'job-1',
      inputKey: 'incoming/sales.jsonl',
      parts: 2,
      records: 3,
      invalidRecords: 1,
      skus: [
        { sku: 'A', quantity: 7, revenueCents: 1050 },
        { sku: 'B', quantity: 1, revenueCents: 900 },
      ],
    })
  })

  it('writes an empty report for a job without parts', async () => {
    s3.on(ListObjectsV2Command).resolves({})
    s3.on(PutObjectCommand).resolves({})
    await expect(handler({ jobId: 'job-2', inputKey: 'incoming/empty.jsonl', expectedParts: 0 })).resolves.toEqual({ reportKey: 'results/job-2.json', records: 0, invalidRecords: 0 })
  })

  it('refuses to write a report when a partial result is missing', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'part-results/job-1/00001.json' }] })
    await expect(handler({ jobId: 'job-1', inputKey: 'incoming/sales.jsonl', expectedParts: 2 })).rejects.toThrow('has 1 partial results, expected 2')
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0)
  })
})
