import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { findCodeFacts, type CodeFacts } from '../../src/code/facts.js'
import type { CodeValue } from '../../src/code/types.js'
import { ProjectDouble } from './project-double.js'

/** The facts of `/src/handler.ts` exporting `exportName`, with any other project files. */
function factsOf(handler: string, others: Record<string, string> = {}, exportName = 'handler'): CodeFacts {
  const double = new ProjectDouble({ '/src/handler.ts': handler, ...others })
  const entry = double.file('/src/handler.ts')
  return findCodeFacts(entry, exportName, double.filesOf('/src/handler.ts'), double)
}

function show(value: CodeValue): string {
  if (value.kind === 'literal') return `'${value.text}'`
  if (value.kind === 'env') return `$${value.name}`
  if (value.kind === 'unknown') return '?'
  return `[${value.parts.map(show).join(' + ')}]`
}

const at = (facts: CodeFacts): string | undefined => facts.handlerLocation && `${facts.handlerLocation.line}:${facts.handlerLocation.column}`

describe('findCodeFacts: the handler export', () => {
  it('finds ESM exports', () => {
    expect(at(factsOf(`export const handler = async () => {}`))).toBe('1:14')
    expect(at(factsOf(`\nexport async function handler(event) {}`))).toBe('2:23')
    expect(at(factsOf(`async function main() {}\nexport { main as handler }`))).toBe('2:10')
    expect(at(factsOf(`export { handler } from './impl'`, { '/src/impl.ts': `export const handler = () => {}` }))).toBe('1:10')
    expect(at(factsOf(`export * from './impl'`, { '/src/impl.ts': `\nexport const handler = () => {}` }))).toBe('2:14')
  })

  it('finds CommonJS exports', () => {
    expect(at(factsOf(`exports.handler = async () => {}`))).toBe('1:1')
    expect(at(factsOf(`module.exports.handler = async () => {}`))).toBe('1:1')
    expect(at(factsOf(`async function handler() {}\nmodule.exports = { handler }`))).toBe('2:20')
    expect(at(factsOf(`module.exports = { handler: async () => {} }`))).toBe('1:20')
  })

  it('finds other export names and reports a missing one', () => {
    expect(at(factsOf(`export const main = () => {}`, {}, 'main'))).toBe('1:14')
    const missing = factsOf(`export const main = () => {}`)
    expect(missing.handlerLocation).toBeUndefined()
    expect(missing.returnsBatchItemFailures).toBe('unknown')
  })
})

