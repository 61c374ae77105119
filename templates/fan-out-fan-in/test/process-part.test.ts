import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { s3Body } from './s3-body.js'

vi.hoisted(() => {
  process.env.DATA_BUCKET_NAME = 'data-bucket'
})
const { handler } = await import('../src/handlers/process-part.js')

const s3 = mockClient(S3Client)
const input = { jobId: 'job-1', part: { partNumber: 7, key: 'parts/job-1/00007.jsonl' } }

describe('process-part', () => {
  beforeEach(() => s3.reset())

  it('aggregates the part and writes the partial result under a key fixed by the part number', async () => {
    s3.on(GetObjectCommand).resolves({ Body: s3Body('{"sku":"A","quantity":2,"unitPriceCents":150}\nnot json\n{"sku":"A","quantity":1,"unitPriceCents":150}\n') })
    s3.on(PutObjectCommand).resolves({})

    await expect(handler(input)).resolves.toEqual({ resultKey: 'part-results/job-1/00007.json' })
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input
    expect(put.Key).toBe('part-results/job-1/00007.json')
    expect(JSON.parse(put.Body as string)).toEqual({ partNumber: 7, records: 2, invalidRecords: 1, bySku: { A: { quantity: 3, revenueCents: 450 } } })
  })

  it('writes the same key with the same content when retried', async () => {
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: s3Body('{"sku":"A","quantity":2,"unitPriceCents":150}\n') }))
    s3.on(PutObjectCommand).resolves({})
    await handler(input)
    await handler(input)
    const [first, second] = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)
    expect(second).toEqual(first)
  })

  it('fails when the part cannot be read, for the Map iteration to retry', async () => {
    s3.on(GetObjectCommand).rejects(new Error('SlowDown'))
    await expect(handler(input)).rejects.toThrow('SlowDown')
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0)
  })
})
