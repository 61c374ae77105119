#!/usr/bin/env node
// Deterministic generator of a SAM project with N TypeScript handler files, for the handler-code
// analysis benchmark (design §8: analysing 500 handlers must be faster than `tsc --noEmit`).
//
//   node test/bench/gen-handlers.js /tmp/handlers 500     # writes the project, prints its stats
//
//   import { generateHandlerProject } from './gen-handlers.js'
//   const { handlers, files, lines } = generateHandlerProject(dir, 500)
//
// Shape: template.yaml (SAM, Globals with the Node.js runtime and CodeUri ./, one function per
// handler with esbuild EntryPoints and environment variables naming a table, a queue, a topic, a
// bus and another function), src/handlers/<domain>/<name>.ts of 60-120 lines each (SDK v3 clients at
// module scope, `client.send(new XCommand(...))`, validation, helpers), src/lib/*.ts shared by
// every handler, and src/types/*.d.ts declaring the AWS SDK modules and the few Node.js globals
// used, so `tsc --noEmit` type-checks the project cleanly without node_modules (`"types": []`).
// The handler kinds rotate: API create, API get, queue worker, publisher, sync invoker, stream
// consumer. Sizes vary with the handler's index only, so the output depends only on N.

import { mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DOMAINS = ['orders', 'payments', 'users', 'inventory', 'shipments', 'catalog', 'reviews', 'carts', 'invoices', 'coupons']
const KINDS = ['create', 'get', 'worker', 'publisher', 'invoker', 'stream']
const FIELDS = ['name', 'email', 'status', 'amount', 'currency', 'region', 'sku', 'quantity', 'note', 'priority', 'channel', 'owner', 'source', 'tier', 'locale', 'reference']

/** Writes the project under `dir` and returns what it holds. */
export function generateHandlerProject(dir, count) {
  const files = new Map()
  files.set('package.json', JSON.stringify({ name: 'bench-handlers', private: true, type: 'module' }, null, 2) + '\n')
  files.set('tsconfig.json', JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: [],
      strict: true, noEmit: true, skipLibCheck: true, isolatedModules: true,
    },
    include: ['src/**/*.ts'],
  }, null, 2) + '\n')
  files.set('src/types/aws.d.ts', awsDeclarations())
  files.set('src/types/node.d.ts', nodeDeclarations())
  for (const [name, text] of Object.entries(libraryModules())) files.set(`src/lib/${name}.ts`, text)
  const handlers = []
  for (let index = 0; index < count; index++) {
    const domain = DOMAINS[index % DOMAINS.length]
    const kind = KINDS[Math.floor(index / DOMAINS.length) % KINDS.length]
    const name = `${kind}-${domain}-${index}`
    const path = `src/handlers/${domain}/${name}.ts`
    files.set(path, handlerModule(kind, domain, index))
    handlers.push({ id: logicalId(name), name, path })
  }
  files.set('template.yaml', template(handlers))

  for (const [path, text] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  // files and lines: the TypeScript sources (what tsc reads), not the template and configs.
  const sources = [...files.keys()].filter((path) => path.endsWith('.ts'))
  return { dir, handlers: handlers.length, files: sources.length, lines: sources.reduce((total, path) => total + files.get(path).split('\n').length, 0) }
}

function logicalId(name) {
  return name.split('-').map((part) => part[0].toUpperCase() + part.slice(1)).join('') + 'Function'
}

function template(handlers) {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    `Description: bench project with ${handlers.length} TypeScript handlers`,
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    CodeUri: ./',
    '    Timeout: 10',
    '    Environment:',
    '      Variables:',
    '        TABLE_NAME: !Ref DataTable',
    '        QUEUE_URL: !Ref WorkQueue',
    '        TOPIC_ARN: !Ref EventsTopic',
    '        BUS_NAME: !Ref EventsBus',
    'Resources:',
    '  DataTable:',
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]',
    '      KeySchema: [{ AttributeName: pk, KeyType: HASH }]',
    '  WorkQueue:',
    '    Type: AWS::SQS::Queue',
    '  EventsTopic:',
    '    Type: AWS::SNS::Topic',
    '  EventsBus:',
    '    Type: AWS::Events::EventBus',
    '    Properties:',
    '      Name: bench-bus',
  ]
  handlers.forEach((handler, index) => {
    const next = handlers[(index + 1) % handlers.length]
    lines.push(
      `  ${handler.id}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      Handler: ${handler.name}.handler`,
      '      Environment:',
      '        Variables:',
      `          TARGET_FUNCTION: !Ref ${next.id}`,
      '      Policies:',
      '        - DynamoDBCrudPolicy: { TableName: !Ref DataTable }',
      '        - SQSSendMessagePolicy: { QueueName: !GetAtt WorkQueue.QueueName }',
      '    Metadata:',
      '      BuildMethod: esbuild',
      '      BuildProperties:',
      `        EntryPoints: [${handler.path}]`,
    )
  })
  return lines.join('\n') + '\n'
}