describe('findCodeFacts: environment variables', () => {
  const names = (facts: CodeFacts): string[] => facts.envReads.map((read) => read.name)

  it('reads process.env properties, keys and destructuring', () => {
    const facts = factsOf(`
      const a = process.env.TABLE_NAME
      const b = process.env['QUEUE_URL']
      const { BUS, TOPIC: topic, RETRIES = '3' } = process.env
      export const handler = async () => process.env.INSIDE!`)
    expect(names(facts)).toEqual(['TABLE_NAME', 'QUEUE_URL', 'BUS', 'TOPIC', 'RETRIES', 'INSIDE'])
    expect(facts.dynamicEnvRead).toBe(false)
    expect(facts.envReads[0]!.location).toMatchObject({ file: 'src/handler.ts', line: 2, column: 17 })
  })

  it('reads through aliases of process.env and in imported files', () => {
    const facts = factsOf(`
      import { env as environment } from 'node:process'
      import { config } from './config'
      const env = process.env
      const { env: e } = process
      export const handler = async () => [env.A, e['B'], environment.C, config]`, { '/src/config.ts': `export const config = process.env.D` })
    expect(names(facts).sort()).toEqual(['A', 'B', 'C', 'D'])
    expect(facts.dynamicEnvRead).toBe(false)
  })

  it('calls a computed key, a spread or passing process.env on dynamic', () => {
    expect(factsOf(`const x = process.env[name]`).dynamicEnvRead).toBe(true)
    expect(factsOf(`const all = { ...process.env }`).dynamicEnvRead).toBe(true)
    expect(factsOf(`configure(process.env)`).dynamicEnvRead).toBe(true)
    expect(factsOf(`const env = process.env; const x = env[key]`).dynamicEnvRead).toBe(true)
    expect(factsOf(`const { A, ...rest } = process.env`).dynamicEnvRead).toBe(true)
  })

  const ENV_HELPER = `export function requiredEnv(name: string): string {\n  const value = process.env[name]\n  if (!value) throw new Error(\`environment variable \${name} is not set\`)\n  return value\n}\n`

  it('reads an env helper keyed by its parameter at each call site, when every call site passes a known name', () => {
    const facts = factsOf(`import { requiredEnv } from './lib/env.js'\nconst KEY = 'QUEUE_URL'\nconst table = requiredEnv('TABLE_NAME')\nexport const handler = async () => requiredEnv(KEY)`, { '/src/lib/env.ts': ENV_HELPER })
    expect(facts.dynamicEnvRead).toBe(false)
    expect(facts.envReads.map((read) => `${read.name}@${read.location.file}:${read.location.line}:${read.location.column}`)).toEqual([
      'TABLE_NAME@src/handler.ts:3:15', 'QUEUE_URL@src/handler.ts:4:36',
    ])
    expect(facts.envReads.every((read) => read.defaulted === undefined)).toBe(true)
    // A local (not exported) helper, as an arrow function.
    const local = factsOf(`const env = (name: string) => process.env[name]\nexport const handler = async () => env('A')`)
    expect([names(local), local.dynamicEnvRead]).toEqual([['A'], false])
  })

  it('keeps an env helper dynamic when some call site passes a name it cannot read', () => {
    const facts = factsOf(`import { requiredEnv } from './lib/env.js'\nconst table = requiredEnv('TABLE_NAME')\nexport const handler = async (event: { name: string }) => requiredEnv(event.name)`, { '/src/lib/env.ts': ENV_HELPER })
    expect(facts.dynamicEnvRead).toBe(true)
    expect(names(facts)).toEqual([])
    // A call site in another loaded file counts too: the helper cannot be trusted there.
    const elsewhere = factsOf(`import { requiredEnv } from './lib/env.js'\nexport const handler = async () => requiredEnv('A')`, {
      '/src/lib/env.ts': ENV_HELPER, '/src/other.ts': `import { requiredEnv } from './lib/env.js'\nexport const f = (key: string) => requiredEnv(key + '_X')`,
    })
    expect(elsewhere.dynamicEnvRead).toBe(true)
  })

  it('marks reads with a fallback or used only as a condition as defaulted', () => {
    const facts = factsOf(`
      const a = process.env.A ?? 'd'
      const b = process.env.B || 'd'
      const { C = 'd', D } = process.env
      if (process.env.E) console.log('debug')
      const f = process.env.F ? 1 : 2
      const g = !process.env.G
      const h = process.env.H === 'y' || process.env.I !== 'n'
      const j = Boolean(process.env.J)
      const k = process.env.K
      const l = \`\${process.env.L}/x\`
      const m = (process.env.M as string) ?? 'd'`)
    expect(facts.envReads.map((read) => `${read.name}${read.defaulted ? '?' : ''}`)).toEqual(['A?', 'B?', 'C?', 'D', 'E?', 'F?', 'G?', 'H?', 'I?', 'J?', 'K', 'L', 'M?'])
  })

  it('marks helper reads defaulted where the call site passes the fallback', () => {
    const helper = { '/src/env.ts': `export function env(name: string, fallback?: string) {\n  return process.env[name] ?? fallback\n}` }
    const facts = factsOf(`import { env } from './env.js'\nconst a = env('LOG_LEVEL', 'info')\nconst b = env('TABLE_NAME')\nconst c = env('X', undefined)`, helper)
    expect(facts.envReads.map((read) => `${read.name}${read.defaulted ? '?' : ''}`)).toEqual(['LOG_LEVEL?', 'TABLE_NAME', 'X'])
    const always = factsOf(`const env = (name: string) => process.env[name] || 'none'\nconst a = env('A')`)
    expect(always.envReads.map((read) => `${read.name}${read.defaulted ? '?' : ''}`)).toEqual(['A?'])
  })

  it('does not count writes or unrelated env properties', () => {
    const facts = factsOf(`process.env.TZ = 'UTC'; const x = config.env.FOO; const y = process.argv`)
    expect(facts.envReads).toEqual([])
    expect(facts.dynamicEnvRead).toBe(false)
  })
})

