// GET /items/{id}: one item, with its version as the ETag (send it back as If-Match to update).
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { HttpError, json, withErrors } from '../lib/http.js'
import { ddb, etagOf, type Item, itemIdOf, tableName } from '../lib/items.js'

export const handler = withErrors(async (event) => {
  const id = itemIdOf(event)
  const { Item: item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { id } }))
  if (!item) throw new HttpError(404, `item ${id} not found`)
  return json(200, item, { etag: etagOf(item as Item) })
})