function awsDeclarations() {
  const client = (module, clientName, commands) => [
    `declare module '${module}' {`,
    `  export class ${clientName} {`,
    '    constructor(config?: Record<string, unknown>)',
    '    send(command: object): Promise<Record<string, unknown>>',
    '  }',
    ...commands.map((command) => `  export class ${command} { constructor(input: Record<string, unknown>) }`),
    '}',
  ].join('\n')
  return [
    client('@aws-sdk/client-dynamodb', 'DynamoDBClient', []),
    [
      "declare module '@aws-sdk/lib-dynamodb' {",
      "  import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'",
      '  export class DynamoDBDocumentClient {',
      '    static from(client: DynamoDBClient): DynamoDBDocumentClient',
      '    send(command: object): Promise<{ Item?: Record<string, unknown>; Items?: Record<string, unknown>[] }>',
      '  }',
      ...['PutCommand', 'GetCommand', 'UpdateCommand', 'QueryCommand', 'DeleteCommand'].map((command) => `  export class ${command} { constructor(input: Record<string, unknown>) }`),
      '}',
    ].join('\n'),
    client('@aws-sdk/client-sqs', 'SQSClient', ['SendMessageCommand', 'SendMessageBatchCommand']),
    client('@aws-sdk/client-sns', 'SNSClient', ['PublishCommand']),
    client('@aws-sdk/client-eventbridge', 'EventBridgeClient', ['PutEventsCommand']),
    client('@aws-sdk/client-lambda', 'LambdaClient', ['InvokeCommand']),
    '',
  ].join('\n\n')
}

function nodeDeclarations() {
  return [
    '// The few Node.js globals the handlers use, so the project type-checks without @types/node.',
    'declare const process: { env: Record<string, string | undefined> }',
    'declare const console: { log(...values: unknown[]): void; error(...values: unknown[]): void; warn(...values: unknown[]): void }',
    'declare function setTimeout(callback: () => void, ms: number): unknown',
    'declare class TextEncoder { encode(text: string): Uint8Array }',
    'declare class TextDecoder { decode(bytes?: Uint8Array): string }',
    "declare module 'node:crypto' { export function randomUUID(): string }",
    '',
  ].join('\n')
}

function libraryModules() {
  return {
    config: [
      '/** Environment configuration, read once per container. */',
      'export interface Config { tableName: string; queueUrl: string; topicArn: string; busName: string; targetFunction: string }',
      '',
      'function required(name: string): string {',
      '  const value = process.env[name]',
      "  if (!value) throw new Error(`missing environment variable ${name}`)",
      '  return value',
      '}',
      '',
      'export const config: Config = {',
      "  tableName: required('TABLE_NAME'),",
      "  queueUrl: required('QUEUE_URL'),",
      "  topicArn: required('TOPIC_ARN'),",
      "  busName: required('BUS_NAME'),",
      "  targetFunction: required('TARGET_FUNCTION'),",
      '}',
      '',
    ].join('\n'),
    clients: [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'",
      "import { SQSClient } from '@aws-sdk/client-sqs'",
      "import { SNSClient } from '@aws-sdk/client-sns'",
      "import { EventBridgeClient } from '@aws-sdk/client-eventbridge'",
      "import { LambdaClient } from '@aws-sdk/client-lambda'",
      '',
      '// Created once per container and reused by every invocation.',
      'export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}))',
      'export const sqs = new SQSClient({})',
      'export const sns = new SNSClient({})',
      'export const events = new EventBridgeClient({})',
      'export const lambda = new LambdaClient({})',
      '',
    ].join('\n'),
    http: [
      "import { logger } from './logger.js'",
      '',
      'export interface ApiEvent { body?: string | null; pathParameters?: Record<string, string | undefined> | null; requestContext?: { requestId?: string } }',
      'export interface ApiResult { statusCode: number; headers: Record<string, string>; body: string }',
      '',
      'export function json(statusCode: number, body: unknown): ApiResult {',
      "  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }",
      '}',
      '',
      'export function parseBody(event: ApiEvent): Record<string, unknown> {',
      '  try {',
      "    return JSON.parse(event.body ?? '{}') as Record<string, unknown>",
      '  } catch (error) {',
      "    logger.warn('bad body', { error: String(error) })",
      '    throw new HttpError(400, "the body is not JSON")',
      '  }',
      '}',
      '',
      'export class HttpError extends Error {',
      '  constructor(readonly statusCode: number, message: string) {',
      '    super(message)',
      '  }',
      '}',
      '',
      'export function failure(error: unknown): ApiResult {',
      '  if (error instanceof HttpError) return json(error.statusCode, { message: error.message })',
      "  logger.error('unexpected', { error: String(error) })",
      "  return json(500, { message: 'internal error' })",
      '}',
      '',
    ].join('\n'),
    logger: [
      "type Level = 'debug' | 'info' | 'warn' | 'error'",
      '',
      'function write(level: Level, message: string, data: Record<string, unknown> = {}): void {',
      '  const line = JSON.stringify({ level, message, ...data, time: Date.now() })',
      "  if (level === 'error') console.error(line)",
      '  else console.log(line)',
      '}',
      '',
      'export const logger = {',
      "  debug: (message: string, data?: Record<string, unknown>) => write('debug', message, data),",
      "  info: (message: string, data?: Record<string, unknown>) => write('info', message, data),",
      "  warn: (message: string, data?: Record<string, unknown>) => write('warn', message, data),",
      "  error: (message: string, data?: Record<string, unknown>) => write('error', message, data),",
      '}',
      '',
    ].join('\n'),
    validation: [
      "import { HttpError } from './http.js'",
      '',
      'export function text(input: Record<string, unknown>, field: string, maxLength = 200): string {',
      '  const value = input[field]',
      "  if (typeof value !== 'string' || value.length === 0) throw new HttpError(400, `${field} is required`)",
      '  if (value.length > maxLength) throw new HttpError(400, `${field} is longer than ${maxLength}`)',
      '  return value',
      '}',
      '',
      'export function count(input: Record<string, unknown>, field: string): number {',
      '  const value = input[field]',
      "  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new HttpError(400, `${field} must be a whole number`)",
      '  return value',
      '}',
      '',
    ].join('\n'),
  }
}