describe('findCodeFacts: SDK clients created in the handler', () => {
  const clients = (facts: CodeFacts): string[] => facts.clientsInHandler.map((client) => `${client.client}@${client.location.line}`)

  it('finds v3, lib-dynamodb and v2 clients built per invocation, also in closures', () => {
    const facts = factsOf(`
      import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'
      import { Lambda } from '@aws-sdk/client-lambda'
      import * as ddb from '@aws-sdk/client-dynamodb'
      import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
      import AWS from 'aws-sdk'
      export const handler = async () => {
        const sqs = new SQSClient({})
        await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: '' }))
        const lambda = new Lambda({})
        const doc = DynamoDBDocumentClient.from(new ddb.DynamoDBClient({}))
        const make = () => new AWS.DynamoDB.DocumentClient()
        const s3 = new AWS.S3()
      }`)
    expect(clients(facts)).toEqual(['SQSClient@8', 'Lambda@10', 'DynamoDBDocumentClient@11', 'DynamoDBClient@11', 'DynamoDB.DocumentClient@12', 'S3@13'])
  })

  it('accepts clients at module scope and lazily initialised module variables', () => {
    const facts = factsOf(`
      import { SQSClient } from '@aws-sdk/client-sqs'
      const AWS = require('aws-sdk')
      const sqs = new SQSClient({})
      let lazy: SQSClient | undefined
      const cache: { s3?: unknown } = {}
      export async function handler() {
        lazy ??= new SQSClient({})
        if (!cache.s3) cache.s3 = new AWS.S3()
        return sqs
      }`)
    expect(facts.clientsInHandler).toEqual([])
  })

  it('flags a client assigned to a variable declared in the handler, and follows middy to the wrapped function', () => {
    const facts = factsOf(`
      import middy from '@middy/core'
      import { SNSClient } from '@aws-sdk/client-sns'
      const lambdaHandler = async () => {
        let client
        client ??= new SNSClient({})
      }
      export const handler = middy(lambdaHandler).use(logger())`)
    expect(clients(facts)).toEqual(['SNSClient@6'])
  })

  it('follows an imported handler function', () => {
    const facts = factsOf(`import { main } from './main.js'\nexport const handler = middy().handler(main)`, {
      '/src/main.ts': `import { EventBridgeClient } from '@aws-sdk/client-eventbridge'\nexport async function main() { new EventBridgeClient({}) }`,
    })
    expect(facts.clientsInHandler).toMatchObject([{ client: 'EventBridgeClient', location: { file: 'src/main.ts', line: 2 } }])
  })

  it('ignores non-SDK classes and commands', () => {
    const facts = factsOf(`
      import { PutObjectCommand } from '@aws-sdk/client-s3'
      import { Logger } from '@aws-lambda-powertools/logger'
      export const handler = async () => { new PutObjectCommand({}); new Logger(); new Map() }`)
    expect(facts.clientsInHandler).toEqual([])
  })
})

