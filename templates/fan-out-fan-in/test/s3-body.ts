import { Readable } from 'node:stream'
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3'

/** A GetObject body as the SDK returns it in Lambda: a Node stream with transformToString(). */
export function s3Body(text: string): GetObjectCommandOutput['Body'] {
  // Several chunks, split mid-line, as a real stream delivers them.
  const chunks = text.match(/[\s\S]{1,7}/g) ?? []
  return Object.assign(Readable.from(chunks), { transformToString: async () => text }) as unknown as GetObjectCommandOutput['Body']
}