/** One handler module: imports, a record type, validation, normalisation and helpers sized by `index`, then the handler. */
function handlerModule(kind, domain, index) {
  const fieldCount = 6 + (index % 11)
  const fields = Array.from({ length: fieldCount }, (_, offset) => FIELDS[(index + offset) % FIELDS.length])
  const type = domain[0].toUpperCase() + domain.slice(1, -1) + 'Record'
  const lines = [
    `// ${kind} handler for ${domain} (#${index}), generated for the handler-analysis benchmark.`,
    "import { randomUUID } from 'node:crypto'",
    ...importsFor(kind),
    "import { config } from '../../lib/config.js'",
    "import { logger } from '../../lib/logger.js'",
    "import { type ApiEvent, type ApiResult, failure, json, parseBody } from '../../lib/http.js'",
    "import { count, text } from '../../lib/validation.js'",
    '',
    `export interface ${type} {`,
    '  pk: string',
    ...fields.map((field) => `  ${field}: ${numeric(field) ? 'number' : 'string'}`),
    '  createdAt: string',
    '}',
    '',
    `function read${type}(input: Record<string, unknown>): Omit<${type}, 'pk' | 'createdAt'> {`,
    '  return {',
    ...fields.map((field) => `    ${field}: ${numeric(field) ? `count(input, '${field}')` : `text(input, '${field}')`},`),
    '  }',
    '}',
    '',
    `export function normalise(record: ${type}): ${type} {`,
    '  return {',
    '    ...record,',
    ...fields.map((field) => `    ${field}: ${numeric(field) ? `Math.max(0, Math.round(record.${field}))` : `record.${field}.trim()`},`),
    '  }',
    '}',
    '',
    `function describe(record: ${type}): string {`,
    '  const parts: string[] = []',
    ...fields.map((field) => `  if (record.${field} !== undefined) parts.push(\`${field}=\${String(record.${field})}\`)`),
    "  return parts.join(', ')",
    '}',
    '',
    ...bodyFor(kind, type),
  ]
  return lines.join('\n') + '\n'
}

function numeric(field) {
  return field === 'amount' || field === 'quantity' || field === 'priority'
}

