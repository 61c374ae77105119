import { describe, expect, it } from 'vitest'

import { findSdkCalls } from '../../src/code/sdk-calls.js'
import type { CodeValue, SdkCall } from '../../src/code/types.js'
import { ProjectDouble } from './project-double.js'

function show(value: CodeValue): string {
  if (value.kind === 'literal') return `'${value.text}'`
  if (value.kind === 'env') return `$${value.name}`
  if (value.kind === 'unknown') return '?'
  return `[${value.parts.map(show).join(' + ')}]`
}

/** The SDK calls in /src/handler.ts (and the other files given), in a short form. */
function callsIn(handler: string, others: Record<string, string> = {}): SdkCall[] {
  const double = new ProjectDouble({ '/src/handler.ts': handler, ...others })
  return findSdkCalls(double.filesOf('/src/handler.ts'), double)
}

function summary(handler: string, others: Record<string, string> = {}): { call: string; style: string; targets: string[]; mode: string; loop: boolean }[] {
  return callsIn(handler, others).map((call) => ({
    call: `${call.service}:${call.operation} ${call.actions.join(',')}`, style: call.style, targets: call.targets.map(show), mode: call.mode, loop: call.awaitedInLoop,
  }))
}

const LAMBDA_V3 = `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda'\nconst lambda = new LambdaClient({})\n`