describe('findCodeFacts: HTTP calls', () => {
  const calls = (facts: CodeFacts): string[] => facts.httpCalls.map((call) => `${call.library} ${show(call.url)}`)

  it('finds fetch, undici, axios, got, ky and node:https with their URLs', () => {
    const facts = factsOf(`
      import axios from 'axios'
      import got from 'got'
      import ky from 'ky'
      import { request } from 'undici'
      import https from 'node:https'
      export const handler = async () => {
        await fetch(process.env.ORDERS_API_URL + '/orders')
        await fetch(\`\${process.env.BASE}/items\`)
        await request('https://example.com')
        await axios.get('https://a.example.com')
        await axios({ url: process.env.URL_A, method: 'post' })
        await got.post('https://g.example.com')
        await ky('https://k.example.com')
        https.request({ hostname: 'h.example.com', path: '/x' })
      }`)
    expect(calls(facts)).toEqual([
      'fetch [$ORDERS_API_URL + \'/orders\']',
      'fetch [$BASE + \'/items\']',
      `undici 'https://example.com'`,
      `axios 'https://a.example.com'`,
      'axios $URL_A',
      `got 'https://g.example.com'`,
      `ky 'https://k.example.com'`,
      `node-http 'h.example.com'`,
    ])
  })

  it('puts an axios instance base URL in front of the path, also when the instance is imported', () => {
    const facts = factsOf(`
      import { api } from './api'
      export const handler = async () => { await api.get('/orders'); await api.post(process.env.PATH_X) }`, {
      '/src/api.ts': `import axios from 'axios'\nexport const api = axios.create({ baseURL: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod' })`,
    })
    expect(calls(facts)).toEqual([
      `axios 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders'`,
      `axios ['https://abc123.execute-api.eu-west-1.amazonaws.com/prod' + $PATH_X]`,
    ])
  })

  it('ignores methods named like HTTP verbs on other objects and locally declared fetch functions', () => {
    const facts = factsOf(`
      import { cache } from './cache'
      const map = new Map()
      export const handler = async () => { map.get('a'); cache.get('b'); client.post('c') }`, { '/src/cache.ts': `export const cache = new Map()` })
    expect(facts.httpCalls).toEqual([])
  })
})

describe('findCodeFacts: waits', () => {
  const waits = (facts: CodeFacts): string[] => facts.waits.map((wait) => `${wait.kind} ${wait.detail}`)

  it('finds a sleep promise awaited in a polling loop', () => {
    const facts = factsOf(`
      export const handler = async () => {
        while (!(await done())) {
          await new Promise((resolve) => setTimeout(resolve, 5000))
        }
      }`)
    expect(waits(facts)).toEqual(['sleep-in-loop await new Promise((resolve) => setTimeout(resolve, 5000)) in a while loop'])
    expect(facts.waits[0]!.location).toMatchObject({ line: 4, column: 11 })
  })

  it('finds timers/promises, promisified and local sleep helpers, also imported', () => {
    const facts = factsOf(`
      import { setTimeout as pause } from 'node:timers/promises'
      import { promisify } from 'node:util'
      import { sleep } from './util'
      const wait = promisify(setTimeout)
      const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
      export const handler = async () => {
        for (let i = 0; i < 10; i++) await pause(100)
        do { await wait(100) } while (true)
        for (const x of items) { await delay(10) }
        for (;;) { await sleep(1) }
      }`, { '/src/util.ts': `export async function sleep(ms) { return new Promise((r) => setTimeout(r, ms)) }` })
    expect(facts.waits.map((wait) => wait.detail)).toEqual([
      'await pause(100) in a for loop', 'await wait(100) in a do-while loop', 'await delay(10) in a for-of loop', 'await sleep(1) in a for loop',
    ])
  })

  it('does not count a sleep outside a loop, in a .map callback, or an awaited non-sleep in a loop', () => {
    const facts = factsOf(`
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
      export const handler = async (event) => {
        await sleep(1000)
        await Promise.all(event.Records.map(async (record) => { await sleep(10) }))
        for (const record of event.Records) { await save(record) }
        for (const record of event.Records) { setTimeout(() => {}, 10) }
      }`)
    expect(facts.waits).toEqual([])
  })

  it('finds SDK waiters (v3 and v2)', () => {
    const facts = factsOf(`
      import { waitUntilTableExists } from '@aws-sdk/client-dynamodb'
      import AWS from 'aws-sdk'
      export const handler = async () => {
        await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: 't' })
        await new AWS.DynamoDB().waitFor('tableExists', { TableName: 't' }).promise()
      }`)
    expect(waits(facts)).toEqual(['waiter waitUntilTableExists', `waiter waitFor('tableExists')`])
  })

  it('does not take a waitFor method for a waiter without aws-sdk v2', () => {
    expect(factsOf(`export const handler = async () => { await page.waitFor('x') }`).waits).toEqual([])
  })
})

