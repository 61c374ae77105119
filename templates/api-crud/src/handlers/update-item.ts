// PUT /items/{id}: replaces the client's fields of an existing item. With If-Match (the ETag from a
// GET) the update only happens if nobody changed the item since: two clients cannot silently
// overwrite each other (optimistic locking, answered 412 when it fails).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { HttpError, json, parseJsonBody, withErrors } from '../lib/http.js'
import { ddb, etagOf, type Item, itemIdOf, parseItemInput, tableName } from '../lib/items.js'

export const handler = withErrors(async (event) => {
  const id = itemIdOf(event)
  const input = parseItemInput(parseJsonBody(event))
  const expectedVersion = parseIfMatch(event.headers['if-match'])
  try {
    const { Attributes: item } = await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { id },
        UpdateExpression:
          'SET #name = :name, updatedAt = :now, version = version + :one' + (input.description === undefined ? ' REMOVE description' : ', description = :description'),
        ConditionExpression: expectedVersion === undefined ? 'attribute_exists(id)' : 'attribute_exists(id) AND version = :expected',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':name': input.name,
          ':now': new Date().toISOString(),
          ':one': 1,
          ...(input.description === undefined ? {} : { ':description': input.description }),
          ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    )
    return json(200, item, { etag: etagOf(item as Item) })
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
    // The exception carries the item as it was: none means it does not exist, one means another version.
    if (!error.Item) throw new HttpError(404, `item ${id} not found`)
    throw new HttpError(412, `item ${id} has changed since version ${expectedVersion}: GET it again and retry`)
  }
})

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim())
  if (!match) throw new HttpError(400, 'If-Match must be the ETag of the item, e.g. "3"')
  return Number(match[1])
}
