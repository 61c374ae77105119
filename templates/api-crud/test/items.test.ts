import { readFileSync } from 'node:fs'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { httpEvent } from './http-event.js'

process.env.ITEMS_TABLE_NAME = 'items-table'
const { handler: createItem } = await import('../src/handlers/create-item.js')
const { handler: getItem } = await import('../src/handlers/get-item.js')
const { handler: listItems } = await import('../src/handlers/list-items.js')
const { handler: updateItem } = await import('../src/handlers/update-item.js')
const { handler: deleteItem } = await import('../src/handlers/delete-item.js')

const ddbMock = mockClient(DynamoDBDocumentClient)
const stored = { id: 'item-1', name: 'Widget', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 3 }
const body = (response: { body?: string }) => JSON.parse(response.body ?? 'null')

beforeEach(() => {
  ddbMock.reset()
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

describe('POST /items', () => {
  it('creates the item with a new id and answers 201 with its location', async () => {
    ddbMock.on(PutCommand).resolves({})

    const response = await createItem(httpEvent('POST /items', { body: { name: 'Widget', description: 'blue' } }))

    expect(response.statusCode).toBe(201)
    const item = body(response)
    expect(item).toMatchObject({ name: 'Widget', description: 'blue', version: 1 })
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(response.headers.location).toBe(`/items/${item.id}`)
    const put = ddbMock.commandCalls(PutCommand)[0]!.args[0].input
    expect(put).toMatchObject({ TableName: 'items-table', Item: item, ConditionExpression: 'attribute_not_exists(id)' })
  })

  it.each([
    ['no body', undefined, 'the request has no body'],
    ['invalid JSON', '{"name":', 'the body is not valid JSON'],
    ['an array', [], 'the body must be a JSON object'],
    ['no name', { description: 'x' }, 'name must be a string of 1-200 characters'],
    ['a blank name', { name: '  ' }, 'name must be a string of 1-200 characters'],
    ['an unknown field', { name: 'Widget', price: 3 }, 'unknown field(s): price'],
    ['a server field', { name: 'Widget', version: 9 }, 'unknown field(s): version'],
  ])('rejects %s with 400 and writes nothing', async (_case, requestBody, message) => {
    const response = await createItem(httpEvent('POST /items', { body: requestBody }))

    expect(response.statusCode).toBe(400)
    expect(body(response)).toEqual({ message })
    expect(ddbMock.calls()).toHaveLength(0)
  })

  it('reads a base64-encoded body', async () => {
    ddbMock.on(PutCommand).resolves({})
    const event = { ...httpEvent('POST /items'), body: Buffer.from('{"name":"Widget"}').toString('base64'), isBase64Encoded: true }

    const response = await createItem(event)

    expect(response.statusCode).toBe(201)
  })

  it('answers 500 with the request id, without the internal error, when DynamoDB fails', async () => {
    ddbMock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException: secret detail'))

    const response = await createItem(httpEvent('POST /items', { body: { name: 'Widget' } }))

    expect(response.statusCode).toBe(500)
    expect(body(response)).toEqual({ message: 'internal error', requestId: 'request-1' })
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('secret detail'))
  })
})

describe('GET /items/{id}', () => {
  it('returns the item with its version as the ETag', async () => {
    ddbMock.on(GetCommand, { TableName: 'items-table', Key: { id: 'item-1' } }).resolves({ Item: stored })

    const response = await getItem(httpEvent('GET /items/{id}', { pathParameters: { id: 'item-1' } }))

    expect(response.statusCode).toBe(200)
    expect(body(response)).toEqual(stored)
    expect(response.headers.etag).toBe('"3"')
  })

  it('answers 404 for an item that does not exist', async () => {
    ddbMock.on(GetCommand).resolves({})

    const response = await getItem(httpEvent('GET /items/{id}', { pathParameters: { id: 'nope' } }))

    expect(response.statusCode).toBe(404)
  })

  it('answers 400 for an id that cannot be a key', async () => {
    const response = await getItem(httpEvent('GET /items/{id}', { pathParameters: { id: '../etc' } }))

    expect(response.statusCode).toBe(400)
    expect(ddbMock.calls()).toHaveLength(0)
  })
})

describe('GET /items', () => {
  it('returns a page of items and a token for the next one', async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [stored], LastEvaluatedKey: { id: 'item-1' } })

    const response = await listItems(httpEvent('GET /items', { query: { limit: '1' } }))

    expect(response.statusCode).toBe(200)
    const page = body(response)
    expect(page.items).toEqual([stored])
    expect(ddbMock.commandCalls(ScanCommand)[0]!.args[0].input).toMatchObject({ TableName: 'items-table', Limit: 1 })

    // The token leads to the next page.
    ddbMock.reset()
    ddbMock.on(ScanCommand).resolves({ Items: [] })
    const next = await listItems(httpEvent('GET /items', { query: { nextToken: page.nextToken } }))
    expect(body(next)).toEqual({ items: [] })
    expect(ddbMock.commandCalls(ScanCommand)[0]!.args[0].input).toMatchObject({ Limit: 25, ExclusiveStartKey: { id: 'item-1' } })
  })

  it.each<Record<string, string>>([{ limit: '0' }, { limit: '101' }, { limit: 'ten' }, { nextToken: 'garbage' }, { nextToken: Buffer.from('{"id":1}').toString('base64url') }])(
    'answers 400 for %o',
    async (query) => {
      const response = await listItems(httpEvent('GET /items', { query }))

      expect(response.statusCode).toBe(400)
      expect(ddbMock.calls()).toHaveLength(0)
    },
  )
})