describe('findCodeFacts: hard-coded ARNs and URLs', () => {
  const found = (facts: CodeFacts): string[] => facts.hardCoded.map((reference) => `${reference.kind} ${reference.text}`)

  it('finds ARNs, queue URLs, API Gateway and function URLs', () => {
    const facts = factsOf(`
      const topic = 'arn:aws:sns:eu-west-1:123456789012:orders'
      const queue = \`https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo\`
      const api = "https://abc123def4.execute-api.us-east-1.amazonaws.com/prod/orders"
      const fn = 'https://abcdefghij1234567890.lambda-url.eu-west-1.on.aws/'
      const staged = \`https://abc123def4.execute-api.us-east-1.amazonaws.com/\${stage}/orders\`
      const table = 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/orders'`)
    expect(found(facts)).toEqual([
      'arn arn:aws:sns:eu-west-1:123456789012:orders',
      'queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo',
      'api-url https://abc123def4.execute-api.us-east-1.amazonaws.com/prod/orders',
      'function-url https://abcdefghij1234567890.lambda-url.eu-west-1.on.aws/',
      'api-url https://abc123def4.execute-api.us-east-1.amazonaws.com/',
      'arn arn:aws-cn:dynamodb:cn-north-1:123456789012:table/orders',
    ])
    expect(facts.hardCoded[0]!.location).toMatchObject({ line: 2, column: 21 })
  })

  it('ignores managed policies, comments, types, imports, partial ARNs and other URLs', () => {
    const facts = factsOf(`
      // 'arn:aws:sns:eu-west-1:123456789012:orders'
      import x from 'arn:aws:sns:eu-west-1:123456789012:orders'
      type T = 'arn:aws:sns:eu-west-1:123456789012:orders'
      const policy = 'arn:aws:iam::aws:policy/AWSLambdaExecute'
      const prefix = 'arn:aws:sns:'
      const partial = \`arn:aws:sns:\${region}:\${account}:orders\`
      const site = 'https://example.com/orders'
      const s3 = 'https://my-bucket.s3.amazonaws.com/key'`)
    expect(facts.hardCoded).toEqual([])
  })
})