describe('findSdkCalls: SDK v3 commands', () => {
  it('finds client.send(new InvokeCommand(...)) with its target and a sync default', () => {
    expect(summary(`${LAMBDA_V3}export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.TARGET }))`)).toEqual([
      { call: 'lambda:Invoke lambda:InvokeFunction', style: 'v3', targets: ['$TARGET'], mode: 'sync', loop: false },
    ])
  })

  it('reads the invocation type: Event is async, DryRun sync, a variable unknown', () => {
    const modes = ['`Event`', `'Event' as const`, `'DryRun'`, `'RequestResponse'`, 'event.type'].map((type) =>
      callsIn(`${LAMBDA_V3}export const handler = async (event: any) => lambda.send(new InvokeCommand({ FunctionName: 'f', InvocationType: ${type} }))`)[0]!.mode)
    expect(modes).toEqual(['async', 'async', 'sync', 'sync', 'unknown'])
  })

  it('follows a command built in a variable, and the input in another', () => {
    const code = `${LAMBDA_V3}export async function handler() {\n  const input = { FunctionName: process.env.FN, InvocationType: 'Event' as const }\n  const command = new InvokeCommand(input)\n  await lambda.send(command)\n}`
    expect(summary(code)).toEqual([{ call: 'lambda:Invoke lambda:InvokeFunction', style: 'v3', targets: ['$FN'], mode: 'async', loop: false }])
  })

  it('locates the call at the send expression', () => {
    const [call] = callsIn(`${LAMBDA_V3}export const handler = async () => {\n  await lambda.send(new InvokeCommand({ FunctionName: 'f' }))\n}`)
    expect(call!.location).toEqual({ file: 'src/handler.ts', line: 4, column: 9 })
  })

  it('finds clients held in class fields or imported from a shared module', () => {
    const viaClass = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'\nclass Queue {\n  private readonly client = new SQSClient({})\n  send(body: string) { return this.client.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body })) }\n}\nexport const queue = new Queue()`
    expect(summary(viaClass)).toEqual([{ call: 'sqs:SendMessage sqs:SendMessage', style: 'v3', targets: ['$QUEUE_URL'], mode: 'async', loop: false }])
    const shared = { '/src/clients.ts': `import { SNSClient } from '@aws-sdk/client-sns'\nexport const sns = new SNSClient({})` }
    expect(summary(`import { sns } from './clients'\nimport { PublishCommand } from '@aws-sdk/client-sns'\nexport const handler = () => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'x' }))`, shared)).toEqual([
      { call: 'sns:Publish sns:Publish', style: 'v3', targets: ['$TOPIC'], mode: 'async', loop: false },
    ])
  })

  it('reads namespace imports of a client package', () => {
    expect(summary(`import * as sfn from '@aws-sdk/client-sfn'\nconst client = new sfn.SFNClient({})\nexport const handler = () => client.send(new sfn.StartSyncExecutionCommand({ StateMachineArn: 'x', stateMachineArn: process.env.SM }))`)).toEqual([
      { call: 'states:StartSyncExecution states:StartSyncExecution', style: 'v3', targets: ['$SM'], mode: 'sync', loop: false },
    ])
  })

  it('reads the camelCase resource parameters of Step Functions and CloudWatch Logs', () => {
    const sfn = `import { SFNClient, StartExecutionCommand, StartSyncExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn'\nconst client = new SFNClient({})\n`
    expect(summary(`${sfn}export const handler = async (token: string) => {\n  await client.send(new StartExecutionCommand({ stateMachineArn: process.env.SM, input: '{}' }))\n  await client.send(new StartSyncExecutionCommand({ stateMachineArn: process.env.EXPRESS }))\n  await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))\n}`).map((call) => `${call.call}|${call.targets.join(',')}|${call.mode}`)).toEqual([
      'states:StartExecution states:StartExecution|$SM|async', 'states:StartSyncExecution states:StartSyncExecution|$EXPRESS|sync', 'states:SendTaskSuccess states:SendTaskSuccess||async',
    ])
    // The PascalCase spelling is not a parameter of the API: it names nothing.
    expect(summary(`${sfn}export const handler = () => client.send(new StartExecutionCommand({ StateMachineArn: process.env.SM } as never))`)[0]!.targets).toEqual([])
    const logs = `import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'\nconst client = new CloudWatchLogsClient({})\nexport const handler = () => client.send(new PutLogEventsCommand({ logGroupName: process.env.GROUP, logStreamName: 's', logEvents: [] }))`
    expect(summary(logs)[0]!.targets).toEqual(['$GROUP'])
  })

  it('resolves a shorthand property of the input like name: name', () => {
    const sfn = `import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'\nconst client = new SFNClient({})\nconst stateMachineArn = process.env.X!\n`
    expect(summary(`${sfn}export const handler = async (name: string) => client.send(new StartExecutionCommand({ stateMachineArn, name }))`)[0]!.targets).toEqual(['$X'])
    const sqs = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'\nconst client = new SQSClient({})\nconst QueueUrl = process.env.Q\n`
    expect(summary(`${sqs}export const handler = async (MessageBody: string) => client.send(new SendMessageCommand({ QueueUrl, MessageBody }))`)[0]!.targets).toEqual(['$Q'])
    // A shorthand that names a parameter nobody passes a known value to stays unknown.
    expect(summary(`${sqs.replace('const QueueUrl = process.env.Q\n', '')}export const handler = async (QueueUrl: string) => client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }))`)[0]!.targets).toEqual(['?'])
  })

  it('resolves targets through a helper that returns its parameter', () => {
    const code = `import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'\nconst client = new SFNClient({})\nfunction required(value: string | undefined, name: string): string {\n  if (!value) throw new Error(\`\${name} is not set\`)\n  return value\n}\nconst stateMachineArn = required(process.env.STATE_MACHINE_ARN, 'STATE_MACHINE_ARN')\nexport const handler = () => client.send(new StartExecutionCommand({ stateMachineArn }))`
    expect(summary(code)[0]!.targets).toEqual(['$STATE_MACHINE_ARN'])
  })

  it('reads paginators imported from an SDK package as calls of their operation', () => {
    const code = `import { DynamoDBClient, paginateScan as scanPages } from '@aws-sdk/client-dynamodb'\nimport { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb'\nimport * as s3 from '@aws-sdk/client-s3'\nconst db = DynamoDBDocumentClient.from(new DynamoDBClient({}))\nconst client = new s3.S3Client({})\nexport async function handler() {\n  for await (const page of paginateQuery({ client: db }, { TableName: process.env.TABLE, KeyConditionExpression: 'x' })) console.log(page)\n  for await (const page of scanPages({ client: db }, { TableName: 'audit' })) console.log(page)\n  for await (const page of s3.paginateListObjectsV2({ client }, { Bucket: process.env.BUCKET })) console.log(page)\n}`
    expect(summary(code)).toEqual([
      { call: 'dynamodb:Query dynamodb:Query', style: 'v3', targets: ['$TABLE'], mode: 'sync', loop: false },
      { call: 'dynamodb:Scan dynamodb:Scan', style: 'v3', targets: [`'audit'`], mode: 'sync', loop: false },
      { call: 's3:ListObjectsV2 s3:ListBucket', style: 'v3', targets: ['$BUCKET'], mode: 'sync', loop: false },
    ])
  })

  it('does not read local functions or other packages named paginate*', () => {
    const local = `function paginateQuery(config: unknown, input: unknown) { return [] }\nexport const handler = () => paginateQuery({}, { TableName: 'x' })`
    expect(summary(local)).toEqual([])
    expect(summary(`import { paginateQuery } from 'my-pager'\nexport const handler = () => paginateQuery({}, { TableName: 'x' })`)).toEqual([])
    expect(summary(`import { paginate } from '@aws-sdk/lib-dynamodb'\nexport const handler = () => paginate({}, { TableName: 'x' })`)).toEqual([])
  })

  it('maps lib-dynamodb commands to DynamoDB actions', () => {
    const code = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'\nimport { DynamoDBDocumentClient, PutCommand, QueryCommand, BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'\nconst db = DynamoDBDocumentClient.from(new DynamoDBClient({}))\nconst TABLE = process.env.TABLE_NAME\nexport async function handler() {\n  await db.send(new PutCommand({ TableName: TABLE, Item: {} }))\n  await db.send(new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'x' }))\n  await db.send(new BatchWriteCommand({ RequestItems: { [TABLE!]: [], audit: [] } }))\n  await db.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: TABLE, Item: {} } }, { Delete: { TableName: 'other', Key: {} } }] }))\n}`
    expect(summary(code).map((call) => [call.call, call.targets])).toEqual([
      ['dynamodb:PutItem dynamodb:PutItem', ['$TABLE_NAME']],
      ['dynamodb:Query dynamodb:Query', [`'orders'`]],
      ['dynamodb:BatchWriteItem dynamodb:BatchWriteItem', ['$TABLE_NAME', `'audit'`]],
      ['dynamodb:TransactWriteItems dynamodb:PutItem,dynamodb:UpdateItem,dynamodb:DeleteItem,dynamodb:ConditionCheckItem', ['$TABLE_NAME', `'other'`]],
    ])
  })

  it('reads PutEvents entries, with the default bus when an entry names none', () => {
    const code = `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'\nconst events = new EventBridgeClient({})\nexport const handler = () => events.send(new PutEventsCommand({ Entries: [{ EventBusName: process.env.BUS, Source: 's' }, { Source: 't' }] }))`
    expect(summary(code)).toEqual([{ call: 'events:PutEvents events:PutEvents', style: 'v3', targets: ['$BUS', `'default'`], mode: 'async', loop: false }])
  })

  it('names an unknown operation of a known package by convention', () => {
    const code = `import { SQSClient, ListQueueTagsCommand } from '@aws-sdk/client-sqs'\nconst sqs = new SQSClient({})\nexport const handler = () => sqs.send(new ListQueueTagsCommand({ QueueUrl: process.env.Q }))`
    expect(summary(code)).toEqual([{ call: 'sqs:ListQueueTags sqs:ListQueueTags', style: 'v3', targets: ['$Q'], mode: 'sync', loop: false }])
  })

  it('covers the other services of the table', () => {
    const cases: [string, string, string, string][] = [
      ['client-s3', 'GetObject', `{ Bucket: process.env.B, Key: 'k' }`, 's3:GetObject s3:GetObject|$B|sync'],
      ['client-s3', 'ListObjectsV2', `{ Bucket: process.env.B }`, 's3:ListObjectsV2 s3:ListBucket|$B|sync'],
      ['client-kinesis', 'PutRecords', `{ StreamName: process.env.S, Records: [] }`, 'kinesis:PutRecords kinesis:PutRecords|$S|async'],
      ['client-firehose', 'PutRecordBatch', `{ DeliveryStreamName: process.env.D, Records: [] }`, 'firehose:PutRecordBatch firehose:PutRecordBatch|$D|async'],
      ['client-secrets-manager', 'GetSecretValue', `{ SecretId: process.env.S }`, 'secretsmanager:GetSecretValue secretsmanager:GetSecretValue|$S|sync'],
      ['client-ssm', 'GetParameter', `{ Name: '/app/x' }`, `ssm:GetParameter ssm:GetParameter|'/app/x'|sync`],
      ['client-sesv2', 'SendEmail', `{ Content: {} }`, 'ses:SendEmail ses:SendEmail||async'],
      ['client-scheduler', 'CreateSchedule', `{ Name: 'n' }`, `scheduler:CreateSchedule scheduler:CreateSchedule|'n'|async`],
      ['client-cloudwatch', 'PutMetricData', `{ Namespace: 'n' }`, 'cloudwatch:PutMetricData cloudwatch:PutMetricData||sync'],
      ['client-apigatewaymanagementapi', 'PostToConnection', `{ ConnectionId: 'c' }`, 'execute-api:PostToConnection execute-api:ManageConnections||sync'],
      ['client-sfn', 'StartExecution', `{ StateMachineArn: 'x', stateMachineArn: process.env.SM }`, 'states:StartExecution states:StartExecution|$SM|async'],
    ]
    for (const [pkg, operation, input, expected] of cases) {
      const code = `import { X, ${operation}Command } from '@aws-sdk/${pkg}'\nconst client = new X({})\nexport const handler = () => client.send(new ${operation}Command(${input}))`
      const [call] = summary(code)
      expect(`${call!.call}|${call!.targets.join(',')}|${call!.mode}`, pkg).toBe(expected)
    }
  })
})

