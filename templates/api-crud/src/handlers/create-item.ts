// POST /items: creates an item with a server-chosen id and answers 201 with it and its Location.
import { randomUUID } from 'node:crypto'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { json, parseJsonBody, withErrors } from '../lib/http.js'
import { ddb, etagOf, type Item, parseItemInput, tableName } from '../lib/items.js'

export const handler = withErrors(async (event) => {
  const input = parseItemInput(parseJsonBody(event))
  const now = new Date().toISOString()
  const item: Item = { id: randomUUID(), ...input, createdAt: now, updatedAt: now, version: 1 }
  await ddb.send(
    new PutCommand({
      TableName: tableName,
      Item: item,
      // Never overwrite: a clash of random UUIDs is practically impossible, but must not lose data if it happens.
      ConditionExpression: 'attribute_not_exists(id)',
    }),
  )
  return json(201, item, { location: `/items/${item.id}`, etag: etagOf(item) })
})
