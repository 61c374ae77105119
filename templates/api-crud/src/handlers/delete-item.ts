// DELETE /items/{id}: answers 204 whether or not the item existed, so a retried DELETE is harmless
// (DELETE is idempotent in HTTP).
import { DeleteCommand } from '@aws-sdk/lib-dynamodb'
import { json, withErrors } from '../lib/http.js'
import { ddb, itemIdOf, tableName } from '../lib/items.js'

export const handler = withErrors(async (event) => {
  const id = itemIdOf(event)
  await ddb.send(new DeleteCommand({ TableName: tableName, Key: { id } }))
  return json(204)
})
