// The item resource: its shape, what a client may send, and the table it lives in.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { HttpError } from './http.js'

export interface Item {
  id: string
  name: string
  description?: string
  createdAt: string
  updatedAt: string
  /** Incremented by every update; sent as the ETag, checked against If-Match. */
  version: number
}

/** The fields a client writes; the rest are the server's. */
export interface ItemInput {
  name: string
  description?: string
}

// One client per execution environment, created at load time and reused by every invocation.
export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })
export const tableName = requiredEnv('ITEMS_TABLE_NAME')

const INPUT_FIELDS = new Set(['name', 'description'])

export function parseItemInput(body: unknown): ItemInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the body must be a JSON object')
  const unknown = Object.keys(body).filter((key) => !INPUT_FIELDS.has(key))
  if (unknown.length > 0) throw new HttpError(400, `unknown field(s): ${unknown.join(', ')}`)
  const { name, description } = body as Record<string, unknown>
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) throw new HttpError(400, 'name must be a string of 1-200 characters')
  if (description !== undefined && (typeof description !== 'string' || description.length > 2000)) {
    throw new HttpError(400, 'description must be a string of at most 2000 characters')
  }
  return description === undefined ? { name } : { name, description }
}

export function itemIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.id
  if (!id || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new HttpError(400, 'the item id must be 1-64 letters, digits or hyphens')
  return id
}

export const etagOf = (item: Pick<Item, 'version'>): string => `"${item.version}"`

function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}