describe('findSdkCalls: aggregated v3 clients and SDK v2', () => {
  it('finds aggregated v3 methods', () => {
    expect(summary(`import { Lambda } from '@aws-sdk/client-lambda'\nexport const handler = () => new Lambda({}).invoke({ FunctionName: 'worker', InvocationType: 'Event' })`)).toEqual([
      { call: 'lambda:Invoke lambda:InvokeFunction', style: 'v3-aggregated', targets: [`'worker'`], mode: 'async', loop: false },
    ])
    expect(summary(`import { SQS } from '@aws-sdk/client-sqs'\nconst sqs = new SQS()\nexport const handler = () => sqs.sendMessage({ QueueUrl: process.env.Q, MessageBody: '' })`)[0]).toMatchObject({ call: 'sqs:SendMessage sqs:SendMessage', targets: ['$Q'] })
  })

  it('finds DynamoDBDocument aggregated methods', () => {
    expect(summary(`import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb'\nimport { DynamoDB } from '@aws-sdk/client-dynamodb'\nconst doc = DynamoDBDocument.from(new DynamoDB({}))\nexport const handler = () => doc.get({ TableName: process.env.T, Key: {} })`)).toEqual([
      { call: 'dynamodb:GetItem dynamodb:GetItem', style: 'v3-aggregated', targets: ['$T'], mode: 'sync', loop: false },
    ])
  })

  it('finds v2 calls: default import, named import, require, .promise() and callbacks', () => {
    expect(summary(`import AWS from 'aws-sdk'\nconst lambda = new AWS.Lambda()\nexport const handler = () => lambda.invoke({ FunctionName: process.env.FN }).promise()`)).toEqual([
      { call: 'lambda:Invoke lambda:InvokeFunction', style: 'v2', targets: ['$FN'], mode: 'sync', loop: false },
    ])
    expect(summary(`import { SNS } from 'aws-sdk'\nexport const handler = () => new SNS().publish({ TopicArn: process.env.T, Message: '' }, () => {})`)[0]).toMatchObject({ call: 'sns:Publish sns:Publish', style: 'v2', mode: 'async' })
    expect(summary(`const AWS = require('aws-sdk')\nconst sqs = new AWS.SQS()\nexports.handler = async () => { await sqs.sendMessage({ QueueUrl: process.env.Q }).promise() }`)[0]).toMatchObject({ call: 'sqs:SendMessage sqs:SendMessage', targets: ['$Q'] })
    expect(summary(`import * as AWS from 'aws-sdk'\nconst sfn = new AWS.StepFunctions()\nexport const handler = () => sfn.startExecution({ stateMachineArn: 'x' } as any)`)[0]).toMatchObject({ call: 'states:StartExecution states:StartExecution' })
  })

  it('follows a lazily created client returned by a one-line getter', () => {
    const code = `import AWS from 'aws-sdk'\nlet cached: AWS.Lambda | undefined\nconst client = () => (cached ??= new AWS.Lambda())\nexport const handler = () => client().invoke({ FunctionName: 'f', InvocationType: 'Event' }).promise()`
    expect(summary(code)).toEqual([{ call: 'lambda:Invoke lambda:InvokeFunction', style: 'v2', targets: [`'f'`], mode: 'async', loop: false }])
  })

  it('maps the v2 DocumentClient to DynamoDB actions', () => {
    expect(summary(`import AWS from 'aws-sdk'\nconst db = new AWS.DynamoDB.DocumentClient()\nexport const handler = () => db.put({ TableName: process.env.T, Item: {} }).promise()`)).toEqual([
      { call: 'dynamodb:PutItem dynamodb:PutItem', style: 'v2', targets: ['$T'], mode: 'sync', loop: false },
    ])
    expect(summary(`import { DocumentClient } from 'aws-sdk/clients/dynamodb'\nconst db = new DocumentClient()\nexport const handler = () => db.query({ TableName: 'orders' }).promise()`)[0]).toMatchObject({ call: 'dynamodb:Query dynamodb:Query', targets: [`'orders'`] })
  })
})