describe('findCodeFacts: partial batch responses', () => {
  const batch = (code: string, others: Record<string, string> = {}) => factsOf(code, others).returnsBatchItemFailures

  it('is true for an object literal with batchItemFailures, directly, through a variable or shorthand', () => {
    expect(batch(`export const handler = async (event) => ({ batchItemFailures: [] })`)).toBe(true)
    expect(batch(`export const handler = async (event) => { const batchItemFailures = []; return { batchItemFailures } }`)).toBe(true)
    expect(batch(`export async function handler(event) { const response = { batchItemFailures: [] }; if (!event) return response; return response }`)).toBe(true)
    expect(batch(`export async function handler(event) { if (!event) return; return { 'batchItemFailures': [] } }`)).toBe(true)
  })

  it('follows functions the handler returns the result of, and Powertools', () => {
    expect(batch(`import { process } from './process'\nexport const handler = async (event) => process(event)`, {
      '/src/process.ts': `export async function process(event) { return { batchItemFailures: [] } }`,
    })).toBe(true)
    expect(batch(`
      import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
      const processor = new BatchProcessor(EventType.SQS)
      export const handler = async (event, context) => processPartialResponse(event, recordHandler, processor, { context })`)).toBe(true)
    expect(batch(`export const handler = middy(async (event) => ({ batchItemFailures: [] })).use(x())`)).toBe(true)
  })

  it('is false when every return is readable and none has the key', () => {
    expect(batch(`export const handler = async (event) => { for (const r of event.Records) await save(r) }`)).toBe(false)
    expect(batch(`export const handler = async (event) => { if (!event) return; return { statusCode: 200 } }`)).toBe(false)
    expect(batch(`export const handler = async (event) => 'ok'`)).toBe(false)
    expect(batch(`export const handler = async () => { const save = () => ({ batchItemFailures: [] }); await save() ; return undefined }`)).toBe(false)
  })

  it('is unknown when a return cannot be read', () => {
    expect(batch(`export const handler = async (event) => unknownHelper(event)`)).toBe('unknown')
    expect(batch(`export const handler = async (event) => { return event.result }`)).toBe('unknown')
    expect(batch(`import { make } from 'somewhere'\nexport const handler = make()`)).toBe('unknown')
  })
})

describe('findCodeFacts on fixture projects (the real CodeProject)', () => {
  async function fixtureFacts(name: string): Promise<CodeFacts> {
    const { CodeProject } = await import('../../src/code/project.js')
    const file = resolve('test/fixtures/code', name, 'src/worker.ts')
    const project = await CodeProject.load([{ file }])
    return findCodeFacts(project.sourceFile(file)!, 'handler', project.filesOf(file), project)
  }

  it('facts-bad: clients per invocation, polling through an imported sleep, a hard-coded API, no batch response', async () => {
    const facts = await fixtureFacts('facts-bad')
    expect(facts.handlerLocation).toMatchObject({ file: 'test/fixtures/code/facts-bad/src/worker.ts', line: 10, column: 14 })
    expect(facts.clientsInHandler.map((client) => client.client)).toEqual(['DynamoDBDocumentClient', 'DynamoDBClient'])
    expect(facts.waits.map((wait) => `${wait.kind}@${wait.location.line}`)).toEqual(['sleep-in-loop@14'])
    expect(facts.hardCoded.map((reference) => reference.kind)).toEqual(['api-url'])
    expect(facts.httpCalls.map((call) => call.library)).toEqual(['fetch'])
    expect(facts.envReads.map((read) => read.name)).toEqual(['TABLE_NAME', 'API_KEY'])
    expect(facts.returnsBatchItemFailures).toBe(false)
  })

  it('facts-good: module-scope client, parallel records, partial batch response', async () => {
    const facts = await fixtureFacts('facts-good')
    expect(facts.clientsInHandler).toEqual([])
    expect(facts.waits).toEqual([])
    expect(facts.hardCoded).toEqual([])
    expect(facts.httpCalls).toEqual([])
    expect(facts.envReads.map((read) => read.name)).toEqual(['TABLE_NAME'])
    expect(facts.dynamicEnvRead).toBe(false)
    expect(facts.returnsBatchItemFailures).toBe(true)
  })
})

describe('findCodeFacts: bundled handlers', () => {
  it('follows esbuild CommonJS exports to the handler function', () => {
    const facts = factsOf(`"use strict";
var index_exports = {};
__export(index_exports, { handler: () => handler });
module.exports = __toCommonJS(index_exports);
var import_client_sqs = require("@aws-sdk/client-sqs");
var handler = async (event) => ({ batchItemFailures: [] });`)
    expect(at(facts)).toBe('3:27')
    expect(facts.returnsBatchItemFailures).toBe(true)
  })
})