describe('PUT /items/{id}', () => {
  const put = (headers: Record<string, string> = {}, requestBody: unknown = { name: 'Gadget' }) =>
    updateItem(httpEvent('PUT /items/{id}', { pathParameters: { id: 'item-1' }, body: requestBody, headers }))

  it('updates an existing item and bumps its version', async () => {
    ddbMock.on(UpdateCommand).resolves({ Attributes: { ...stored, name: 'Gadget', version: 4 } })

    const response = await put()

    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"4"')
    const input = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input
    expect(input.ConditionExpression).toBe('attribute_exists(id)')
    expect(input.UpdateExpression).toContain('REMOVE description')
    expect(input.ExpressionAttributeValues).toMatchObject({ ':name': 'Gadget', ':one': 1 })
  })

  it('only updates the version named by If-Match', async () => {
    ddbMock.on(UpdateCommand).resolves({ Attributes: { ...stored, version: 4 } })

    await put({ 'if-match': '"3"' }, { name: 'Gadget', description: 'red' })

    const input = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input
    expect(input.ConditionExpression).toBe('attribute_exists(id) AND version = :expected')
    expect(input.ExpressionAttributeValues).toMatchObject({ ':expected': 3, ':description': 'red' })
  })

  it('answers 412 when someone else changed the item since', async () => {
    ddbMock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {}, Item: { version: { N: '5' } } }))

    const response = await put({ 'if-match': '"3"' })

    expect(response.statusCode).toBe(412)
  })

  it('answers 404 for an item that does not exist (and does not create it)', async () => {
    ddbMock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }))

    const response = await put()

    expect(response.statusCode).toBe(404)
  })

  it('answers 400 for an If-Match that is not an ETag of this API', async () => {
    const response = await put({ 'if-match': 'yesterday' })

    expect(response.statusCode).toBe(400)
    expect(ddbMock.calls()).toHaveLength(0)
  })
})

describe('DELETE /items/{id}', () => {
  it('deletes the item and answers 204, also when it was already gone', async () => {
    ddbMock.on(DeleteCommand).resolves({})

    const response = await deleteItem(httpEvent('DELETE /items/{id}', { pathParameters: { id: 'item-1' } }))

    expect(response).toEqual({ statusCode: 204, headers: {} })
    expect(ddbMock.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({ TableName: 'items-table', Key: { id: 'item-1' } })
  })
})

describe('the sample events in events/', () => {
  const sample = (name: string) => JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), 'utf8')) as APIGatewayProxyEventV2

  it.each([
    ['create-item', createItem, 201],
    ['get-item', getItem, 200],
    ['list-items', listItems, 200],
    ['update-item', updateItem, 200],
    ['delete-item', deleteItem, 204],
  ] as const)('%s is a valid request for its handler', async (name, handler, status) => {
    ddbMock.on(PutCommand).resolves({}).on(GetCommand).resolves({ Item: stored }).on(ScanCommand).resolves({ Items: [stored] })
    ddbMock.on(UpdateCommand).resolves({ Attributes: stored }).on(DeleteCommand).resolves({})

    const response = await handler(sample(name))

    expect(response.statusCode).toBe(status)
  })
})
