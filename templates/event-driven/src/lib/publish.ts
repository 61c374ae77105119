import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge'

/** EventBridge accepted the request but not the event (throttled, or an internal failure): safe to retry. */
export class PublishError extends Error {
  override readonly name = 'PublishError'
}

export interface Publisher {
  client: EventBridgeClient
  busName: string
  source: string
}

export async function publish({ client, busName, source }: Publisher, detailType: string, detail: object): Promise<string> {
  const result = await client.send(
    new PutEventsCommand({ Entries: [{ EventBusName: busName, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }] }),
  )
  // PutEvents answers 200 even when it rejects an entry: each entry must be checked.
  const entry = result.Entries?.[0]
  if ((result.FailedEntryCount ?? 0) > 0 || !entry?.EventId) {
    throw new PublishError(`${detailType} was not published: ${entry?.ErrorCode ?? 'no event id'} ${entry?.ErrorMessage ?? ''}`.trim())
  }
  return entry.EventId
}
