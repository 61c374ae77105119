import { describe, expect, it } from 'vitest'

import { reachableLocations } from '../../src/code/reach.js'
import { findSdkCalls } from '../../src/code/sdk-calls.js'
import { ProjectDouble } from './project-double.js'

const DDB = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'",
  "import { DynamoDBDocumentClient, GetCommand, PutCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb'",
  'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}))',
].join('\n')

/** The SDK operations `exportName` of `entry` can run, as `file:operation`, sorted. */
function reachedOperations(files: Record<string, string>, entry = '/src/handler.ts', exportName = 'handler'): string[] {
  const project = new ProjectDouble(files)
  const loaded = project.filesOf(entry)
  const reachable = reachableLocations(project.file(entry), exportName, loaded, project)
  return findSdkCalls(loaded, project).filter((call) => reachable(call.location)).map((call) => `${call.location.file}:${call.operation}`).sort()
}

describe('reachability from the handler export', () => {
  it('keeps only the shared-library function a handler imports (api-async)', () => {
    const files = {
      '/src/lib/jobs.ts': `${DDB}
const tableName = process.env.TABLE!
export async function createJob(id: string) { await ddb.send(new PutCommand({ TableName: tableName, Item: { id } })) }
export async function getJob(id: string) { return ddb.send(new GetCommand({ TableName: tableName, Key: { id } })) }`,
      '/src/get-job.ts': "import { getJob } from './lib/jobs.js'\nexport const handler = async (event: { id: string }) => getJob(event.id)",
      '/src/submit-job.ts': "import { createJob } from './lib/jobs.js'\nexport async function handler(event: { id: string }) { await createJob(event.id) }",
    }
    expect(reachedOperations(files, '/src/get-job.ts')).toEqual(['src/lib/jobs.ts:GetItem'])
    expect(reachedOperations(files, '/src/submit-job.ts')).toEqual(['src/lib/jobs.ts:PutItem'])
  })

  it('follows a function passed as a value, and helpers it calls', () => {
    const files = {
      '/src/lib.ts': `${DDB}
function remove(id: string) { return ddb.send(new DeleteCommand({ TableName: 't', Key: { id } })) }
export const save = (id: string) => { void remove(id); return ddb.send(new PutCommand({ TableName: 't', Item: { id } })) }
export const read = (id: string) => ddb.send(new GetCommand({ TableName: 't', Key: { id } }))`,
      '/src/handler.ts': "import { save } from './lib.js'\nexport const handler = async (ids: string[]) => Promise.all(ids.map(save))",
    }
    expect(reachedOperations(files)).toEqual(['src/lib.ts:DeleteItem', 'src/lib.ts:PutItem'])
  })

  it('follows namespace members, and takes every export when the namespace is used dynamically', () => {
    const lib = `${DDB}
export const save = (id: string) => ddb.send(new PutCommand({ TableName: 't', Item: { id } }))
export const read = (id: string) => ddb.send(new GetCommand({ TableName: 't', Key: { id } }))`
    expect(reachedOperations({ '/src/lib.ts': lib, '/src/handler.ts': "import * as jobs from './lib.js'\nexport const handler = (id: string) => jobs.read(id)" }))
      .toEqual(['src/lib.ts:GetItem'])
    expect(reachedOperations({ '/src/lib.ts': lib, '/src/handler.ts': "import * as jobs from './lib.js'\nexport const handler = (name: 'save' | 'read', id: string) => jobs[name](id)" }))
      .toEqual(['src/lib.ts:GetItem', 'src/lib.ts:PutItem'])
  })

  it('makes every member of a referenced class reachable, and an unreferenced class not', () => {
    const files = {
      '/src/repo.ts': `${DDB}
export class Repository { save(id: string) { return ddb.send(new PutCommand({ TableName: 't', Item: { id } })) } read(id: string) { return ddb.send(new GetCommand({ TableName: 't', Key: { id } })) } }
export class Archive { drop(id: string) { return ddb.send(new DeleteCommand({ TableName: 't', Key: { id } })) } }`,
      '/src/handler.ts': "import { Repository } from './repo.js'\nconst repository = new Repository()\nexport const handler = (id: string) => repository.read(id)",
    }
    expect(reachedOperations(files)).toEqual(['src/repo.ts:GetItem', 'src/repo.ts:PutItem'])
  })

  it('takes the whole of an object of handlers once it is named', () => {
    const files = {
      '/src/routes.ts': `${DDB}
export const routes = { save: (id: string) => ddb.send(new PutCommand({ TableName: 't', Item: { id } })), read(id: string) { return ddb.send(new GetCommand({ TableName: 't', Key: { id } })) } }
export const unused = { drop: (id: string) => ddb.send(new DeleteCommand({ TableName: 't', Key: { id } })) }`,
      '/src/handler.ts': "import { routes } from './routes.js'\nexport const handler = (event: { route: 'save' | 'read'; id: string }) => routes[event.route](event.id)",
    }
    expect(reachedOperations(files)).toEqual(['src/routes.ts:GetItem', 'src/routes.ts:PutItem'])
  })

  it('ends in an import cycle and follows functions across it', () => {
    const files = {
      '/src/a.ts': `${DDB}
import { b } from './b.js'
export function a(id: string): unknown { return id ? b(id) : ddb.send(new GetCommand({ TableName: 't', Key: { id } })) }
export function unusedA(id: string) { return ddb.send(new DeleteCommand({ TableName: 't', Key: { id } })) }`,
      '/src/b.ts': `${DDB}
import { a } from './a.js'
export function b(id: string): unknown { return id ? a('') : ddb.send(new PutCommand({ TableName: 't', Item: { id } })) }`,
      '/src/handler.ts': "import { a } from './a.js'\nexport { a as handler }",
    }
    expect(reachedOperations(files)).toEqual(['src/a.ts:GetItem', 'src/b.ts:PutItem'])
  })

  it('keeps top-level code of every loaded file, but not the bodies of functions it only declares', () => {
    const files = {
      '/src/init.ts': `${DDB}
export const config = await ddb.send(new GetCommand({ TableName: 'config', Key: { id: 'x' } }))
await ddb.send(new PutCommand({ TableName: 'boot', Item: { at: 1 } }))
export function cleanUp() { return ddb.send(new DeleteCommand({ TableName: 't', Key: { id: 'x' } })) }`,
      '/src/handler.ts': "import { config } from './init.js'\nexport const handler = () => config",
    }
    expect(reachedOperations(files)).toEqual(['src/init.ts:GetItem', 'src/init.ts:PutItem'])
  })

  it('follows a default export and a default import', () => {
    const files = {
      '/src/save.ts': `${DDB}
export default async function (id: string) { return ddb.send(new PutCommand({ TableName: 't', Item: { id } })) }
export function read(id: string) { return ddb.send(new GetCommand({ TableName: 't', Key: { id } })) }`,
      '/src/handler.ts': "import save from './save.js'\nexport default (id: string) => save(id)",
    }
    expect(reachedOperations(files, '/src/handler.ts', 'default')).toEqual(['src/save.ts:PutItem'])
  })

  it('follows the function a middy wrapper is given, in a file of several handlers', () => {
    const files = {
      '/src/handlers.ts': `${DDB}
import middy from '@middy/core'
const save = async (event: { id: string }) => ddb.send(new PutCommand({ TableName: 't', Item: { id: event.id } }))
const read = async (event: { id: string }) => ddb.send(new GetCommand({ TableName: 't', Key: { id: event.id } }))
export const saveHandler = middy(save)
export const readHandler = middy(read)`,
    }
    // Top-level code names both functions (both wrappers run at load), so both are reachable from either export: over, never under.
    expect(reachedOperations(files, '/src/handlers.ts', 'readHandler')).toEqual(['src/handlers.ts:GetItem', 'src/handlers.ts:PutItem'])
    const single = {
      '/src/lib.ts': `${DDB}
export const save = async (event: { id: string }) => ddb.send(new PutCommand({ TableName: 't', Item: { id: event.id } }))
export const read = async (event: { id: string }) => ddb.send(new GetCommand({ TableName: 't', Key: { id: event.id } }))`,
      '/src/handler.ts': "import middy from '@middy/core'\nimport { read } from './lib.js'\nexport const handler = middy(read).use({})",
    }
    expect(reachedOperations(single)).toEqual(['src/lib.ts:GetItem'])
  })

  it('follows CommonJS exports and requires', () => {
    const files = {
      '/src/lib.js': `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb')
const { DynamoDBDocumentClient, GetCommand, PutCommand } = require('@aws-sdk/lib-dynamodb')
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}))
exports.save = async (id) => ddb.send(new PutCommand({ TableName: 't', Item: { id } }))
module.exports.read = async (id) => ddb.send(new GetCommand({ TableName: 't', Key: { id } }))`,
      '/src/handler.js': "const lib = require('./lib')\nexports.handler = async (event) => lib.read(event.id)",
    }
    expect(reachedOperations(files, '/src/handler.js')).toEqual(['src/lib.js:GetItem'])
  })

  it('follows re-exports through an index', () => {
    const files = {
      '/src/lib/save.ts': `${DDB}\nexport const save = (id: string) => ddb.send(new PutCommand({ TableName: 't', Item: { id } }))`,
      '/src/lib/read.ts': `${DDB}\nexport const read = (id: string) => ddb.send(new GetCommand({ TableName: 't', Key: { id } }))`,
      '/src/lib/index.ts': "export * from './save.js'\nexport { read as load } from './read.js'",
      '/src/handler.ts': "import { load } from './lib/index.js'\nexport const handler = (id: string) => load(id)",
    }
    expect(reachedOperations(files)).toEqual(['src/lib/read.ts:GetItem'])
  })
})
