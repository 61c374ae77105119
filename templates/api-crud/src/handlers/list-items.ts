// GET /items?limit=25&nextToken=...: items a page at a time. A Scan reads the whole table page by page,
// which is fine for listing everything; for "the items of X" add an index and Query it instead.
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { HttpError, json, withErrors } from '../lib/http.js'
import { ddb, type Item, tableName } from '../lib/items.js'

const DEFAULT_LIMIT = 25
const MAX_LIMIT = 100

export const handler = withErrors(async (event) => {
  const query = event.queryStringParameters ?? {}
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new HttpError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`)
  const result = await ddb.send(
    new ScanCommand({ TableName: tableName, Limit: limit, ExclusiveStartKey: query.nextToken === undefined ? undefined : decodeToken(query.nextToken) }),
  )
  return json(200, {
    items: (result.Items ?? []) as Item[],
    ...(result.LastEvaluatedKey ? { nextToken: encodeToken(result.LastEvaluatedKey) } : {}),
  })
})

// The page token is the table key to continue from, opaque to clients.
function encodeToken(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

function decodeToken(token: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (typeof key === 'object' && key !== null && typeof (key as Record<string, unknown>).id === 'string' && Object.keys(key).length === 1) {
      return key as Record<string, unknown>
    }
  } catch {
    // fall through
  }
  throw new HttpError(400, 'nextToken is not a token this API returned')
}
