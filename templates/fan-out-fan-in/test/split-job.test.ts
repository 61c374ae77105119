import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { s3Body } from './s3-body.js'

vi.hoisted(() => {
  process.env.DATA_BUCKET_NAME = 'data-bucket'
  process.env.RECORDS_PER_PART = '2'
})
const { handler, MAX_PARTS } = await import('../src/handlers/split-job.js')

const s3 = mockClient(S3Client)
const line = (sku: string) => JSON.stringify({ sku, quantity: 1, unitPriceCents: 100 })

describe('split-job', () => {
  beforeEach(() => s3.reset())

  it('writes the input in parts of RECORDS_PER_PART lines and returns their keys', async () => {
    s3.on(GetObjectCommand).resolves({ Body: s3Body([line('A'), line('B'), '', line('C'), line('D'), line('E')].join('\n')) })
    s3.on(PutObjectCommand).resolves({})

    const result = await handler({ jobId: 'job-1', inputKey: 'incoming/sales.jsonl' })
    expect(result).toEqual({
      records: 5,
      parts: [
        { partNumber: 1, key: 'parts/job-1/00001.jsonl' },
        { partNumber: 2, key: 'parts/job-1/00002.jsonl' },
        { partNumber: 3, key: 'parts/job-1/00003.jsonl' },
      ],
    })
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'data-bucket', Key: 'incoming/sales.jsonl' })
    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)
    expect(puts.map((put) => put.Body)).toEqual([`${line('A')}\n${line('B')}\n`, `${line('C')}\n${line('D')}\n`, `${line('E')}\n`])
    expect(puts.every((put) => put.Bucket === 'data-bucket')).toBe(true)
  })

  it('returns no parts for an empty input (the Map then has nothing to do)', async () => {
    s3.on(GetObjectCommand).resolves({ Body: s3Body('') })
    await expect(handler({ jobId: 'job-1', inputKey: 'incoming/empty.jsonl' })).resolves.toEqual({ parts: [], records: 0 })
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0)
  })

  it('refuses an input key outside incoming/', async () => {
    await expect(handler({ jobId: 'job-1', inputKey: 'results/other.json' })).rejects.toMatchObject({ name: 'InvalidJob' })
    expect(s3.calls()).toHaveLength(0)
  })

  it(`refuses an input that needs more than ${MAX_PARTS} parts`, async () => {
    const lines = Array.from({ length: MAX_PARTS * 2 + 1 }, (_, index) => line(`S${index}`))
    s3.on(GetObjectCommand).resolves({ Body: s3Body(lines.join('\n')) })
    s3.on(PutObjectCommand).resolves({})
    await expect(handler({ jobId: 'job-1', inputKey: 'incoming/huge.jsonl' })).rejects.toMatchObject({ name: 'InvalidJob' })
  })

  it('fails (and the workflow retries) when S3 does', async () => {
    s3.on(GetObjectCommand).rejects(new Error('NoSuchKey'))
    await expect(handler({ jobId: 'job-1', inputKey: 'incoming/missing.jsonl' })).rejects.toThrow('NoSuchKey')
  })
})