function importsFor(kind) {
  switch (kind) {
    case 'create': return ["import { PutCommand } from '@aws-sdk/lib-dynamodb'", "import { PublishCommand } from '@aws-sdk/client-sns'", "import { documents, sns } from '../../lib/clients.js'"]
    case 'get': return ["import { GetCommand } from '@aws-sdk/lib-dynamodb'", "import { documents } from '../../lib/clients.js'"]
    case 'worker': return ["import { UpdateCommand } from '@aws-sdk/lib-dynamodb'", "import { SendMessageCommand } from '@aws-sdk/client-sqs'", "import { documents, sqs } from '../../lib/clients.js'"]
    case 'publisher': return ["import { PutEventsCommand } from '@aws-sdk/client-eventbridge'", "import { events } from '../../lib/clients.js'"]
    case 'invoker': return ["import { InvokeCommand } from '@aws-sdk/client-lambda'", "import { lambda } from '../../lib/clients.js'"]
    default: return ["import { QueryCommand } from '@aws-sdk/lib-dynamodb'", "import { documents } from '../../lib/clients.js'"]
  }
}

function bodyFor(kind, type) {
  const api = (inner) => [
    'export const handler = async (event: ApiEvent): Promise<ApiResult> => {',
    '  try {',
    ...inner.map((line) => `    ${line}`),
    '  } catch (error) {',
    '    return failure(error)',
    '  }',
    '}',
  ]
  const queue = (inner) => [
    'interface QueueEvent { Records: { messageId: string; body: string }[] }',
    '',
    'export const handler = async (event: QueueEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {',
    '  const batchItemFailures: { itemIdentifier: string }[] = []',
    '  for (const message of event.Records) {',
    '    try {',
    `      const record = { pk: randomUUID(), createdAt: new Date().toISOString(), ...read${type}(JSON.parse(message.body) as Record<string, unknown>) } as ${type}`,
    ...inner.map((line) => `      ${line}`),
    '    } catch (error) {',
    "      logger.error('message failed', { messageId: message.messageId, error: String(error) })",
    '      batchItemFailures.push({ itemIdentifier: message.messageId })',
    '    }',
    '  }',
    '  return { batchItemFailures }',
    '}',
  ]
  switch (kind) {
    case 'create': return api([
      `const record: ${type} = { pk: randomUUID(), createdAt: new Date().toISOString(), ...read${type}(parseBody(event)) }`,
      'await documents.send(new PutCommand({ TableName: config.tableName, Item: record }))',
      "await sns.send(new PublishCommand({ TopicArn: config.topicArn, Message: JSON.stringify({ type: 'created', pk: record.pk }) }))",
      "logger.info('created', { pk: record.pk, summary: describe(record) })",
      'return json(201, record)',
    ])
    case 'get': return api([
      "const pk = event.pathParameters?.id ?? ''",
      'const result = await documents.send(new GetCommand({ TableName: config.tableName, Key: { pk } }))',
      "if (!result.Item) return json(404, { message: 'not found' })",
      `logger.debug('read', { summary: describe(result.Item as unknown as ${type}) })`,
      'return json(200, result.Item)',
    ])
    case 'worker': return queue([
      "await documents.send(new UpdateCommand({ TableName: config.tableName, Key: { pk: record.pk }, UpdateExpression: 'SET handled = :t', ExpressionAttributeValues: { ':t': true } }))",
      'await sqs.send(new SendMessageCommand({ QueueUrl: config.queueUrl, MessageBody: describe(record) }))',
    ])
    case 'publisher': return queue([
      "await events.send(new PutEventsCommand({ Entries: [{ EventBusName: config.busName, Source: 'bench', DetailType: 'Handled', Detail: describe(record) }] }))",
    ])
    case 'invoker': return api([
      `const record: ${type} = { pk: randomUUID(), createdAt: new Date().toISOString(), ...read${type}(parseBody(event)) }`,
      'const payload = new TextEncoder().encode(JSON.stringify(record))',
      'const response = await lambda.send(new InvokeCommand({ FunctionName: config.targetFunction, Payload: payload }))',
      "logger.info('invoked', { status: String(response.StatusCode), summary: describe(record) })",
      'return json(200, { ok: true })',
    ])
    default: return [
      'interface StreamEvent { Records: { eventName: string; dynamodb?: { Keys?: Record<string, { S?: string }> } }[] }',
      '',
      'export async function handler(event: StreamEvent): Promise<void> {',
      '  for (const change of event.Records) {',
      "    const pk = change.dynamodb?.Keys?.pk?.S ?? ''",
      "    const related = await documents.send(new QueryCommand({ TableName: config.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))",
      `    for (const item of related.Items ?? []) logger.info('related', { summary: describe(item as unknown as ${type}), change: change.eventName })`,
      '  }',
      '}',
    ]
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, count = '500'] = process.argv.slice(2)
  if (!dir) {
    console.error('usage: gen-handlers.js <dir> [count]')
    process.exit(2)
  }
  console.log(JSON.stringify(generateHandlerProject(dir, Number(count))))
}