describe('findSdkCalls: Powertools', () => {
  it('finds getParameter and getSecret', () => {
    const code = `import { getParameter } from '@aws-lambda-powertools/parameters/ssm'\nimport { getSecret } from '@aws-lambda-powertools/parameters/secrets'\nexport const handler = async () => [await getParameter('/app/flag'), await getSecret(process.env.SECRET!)]`
    expect(summary(code)).toEqual([
      { call: 'ssm:GetParameter ssm:GetParameter', style: 'powertools', targets: [`'/app/flag'`], mode: 'sync', loop: false },
      { call: 'secretsmanager:GetSecretValue secretsmanager:GetSecretValue', style: 'powertools', targets: ['$SECRET'], mode: 'sync', loop: false },
    ])
  })
})

describe('findSdkCalls: awaited in loops', () => {
  const prelude = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'\nconst sqs = new SQSClient({})\nconst send = (body: string) => new SendMessageCommand({ QueueUrl: 'q', MessageBody: body })\n`
  const loops = (body: string): boolean[] => callsIn(`${prelude}export async function handler(items: string[]) {\n${body}\n}`).map((call) => call.awaitedInLoop)

  it('flags awaits in for, for-of, while, do and for await bodies', () => {
    expect(loops('for (const item of items) await sqs.send(send(item))')).toEqual([true])
    expect(loops('for (let i = 0; i < 3; i++) { await sqs.send(send(items[i]!)) }')).toEqual([true])
    expect(loops('while (items.length) { await sqs.send(send(items.pop()!)) }')).toEqual([true])
    expect(loops('do { await sqs.send(send(\'x\')) } while (false)')).toEqual([true])
    expect(loops('for await (const item of items) { await sqs.send(send(item)) }')).toEqual([true])
  })

  it('flags a promise kept in a variable and awaited in the loop', () => {
    expect(loops('for (const item of items) {\n  const pending = sqs.send(send(item))\n  await pending\n}')).toEqual([true])
  })

  it('flags forEach callbacks and map callbacks not gathered by Promise.all', () => {
    expect(loops('items.forEach(async (item) => { await sqs.send(send(item)) })')).toEqual([true])
    expect(loops('items.map(async (item) => { await sqs.send(send(item)) })')).toEqual([true])
  })

  it('does not follow helpers: only a loop of the same function counts', () => {
    expect(loops('const publish = (item: string) => sqs.send(send(item))\nfor (const item of items) await publish(item)')).toEqual([false])
    expect(loops('async function publish(item: string) { await sqs.send(send(item)) }\nfor (const item of items) await publish(item)')).toEqual([false])
    expect(loops('async function processOrder(item: string) { await sqs.send(send(item)); await sqs.send(send(item)) }\nfor (const item of items) await processOrder(item)')).toEqual([false, false])
    expect(loops('async function publish(items: string[]) { for (const item of items) await sqs.send(send(item)) }\nawait publish(items)')).toEqual([true])
    expect(loops('async function publish(items: string[]) { for (const item of items) { const sent = sqs.send(send(item)); await sent } }')).toEqual([true])
  })

  it('does not flag the parallel pattern or calls outside loops', () => {
    expect(loops('await Promise.all(items.map(async (item) => { await sqs.send(send(item)) }))')).toEqual([false])
    expect(loops('const pending = items.map(async (item) => await sqs.send(send(item)))\nawait Promise.all(pending)')).toEqual([false])
    expect(loops('await sqs.send(send(\'x\'))')).toEqual([false])
    expect(loops('for (const item of await sqs.send(send(\'x\')) as never as string[]) console.log(item)')).toEqual([false])
    expect(loops('for (const item of items) sqs.send(send(item))')).toEqual([false])
  })
})

describe('findSdkCalls: what is not an SDK call', () => {
  it('ignores a local function named send and a non-AWS invoke', () => {
    expect(callsIn(`function send(x: unknown) { return x }\nclass InvokeCommand { constructor(readonly input: unknown) {} }\nexport const handler = () => send(new InvokeCommand({ FunctionName: 'f' }))`)).toEqual([])
    expect(callsIn(`import { Lambda } from 'some-rpc-library'\nconst rpc = new Lambda()\nexport const handler = () => rpc.invoke({ FunctionName: 'f' })`)).toEqual([])
    expect(callsIn(`const mailer = { send: (x: unknown) => x }\nexport const handler = () => mailer.send({ to: 'x' })`)).toEqual([])
  })

  it('respects shadowing of an imported getParameter', () => {
    expect(callsIn(`import { getParameter } from '@aws-lambda-powertools/parameters/ssm'\nexport const handler = () => {\n  const getParameter = (name: string) => name\n  return getParameter('/x')\n}`)).toEqual([])
  })

  it('skips dynamic operation names without throwing', () => {
    expect(callsIn(`import { SQS } from '@aws-sdk/client-sqs'\nconst sqs = new SQS()\nconst method = 'sendMessage'\nexport const handler = () => (sqs as any)[method]({ QueueUrl: 'q' })`)).toEqual([])
    expect(callsIn(`import * as sqs from '@aws-sdk/client-sqs'\nconst client = new sqs.SQSClient({})\nexport const handler = (name: string) => client.send(new (sqs as any)[name]({}))`)).toEqual([])
  })

  it('ignores client plumbing methods', () => {
    expect(callsIn(`import { SQS } from '@aws-sdk/client-sqs'\nconst sqs = new SQS()\nexport const handler = () => sqs.destroy()`)).toEqual([])
  })

  it('reads an input it cannot see as unknown targets', () => {
    expect(summary(`${LAMBDA_V3}export const handler = (input: any) => lambda.send(new InvokeCommand(input))`)).toEqual([
      { call: 'lambda:Invoke lambda:InvokeFunction', style: 'v3', targets: ['?'], mode: 'unknown', loop: false },
    ])
  })
})
