import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify as toYaml } from 'yaml'

import { describeOutcome, ReaderSandbox, type ReaderInput, type ReaderOutcome } from './sandbox.js'

// Property tests of the reader's contract: whatever the input, parseTemplateText -> Template ->
// buildGraph either reads it or throws a UserError; never another exception, never a hang.
// Every input runs in a worker thread with a 2 s budget (see sandbox.ts): a synchronous hang in
// this thread could not be interrupted by any vitest timeout.

const RUNS = Number(process.env.LAMBDAWISE_FC_RUNS ?? 300)
const BUDGET_MILLISECONDS = 2_000
const TEST_TIMEOUT = 180_000
const SEED = Number(process.env.LAMBDAWISE_FC_SEED ?? 20_261_127)

const sandbox = new ReaderSandbox(BUDGET_MILLISECONDS)
beforeAll(async () => {
  // Start the worker (tsx + src import) before the first timed input.
  await sandbox.run({ file: 'warm-up.yaml', text: 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n' })
}, 60_000)
afterAll(() => sandbox.close())

function assertOptions<T extends unknown[]>(): fc.Parameters<T> {
  return { numRuns: RUNS, seed: SEED, endOnFailure: false, interruptAfterTimeLimit: TEST_TIMEOUT - 30_000, markInterruptAsFailure: false }
}

/** The contract for any input: read (with a sane graph) or a located UserError, within the budget. */
function checkContract(input: ReaderInput, outcome: ReaderOutcome, options: { mustRead?: boolean; budgetMilliseconds?: number } = {}): void {
  const context = () => `${describeOutcome(outcome)}\n--- input (${input.file}) ---\n${input.text.length > 4_000 ? input.text.slice(0, 4_000) + '\n[...]' : input.text}`
  if (outcome.kind === 'timeout' || outcome.kind === 'bug') throw new Error(context())
  if (outcome.milliseconds >= (options.budgetMilliseconds ?? BUDGET_MILLISECONDS)) throw new Error(`took ${outcome.milliseconds.toFixed(0)} ms\n${context()}`)
  if (outcome.kind === 'user') {
    if (options.mustRead) throw new Error(`a valid template was refused\n${context()}`)
    const location = outcome.location
    if (location) {
      if (location.file !== input.file) throw new Error(`error names file ${location.file}\n${context()}`)
      if (location.line !== undefined && !(location.line >= 1)) throw new Error(`line ${location.line}\n${context()}`)
      if (location.column !== undefined && !(location.column >= 1)) throw new Error(`column ${location.column}\n${context()}`)
    }
    return
  }
  checkGraph(input, outcome, context)
}

/** Every node and edge is located (1-based, in the input file) and every edge joins two nodes of the graph. */
function checkGraph(input: ReaderInput, graph: Extract<ReaderOutcome, { kind: 'ok' }>, context: () => string): void {
  const ids = new Set(graph.nodes.map((node) => node.id))
  if (ids.size !== graph.nodes.length) throw new Error(`duplicate node ids\n${context()}`)
  const lineCount = input.text.split('\n').length
  for (const item of [...graph.nodes, ...graph.edges]) {
    const { file, line, column } = item.location
    const name = 'id' in item ? `node ${item.id}` : `edge ${item.from} -> ${item.to}`
    if (file !== input.file) throw new Error(`${name} located in ${file}\n${context()}`)
    if (!(Number.isInteger(line) && line >= 1 && line <= lineCount)) throw new Error(`${name} at line ${line} (of ${lineCount})\n${context()}`)
    if (!(Number.isInteger(column) && column >= 1)) throw new Error(`${name} at column ${column}\n${context()}`)
  }
  for (const edge of graph.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) throw new Error(`edge ${edge.from} -> ${edge.to} joins a node not in the graph\n${context()}`)
  }
}

async function readerHolds(input: ReaderInput, options: { mustRead?: boolean } = {}): Promise<void> {
  checkContract(input, await sandbox.run({ render: true, ...input }), options)
}

const fileName = fc.constantFrom('template.yaml', 'template.json', 'template.yml', 'cdk.out/Stack.template.json')

// ---------------------------------------------------------------------------------------------
// (a) arbitrary text
// ---------------------------------------------------------------------------------------------

/** Fragments of YAML and JSON syntax, so random text often gets past the first line. */
const SYNTAX_FRAGMENTS = [
  'Resources:', 'Resources:\n  A:\n    Type: AWS::SQS::Queue\n', '\n', '\n  ', '  ', '    ', '- ', '? ', ': ', ':', ',', '[', ']', '{', '}', '"', "'",
  '#', '|', '>-', '&a ', '*a', '&b ', '*b', '!Ref ', '!GetAtt ', '!Sub ', '!If ', '!Foo ', '!!str ', '!<tag:x> ', '%YAML 1.2\n', '---\n', '...\n',
  'Type: ', 'AWS::Serverless::Function', 'Properties:', 'Events:', 'Fn::If', 'Fn::Sub', '"Fn::Foo"', 'Ref', '${A.Arn}', '\t', '\r\n', '\u0000',
  '\ufeff', 'é', '😀', '\\', '<<: ', 'null', 'true', '1e999', '-', '0x1F', '__proto__', 'constructor',
]
const syntaxSoup = fc.array(fc.oneof(fc.constantFrom(...SYNTAX_FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''))

describe('(a) arbitrary text: only UserError', () => {
  it.each([
    ['ASCII strings', fc.string({ maxLength: 300 })],
    ['full Unicode strings', fc.string({ unit: 'binary', maxLength: 300 })],
    ['random bytes decoded as latin1', fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1'))],
    ['YAML/JSON syntax soup', syntaxSoup],
    ['a valid head followed by syntax soup', syntaxSoup.map((tail) => `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      ${tail}`)],
  ])('%s', async (_name, text) => {
    await fc.assert(fc.asyncProperty(fileName, text, (file, body) => readerHolds({ file, text: body })), assertOptions())
  }, TEST_TIMEOUT)
})

// ---------------------------------------------------------------------------------------------
// (b) arbitrary JSON values, serialized as JSON and as YAML
// ---------------------------------------------------------------------------------------------

const interestingKey = fc.oneof(
  fc.constantFrom('Resources', 'Type', 'Properties', 'Ref', 'Fn::If', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Join', 'Condition', 'Conditions', 'Globals', 'Transform',
    'Parameters', 'Mappings', 'Metadata', 'Events', 'Policies', '__proto__', 'constructor', 'toString', 'Fn::ForEach::Loop', ''),
  fc.string({ maxLength: 8 }),
)
const anyObject = fc.object({ key: interestingKey, maxDepth: 4, maxKeys: 5, values: [fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double()] })
const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 6 }), anyObject)

type Shape = (value: unknown) => unknown
const SHAPES: Array<[string, Shape]> = [
  ['as the whole document', (value) => value],
  ['as Resources', (value) => ({ Resources: value })],
  ['as a resource', (value) => ({ Resources: { Thing: value } })],
  ['as a function\'s Properties', (value) => ({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: value } } })],
  ['as Conditions and a Condition', (value) => ({ Conditions: value, Resources: { Q: { Type: 'AWS::SQS::Queue', Condition: 'C', Properties: { QueueName: { 'Fn::If': ['C', 'a', 'b'] } } } } })],
  ['as Globals', (value) => ({ Globals: value, Resources: { Fn: { Type: 'AWS::Serverless::Function' } } })],
]

describe('(b) arbitrary JSON values: only UserError', () => {
  it.each(SHAPES)('%s, as JSON and as YAML', async (_name, shape) => {
    await fc.assert(
      fc.asyncProperty(jsonish, fc.boolean(), async (value, asYaml) => {
        const document = shape(value)
        const text = asYaml ? toYaml(document) : JSON.stringify(document, null, 2) ?? 'null'
        await readerHolds({ file: asYaml ? 'template.yaml' : 'template.json', text })
      }),
      assertOptions(),
    )
  }, TEST_TIMEOUT)
})

// ---------------------------------------------------------------------------------------------
// (c) real templates, mutated
// ---------------------------------------------------------------------------------------------

const CORPUS = join(import.meta.dirname, '../../../shared/data/corpus/serverless-patterns')
/** Every 16th template of the corpus, by name: about 30, the same ones every run. */
const SAMPLE = readdirSync(CORPUS).filter((name) => name.endsWith('.yaml')).sort().filter((_, index) => index % 16 === 0)
const SAMPLE_TEXTS = SAMPLE.map((name) => ({ name, text: readFileSync(join(CORPUS, name), 'utf8') }))

const idLike = fc.constantFrom('MyFunction', 'MyQueue', 'Missing', 'AWS::Region', 'AWS::NoValue', 'Self', '', 'A.B.C')
const garbage = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('${', '}', '${A.Arn}', '${!x}', '[', '{', '"', "'", ': ', '\n'))
const REPLACEMENT_VALUES = fc.oneof(
  idLike.map((id) => `!Ref ${id}`),
  fc.tuple(idLike, fc.constantFrom('Arn', 'QueueUrl', 'Name', '')).map(([id, attribute]) => `!GetAtt ${id}.${attribute}`),
  fc.tuple(fc.constantFrom('C', 'IsProd', 'Missing'), garbage, garbage).map(([condition, a, b]) => `!If [${condition}, ${JSON.stringify(a)}, ${JSON.stringify(b)}]`),
  garbage.map((text) => `{"Fn::Sub": ${JSON.stringify(text)}}`),
  garbage.map((text) => `{"Fn::Sub": ${text}}`),
  garbage.map((text) => `!Sub ${text}`),
  fc.tuple(garbage, garbage).map(([a, b]) => `!Join [${a}, [${b}]]`),
  garbage.map((text) => `!Select [${text}]`),
  garbage.map((text) => `!FindInMap [${text}]`),
  fc.constantFrom('!If', '!Ref', '!GetAtt', '!Sub', '!Foo x', '{}', '[]', '~', '&a x', '*a', '{"Fn::Foo": 1}', '!Ref [a, b]', '!GetAtt {a: b}'),
  garbage,
)

type Mutation =
  | { kind: 'delete-line' | 'duplicate-line' | 'truncate'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace-value'; at: number; value: string }
  | { kind: 'indent'; at: number; by: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete-line' as const, 'duplicate-line' as const, 'truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), fc.constantFrom(...SYNTAX_FRAGMENTS)) }),
  fc.record({ kind: fc.constant('replace-value' as const), at: fc.nat(), value: REPLACEMENT_VALUES }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }).filter((by) => by !== 0) }),
)

function mutate(text: string, change: Mutation): string {
  const lines = text.split('\n')
  const line = change.at % lines.length
  switch (change.kind) {
    case 'delete-line':
      lines.splice(line, 1)
      return lines.join('\n')
    case 'duplicate-line':
      lines.splice(line, 0, lines[line]!)
      return lines.join('\n')
    case 'swap-lines': {
      const other = change.other % lines.length
      ;[lines[line], lines[other]] = [lines[other]!, lines[line]!]
      return lines.join('\n')
    }
    case 'insert': {
      const offset = change.at % (text.length + 1)
      return text.slice(0, offset) + change.text + text.slice(offset)
    }
    case 'truncate':
      return text.slice(0, change.at % (text.length + 1))
    case 'replace-value': {
      // The value of the n-th `key: value` line.
      const candidates = lines.map((content, index) => ({ index, match: /^(\s*(?:- )?[^\s:#][^:#]*:\s+)(\S.*)$/.exec(content) })).filter((entry) => entry.match)
      if (candidates.length === 0) return text
      const { index, match } = candidates[change.at % candidates.length]!
      lines[index] = match![1] + change.value
      return lines.join('\n')
    }
    case 'indent': {
      const content = lines[line]!
      lines[line] = change.by > 0 ? ' '.repeat(change.by) + content : content.replace(new RegExp(`^ {0,${-change.by}}`), '')
      return lines.join('\n')
    }
  }
}

describe('(c) real templates, mutated: only UserError', () => {
  it('samples about 30 serverless-patterns templates', () => {
    expect(SAMPLE.length).toBeGreaterThanOrEqual(28)
  })

  it('one to three mutations of a real template', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SAMPLE_TEXTS), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (sample, changes) => {
        const text = changes.reduce(mutate, sample.text)
        await readerHolds({ file: `${sample.name}`, text })
      }),
      assertOptions(),
    )
  }, TEST_TIMEOUT)

  it('a value replaced by a random intrinsic (the rest intact)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SAMPLE_TEXTS), fc.nat(), REPLACEMENT_VALUES, async (sample, at, value) => {
        await readerHolds({ file: sample.name, text: mutate(sample.text, { kind: 'replace-value', at, value }) })
      }),
      assertOptions(),
    )
  }, TEST_TIMEOUT)
})

// ---------------------------------------------------------------------------------------------
// (d) structured templates with real resource types and random intrinsics
// ---------------------------------------------------------------------------------------------

/** The logical ids a generated template may use, each with its type. */
const RESOURCE_TYPES: Record<string, string> = {
  FnA: 'AWS::Serverless::Function', FnB: 'AWS::Serverless::Function', LambdaC: 'AWS::Lambda::Function',
  QueueA: 'AWS::SQS::Queue', QueueB: 'AWS::SQS::Queue', Topic: 'AWS::SNS::Topic', Subscription: 'AWS::SNS::Subscription',
  Bus: 'AWS::Events::EventBus', Rule: 'AWS::Events::Rule', Schedule: 'AWS::Scheduler::Schedule',
  Machine: 'AWS::StepFunctions::StateMachine', SamMachine: 'AWS::Serverless::StateMachine',
  Role: 'AWS::IAM::Role', Policy: 'AWS::IAM::Policy', ManagedPolicy: 'AWS::IAM::ManagedPolicy',
  Table: 'AWS::DynamoDB::Table', Bucket: 'AWS::S3::Bucket', Stream: 'AWS::Kinesis::Stream',
  Api: 'AWS::Serverless::Api', HttpApi: 'AWS::Serverless::HttpApi', RestApi: 'AWS::ApiGateway::RestApi',
  ApiResource: 'AWS::ApiGateway::Resource', Method: 'AWS::ApiGateway::Method', V2Api: 'AWS::ApiGatewayV2::Api',
  Integration: 'AWS::ApiGatewayV2::Integration', Route: 'AWS::ApiGatewayV2::Route', Mapping: 'AWS::Lambda::EventSourceMapping',
  InvokeConfig: 'AWS::Lambda::EventInvokeConfig', Url: 'AWS::Lambda::Url', Connector: 'AWS::Serverless::Connector',
  Pipe: 'AWS::Pipes::Pipe', Alarm: 'AWS::CloudWatch::Alarm', LogGroup: 'AWS::Logs::LogGroup', LogFilter: 'AWS::Logs::SubscriptionFilter',
  IotRule: 'AWS::IoT::TopicRule', DataSource: 'AWS::AppSync::DataSource', Subnet: 'AWS::EC2::Subnet', Sg: 'AWS::EC2::SecurityGroup',
  Route0: 'AWS::EC2::Route', Nat: 'AWS::EC2::NatGateway', Custom: 'Custom::Thing',
}
const IDS = Object.keys(RESOURCE_TYPES)
/** Always in the template, and the ids references name most: so that references mostly land on a resource. */
const CORE_IDS = ['FnA', 'QueueA', 'Topic', 'Bus', 'Rule', 'Machine', 'Role', 'Table', 'Bucket', 'Stream']
const OTHER_IDS = IDS.filter((id) => !CORE_IDS.includes(id))
const CONDITION_NAMES = ['IsProd', 'IsDev', 'Loop', 'Unknown'] as const

const refName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CORE_IDS) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_IDS) },
  { weight: 2, arbitrary: fc.constantFrom('Missing', 'Param', 'ListParam', 'NoDefault', 'AWS::Region', 'AWS::AccountId', 'AWS::NoValue', 'AWS::Partition', 'FnAAliaslive', 'FnBVersion1a2b') },
)
const attributeName = fc.constantFrom('Arn', 'QueueUrl', 'QueueName', 'TopicName', 'Name', 'StreamArn', 'RootResourceId', 'Outputs.X', '')
const conditionName = fc.constantFrom(...CONDITION_NAMES)
const physicalName = fc.constantFrom('orders', 'events', 'fn-a', 'machine', '*', '')
const arnText = fc.oneof(
  fc.tuple(fc.constantFrom('sqs', 'sns', 'lambda', 'states', 'events', 'dynamodb', 's3', 'kinesis', 'iam', 'x'), physicalName).map(([service, name]) => `arn:aws:${service}:us-east-1:123456789012:${name}`),
  fc.constantFrom('arn:aws:lambda:us-east-1:123:function:fn-a:live', 'https://sqs.us-east-1.amazonaws.com/123/orders', 'arn:aws:dynamodb:us-east-1:123:table/orders',
    'arn:aws:apigateway:us-east-1:states:action/StartSyncExecution', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FnA.Arn}/invocations', 'arn:', 'arn:::::'),
)
const subText = fc.array(fc.oneof(
  fc.string({ maxLength: 4 }),
  refName.map((name) => `\${${name}}`),
  fc.tuple(refName, attributeName).map(([name, attribute]) => `\${${name}.${attribute}}`),
  fc.constantFrom('${!Literal}', '${', '}', '${}', '${Var}', '${ Var }', '${AWS::Region}', 'arn:${AWS::Partition}:sqs:'),
), { maxLength: 5 }).map((parts) => parts.join(''))
const text = fc.oneof(fc.string({ maxLength: 10 }), physicalName, arnText, subText)
const leaf = fc.oneof(text, fc.integer({ min: -2, max: 5 }), fc.boolean(), fc.constant(null))
const keyName = fc.constantFrom('Arn', 'Id', 'Type', 'Properties', 'Statement', 'Effect', 'Action', 'Resource', 'Variables', 'TargetArn', 'deadLetterTargetArn',
  'Destination', 'OnFailure', 'Queue', 'Stream', 'Topic', 'States', 'Parameters', 'DefaultValue', '__proto__', 'constructor', 'x', 'Ref')

const { value } = fc.letrec<{ value: unknown; intrinsic: unknown; list: unknown[]; map: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ maxDepth: 4, depthIdentifier: 'value' },
    { weight: 3, arbitrary: leaf }, { weight: 5, arbitrary: tie('intrinsic') }, { weight: 1, arbitrary: tie('list') }, { weight: 1, arbitrary: tie('map') }),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(keyName, tie('value'), { maxKeys: 3 }),
  intrinsic: fc.oneof(
    { weight: 8, arbitrary: refName.map((name) => ({ Ref: name })) },
    { weight: 8, arbitrary: fc.tuple(refName, attributeName).map(([name, attribute]) => ({ 'Fn::GetAtt': [name, attribute] })) },
    fc.tuple(refName, attributeName).map(([name, attribute]) => ({ 'Fn::GetAtt': `${name}.${attribute}` })),
    subText.map((format) => ({ 'Fn::Sub': format })),
    fc.tuple(subText, fc.dictionary(fc.constantFrom('Var', 'Other', 'AWS::Region'), tie('value'), { maxKeys: 2 })).map((argument) => ({ 'Fn::Sub': argument })),
    fc.tuple(fc.constantFrom('', ',', ':', '/'), tie('value')).map((argument) => ({ 'Fn::Join': argument })),
    fc.tuple(fc.constantFrom('', ':'), fc.array(tie('value'), { maxLength: 3 })).map((argument) => ({ 'Fn::Join': argument })),
    fc.tuple(conditionName, tie('value'), tie('value')).map((argument) => ({ 'Fn::If': argument })),
    fc.tuple(conditionName, tie('value')).map(([condition, whenTrue]) => ({ 'Fn::If': [condition, whenTrue, { Ref: 'AWS::NoValue' }] })),
    fc.tuple(fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constantFrom('0', '1', 'x')), tie('value')).map((argument) => ({ 'Fn::Select': argument })),
    fc.tuple(fc.constantFrom('Names', 'Missing', 'constructor', '__proto__'), fc.constantFrom('dev', 'prod', 'prototype', 'name'), fc.constantFrom('Queue', 'Memory', 'constructor', 'length'), fc.option(tie('value'))).map(
      ([map, top, second, fallback]) => ({ 'Fn::FindInMap': fallback === null ? [map, top, second] : [map, top, second, { DefaultValue: fallback }] }),
    ),
    fc.tuple(fc.constantFrom(',', '', ':'), tie('value')).map((argument) => ({ 'Fn::Split': argument })),
    fc.tuple(fc.constantFrom('Fn::Base64', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Cidr', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition',
      'Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::FindInMap', 'Fn::Split'), tie('value')).map(([name, argument]) => ({ [name]: argument })),
  ),
}))

const some = <T>(arbitrary: fc.Arbitrary<T>, maxLength = 3) => fc.array(arbitrary, { maxLength })
/** Mostly the expected shape, sometimes any value at all. */
const either = (...shapes: fc.Arbitrary<unknown>[]) => fc.oneof({ weight: 1, arbitrary: value }, ...shapes.map((shape) => ({ weight: 3, arbitrary: shape })))
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) => fc.record(fields, { requiredKeys: [] })

const destinationConfig = partial({
  OnFailure: either(partial({ Type: fc.constantFrom('SQS', 'SNS', 'Lambda'), Destination: value })),
  OnSuccess: either(partial({ Type: fc.constantFrom('SQS', 'EventBridge'), Destination: value })),
})
const deadLetterConfig = either(partial({ Arn: value, Type: either(fc.constant('SQS')), QueueLogicalId: either(fc.constantFrom('Dlq', 'QueueA')) }))
const EVENT_TYPES = ['Api', 'HttpApi', 'SQS', 'Kinesis', 'DynamoDB', 'DocumentDB', 'MSK', 'MQ', 'SNS', 'S3', 'CloudWatchLogs', 'Cognito', 'Schedule', 'ScheduleV2', 'EventBridgeRule', 'CloudWatchEvent', 'IoTRule', 'Unknown']
const samEvent = either(partial({
  Type: either(fc.constantFrom(...EVENT_TYPES)),
  Properties: either(partial({
    Queue: value, Stream: value, Topic: value, Bucket: value, Cluster: value, Broker: value, UserPool: value, LogGroupName: value,
    Path: either(fc.constantFrom('/orders', '/{id}')), Method: either(fc.constantFrom('get', 'POST', 'ANY')), RestApiId: value, ApiId: value,
    EventBusName: value, Schedule: value, ScheduleExpression: value, DeadLetterConfig: deadLetterConfig, DestinationConfig: destinationConfig,
    SqsSubscription: either(fc.boolean(), partial({ QueueArn: value })),
  })),
}))
const IAM_ACTIONS = ['sqs:SendMessage', 'sqs:*', 'sns:Publish', 'lambda:InvokeFunction', 'lambda:Invoke*', 'Lambda:invokefunction', 'states:StartExecution', 'states:StartSyncExecution',
  'dynamodb:GetItem', 'events:PutEvents', 'kinesis:PutRecord', 's3:*', 'sqs:Receive?essage', '*', '', ':']
// Short random actions only: long runs of wildcards are a test of their own (see "regressions" below).
const iamAction = fc.oneof(fc.constantFrom(...IAM_ACTIONS), fc.stringMatching(/^[a-z]{1,6}:[A-Za-z*?]{0,6}$/))
const { statement } = fc.letrec<{ statement: unknown }>((tie) => ({
  statement: fc.oneof({ maxDepth: 2 },
    partial({ Effect: either(fc.constantFrom('Allow', 'Deny')), Action: either(iamAction, some(iamAction)), Resource: either(fc.constant('*'), some(value)) }),
    fc.tuple(conditionName, tie('statement')).map(([condition, inner]) => ({ 'Fn::If': [condition, inner, { Ref: 'AWS::NoValue' }] })),
    value,
  ),
}))
const policyDocument = either(partial({ Version: fc.constant('2012-10-17'), Statement: fc.oneof(statement, some(statement)) }))
const POLICY_TEMPLATE_NAMES = ['SQSSendMessagePolicy', 'SQSPollerPolicy', 'SNSPublishMessagePolicy', 'LambdaInvokePolicy', 'DynamoDBCrudPolicy', 'S3ReadPolicy', 'StepFunctionsExecutionPolicy',
  'EventBridgePutEventsPolicy', 'KinesisStreamReadPolicy', 'AWSSecretsManagerGetSecretValuePolicy', 'KMSDecryptPolicy', 'UnknownPolicy']
const policyTemplate = fc.tuple(fc.constantFrom(...POLICY_TEMPLATE_NAMES), either(fc.dictionary(fc.constantFrom('QueueName', 'TopicName', 'FunctionName', 'TableName', 'BucketName', 'StateMachineName', 'EventBusName', 'StreamName', 'KeyId'), value, { maxKeys: 2 })))
  .map(([name, parameters]) => ({ [name]: parameters }))
const samPolicies = either(fc.constantFrom('AWSLambdaBasicExecutionRole'), some(fc.oneof(fc.constant('AmazonSQSFullAccess'), policyTemplate, policyDocument, value)))
const rolePolicies = either(some(partial({ PolicyName: fc.constant('inline'), PolicyDocument: policyDocument })))

const STATE_RESOURCES = ['arn:aws:states:::lambda:invoke', 'arn:aws:states:::lambda:invoke.waitForTaskToken', 'arn:aws:states:::sqs:sendMessage', 'arn:aws:states:::sns:publish',
  'arn:aws:states:::events:putEvents', 'arn:aws:states:::states:startExecution.sync:2', 'arn:aws:states:::dynamodb:putItem', 'arn:aws:states:::aws-sdk:s3:getObject',
  'arn:${AWS::Partition}:states:::lambda:invoke', '${FnArn}', '${FnA.Arn}', 'arn:aws:lambda:us-east-1:123:function:fn-a', 'arn:aws:states:::kinesis:putRecord',
  'arn:aws:states:::firehose:putRecord', 'arn:aws:states:::unknown:x', 'arn:aws:states:::']
const stateParameter = fc.constantFrom('FunctionName', 'FunctionName.$', 'QueueUrl', 'TopicArn', 'Entries', 'StateMachineArn', 'TableName', 'Bucket', 'StreamName', 'EventBusName', 'DeliveryStreamName', 'Payload')
const { machine } = fc.letrec<{ machine: Record<string, unknown>; state: unknown }>((tie) => ({
  machine: fc.record({ StartAt: fc.constantFrom('A', 'B'), States: either(fc.dictionary(fc.constantFrom('A', 'B', 'C', '__proto__'), tie('state'), { minKeys: 1, maxKeys: 3 })) }, { requiredKeys: ['States'] }),
  state: fc.oneof({ maxDepth: 3, depthIdentifier: 'state' },
    fc.record({
      Type: fc.oneof({ weight: 4, arbitrary: fc.constant('Task') }, { weight: 2, arbitrary: fc.constantFrom('Parallel', 'Map', 'Pass', 'Choice') }, { weight: 1, arbitrary: value }),
      Resource: either(fc.constantFrom(...STATE_RESOURCES)),
      Parameters: either(fc.dictionary(stateParameter, either(some(partial({ EventBusName: value }))), { maxKeys: 3 })),
      Arguments: either(fc.dictionary(stateParameter, value, { maxKeys: 2 })),
      Branches: either(some(tie('machine'), 2)),
      Iterator: tie('machine'),
      ItemProcessor: tie('machine'),
    }, { requiredKeys: ['Type', 'Resource'] }),
    value,
  ),
}))
const definitionString = fc.oneof(
  machine.map((definition) => JSON.stringify(definition)),
  machine.map((definition) => ({ 'Fn::Sub': JSON.stringify(definition) })),
  fc.tuple(machine, fc.nat(), value).map(([definition, at, inserted]) => {
    const json = JSON.stringify(definition)
    const cut = at % (json.length + 1)
    return { 'Fn::Join': ['', [json.slice(0, cut), inserted, json.slice(cut)]] }
  }),
  value,
)
const endpoint = either(partial({ Id: either(refName), Arn: value, Type: fc.constantFrom('AWS::SQS::Queue', 'AWS::Serverless::Function') }))
const openApi = either(partial({
  paths: either(fc.dictionary(fc.constantFrom('/orders', '/{id}', 'constructor'), either(fc.dictionary(fc.constantFrom('get', 'post', 'x-amazon-apigateway-any-method'),
    either(partial({ 'x-amazon-apigateway-integration': either(partial({ uri: value, type: fc.constant('aws_proxy') })) })), { maxKeys: 2 })), { maxKeys: 2 })),
}))

/** Property values by name: the shapes the extractors read, or any value at all. */
const PROPERTY_SHAPES: Record<string, fc.Arbitrary<unknown>> = {
  Events: either(fc.dictionary(fc.constantFrom('Get', 'Queue', 'Nightly', 'Bus', '__proto__'), samEvent, { maxKeys: 3 })),
  Policies: fc.oneof(samPolicies, rolePolicies),
  Environment: either(partial({ Variables: either(fc.dictionary(fc.constantFrom('QUEUE_URL', 'TABLE', 'TOPIC_ARN', 'FN'), value, { maxKeys: 3 })) })),
  DeadLetterQueue: either(partial({ Type: either(fc.constantFrom('SQS', 'SNS')), TargetArn: value })),
  DeadLetterConfig: either(partial({ TargetArn: value })),
  EventInvokeConfig: either(partial({ DestinationConfig: destinationConfig, MaximumRetryAttempts: fc.nat(2) })),
  DestinationConfig: destinationConfig,
  FunctionUrlConfig: either(partial({ AuthType: fc.constant('NONE') })),
  VpcConfig: either(partial({ SubnetIds: either(some(value)), SecurityGroupIds: either(some(value)) })),
  Connectors: either(fc.dictionary(fc.constantFrom('ToQueue', 'ToTable'), either(partial({
    Properties: either(partial({ Destination: either(endpoint, some(endpoint)), Permissions: either(some(fc.constantFrom('Read', 'Write'))) })),
  })), { maxKeys: 2 })),
  Source: endpoint,
  Destination: fc.oneof(endpoint, some(endpoint)),
  Permissions: either(some(fc.constantFrom('Read', 'Write'))),
  RedrivePolicy: fc.oneof(
    value,
    partial({ deadLetterTargetArn: value, maxReceiveCount: fc.nat(5) }),
    partial({ deadLetterTargetArn: arnText, maxReceiveCount: fc.nat(5) }).map((policy) => JSON.stringify(policy)),
  ),
  Definition: either(machine),
  DefinitionString: definitionString,
  DefinitionSubstitutions: either(fc.dictionary(fc.constantFrom('FnArn', 'QueueUrl', 'X'), value, { maxKeys: 3 })),
  DefinitionBody: openApi,
  DefinitionUri: either(fc.constantFrom('s3://bucket/key', 'statemachine/missing.asl.json')),
  Targets: either(some(either(partial({ Id: fc.constant('T'), Arn: value, DeadLetterConfig: either(partial({ Arn: value })) })))),
  Target: either(partial({ Arn: value, DeadLetterConfig: either(partial({ Arn: value })) })),
  PolicyDocument: policyDocument,
  Roles: either(some(value)),
  Subscription: either(some(either(partial({ Endpoint: value, Protocol: fc.constantFrom('sqs', 'lambda', 'email') })))),
  NotificationConfiguration: either(partial({
    LambdaConfigurations: either(some(partial({ Function: value, Event: fc.constant('s3:ObjectCreated:*') }))),
    QueueConfigurations: either(some(partial({ Queue: value }))),
    TopicConfigurations: either(some(partial({ Topic: value }))),
  })),
  Integration: either(partial({ Uri: value, RequestTemplates: either(fc.dictionary(fc.constant('application/json'), value, { maxKeys: 1 })) })),
  TopicRulePayload: either(partial({ Actions: either(some(either(fc.dictionary(fc.constantFrom('Lambda', 'Sqs', 'Sns', 'StepFunctions'),
    either(partial({ FunctionArn: value, QueueUrl: value, TargetArn: value, StateMachineName: value })), { maxKeys: 2 })))) })),
  LambdaConfig: either(partial({ LambdaFunctionArn: value })),
  DynamoDBConfig: either(partial({ TableName: value })),
  IntegrationSubtype: either(fc.constantFrom('SQS-SendMessage', 'StepFunctions-StartExecution', 'EventBridge-PutEvents')),
  RequestParameters: either(fc.dictionary(fc.constantFrom('QueueUrl', 'StateMachineArn'), value, { maxKeys: 2 })),
  RouteKey: either(fc.constantFrom('GET /orders', '$default')),
  HttpMethod: either(fc.constantFrom('GET', 'post')),
}
const PLAIN_PROPERTIES = ['Role', 'RoleArn', 'QueueName', 'TopicName', 'FunctionName', 'TableName', 'BucketName', 'Name', 'StateMachineName', 'EventBusName', 'ScheduleExpression',
  'EventPattern', 'Endpoint', 'TopicArn', 'Protocol', 'EventSourceArn', 'AlarmActions', 'OKActions', 'InsufficientDataActions', 'Enrichment', 'RestApiId', 'ResourceId',
  'ParentId', 'PathPart', 'ApiId', 'IntegrationUri', 'TargetFunctionArn', 'LogGroupName', 'DestinationArn', 'VpcId', 'SubnetId', 'RouteTableId', 'NatGatewayId', 'GatewayId',
  'Handler', 'Runtime', 'Timeout', 'CodeUri', 'AutoPublishAlias']
const propertyName = fc.constantFrom(...Object.keys(PROPERTY_SHAPES), ...PLAIN_PROPERTIES)
/** The properties the extractors read, by type (any other property may turn up too). */
const RELEVANT_PROPERTIES: Record<string, string[]> = {
  'AWS::Serverless::Function': ['Events', 'Policies', 'Environment', 'DeadLetterQueue', 'EventInvokeConfig', 'FunctionUrlConfig', 'VpcConfig', 'Connectors', 'Role', 'FunctionName'],
  'AWS::Lambda::Function': ['Environment', 'DeadLetterConfig', 'VpcConfig', 'Role', 'FunctionName'],
  'AWS::SQS::Queue': ['RedrivePolicy', 'QueueName', 'Connectors'],
  'AWS::SNS::Topic': ['Subscription', 'TopicName'],
  'AWS::SNS::Subscription': ['TopicArn', 'Endpoint', 'Protocol', 'RedrivePolicy'],
  'AWS::Events::EventBus': ['Name'],
  'AWS::Events::Rule': ['EventBusName', 'Targets', 'ScheduleExpression', 'EventPattern'],
  'AWS::Scheduler::Schedule': ['Target', 'ScheduleExpression'],
  'AWS::StepFunctions::StateMachine': ['Definition', 'DefinitionString', 'DefinitionSubstitutions', 'RoleArn', 'StateMachineName'],
  'AWS::Serverless::StateMachine': ['Definition', 'DefinitionUri', 'DefinitionSubstitutions', 'Events', 'Policies', 'Role', 'Name'],
  'AWS::IAM::Role': ['Policies'],
  'AWS::IAM::Policy': ['PolicyDocument', 'Roles'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument', 'Roles'],
  'AWS::DynamoDB::Table': ['TableName'],
  'AWS::S3::Bucket': ['BucketName', 'NotificationConfiguration'],
  'AWS::Kinesis::Stream': ['Name'],
  'AWS::Serverless::Api': ['DefinitionBody', 'DefinitionUri'],
  'AWS::Serverless::HttpApi': ['DefinitionBody', 'DefinitionUri'],
  'AWS::ApiGateway::Method': ['RestApiId', 'ResourceId', 'HttpMethod', 'Integration'],
  'AWS::ApiGateway::Resource': ['ParentId', 'PathPart', 'RestApiId'],
  'AWS::ApiGatewayV2::Api': ['Target'],
  'AWS::ApiGatewayV2::Integration': ['ApiId', 'IntegrationUri', 'IntegrationSubtype', 'RequestParameters'],
  'AWS::ApiGatewayV2::Route': ['ApiId', 'RouteKey', 'Target'],
  'AWS::Lambda::EventSourceMapping': ['FunctionName', 'EventSourceArn', 'DestinationConfig'],
  'AWS::Lambda::EventInvokeConfig': ['FunctionName', 'DestinationConfig'],
  'AWS::Lambda::Url': ['TargetFunctionArn'],
  'AWS::Serverless::Connector': ['Source', 'Destination', 'Permissions'],
  'AWS::Pipes::Pipe': ['Source', 'Target', 'Enrichment'],
  'AWS::CloudWatch::Alarm': ['AlarmActions', 'OKActions', 'InsufficientDataActions'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::Logs::SubscriptionFilter': ['LogGroupName', 'DestinationArn'],
  'AWS::IoT::TopicRule': ['TopicRulePayload'],
  'AWS::AppSync::DataSource': ['ApiId', 'Name', 'LambdaConfig', 'DynamoDBConfig'],
  'AWS::EC2::Subnet': ['VpcId'],
  'AWS::EC2::SecurityGroup': ['VpcId'],
  'AWS::EC2::Route': ['RouteTableId', 'NatGatewayId', 'GatewayId', 'VpcEndpointId'],
  'AWS::EC2::NatGateway': ['SubnetId'],
}
/** Physical names the generated values also use (orders, events, ...), so that names and ARNs match resources too. */
const NAME_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  QueueName: either(physicalName), TopicName: either(physicalName), FunctionName: either(physicalName), TableName: either(physicalName),
  BucketName: either(physicalName), Name: either(physicalName), StateMachineName: either(physicalName),
}
const propertiesOf = (type: string) =>
  fc.tuple(fc.subarray(RELEVANT_PROPERTIES[type] ?? []), fc.uniqueArray(propertyName, { maxLength: 2 })).chain(([relevant, extra]) => {
    const names = [...new Set([...relevant, ...extra])]
    return fc.tuple(...names.map((name) => PROPERTY_SHAPES[name] ?? NAME_VALUES[name] ?? value))
      .map((values) => Object.fromEntries(names.map((name, index) => [name, values[index]])))
  })

const resource = (type: string) => fc.record({
  Type: fc.constant(type),
  Properties: fc.oneof({ weight: 8, arbitrary: propertiesOf(type) }, { weight: 1, arbitrary: value }),
  Condition: conditionName,
  Metadata: value,
  DependsOn: either(some(refName)),
}, { requiredKeys: ['Type', 'Properties'] })

/** A `Fn::ForEach` loop (AWS::LanguageExtensions) generating resources of one type, possibly nested, over a collection. */
const loopCollection = fc.oneof(
  some(fc.oneof(fc.constantFrom('A', 'B', 'a-b', '1', 'QueueA', ''), fc.integer({ min: 0, max: 3 }), value), 4),
  fc.constant({ Ref: 'ListParam' }),
  fc.constant({ 'Fn::Split': [',', 'x,y,z'] }),
  value,
)
const { loop } = fc.letrec<{ loop: Record<string, unknown> }>((tie) => ({
  loop: fc.tuple(fc.constantFrom('Items', 'Other'), fc.constantFrom('Name', 'N'), loopCollection, fc.constantFrom(...IDS), fc.constantFrom('Q${Name}', 'Q&{Name}', '${N}Fn', 'Fixed', 'Q${Name}${N}'),
    fc.oneof({ maxDepth: 2, depthIdentifier: 'loop' }, { weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: tie('loop') }),
  ).chain(([name, identifier, collection, id, outputKey, inner]) =>
    resource(RESOURCE_TYPES[id]!).map((body) => ({
      [`Fn::ForEach::${name}`]: [identifier, collection, inner === undefined ? { [outputKey]: body } : { [outputKey]: body, ...inner }],
    }))),
}))

const resources = fc.tuple(fc.subarray(CORE_IDS, { minLength: 3 }), fc.subarray(OTHER_IDS, { maxLength: 6 }), fc.option(loop, { freq: 4 })).chain(([core, other, forEach]) => {
  const chosen = [...core, ...other]
  return fc.tuple(...chosen.map((id) => resource(RESOURCE_TYPES[id]!)))
    .map((definitions) => ({ ...Object.fromEntries(chosen.map((id, index) => [id, definitions[index]])), ...(forEach ?? {}) }))
})

const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof({ maxDepth: 3 },
    fc.tuple(value, value).map((operands) => ({ 'Fn::Equals': operands })),
    fc.tuple(fc.constantFrom('prod', 'dev'), fc.constant({ Ref: 'Param' })).map((operands) => ({ 'Fn::Equals': operands })),
    tie('condition').map((inner) => ({ 'Fn::Not': [inner] })),
    some(tie('condition')).map((operands) => ({ 'Fn::And': operands })),
    some(tie('condition')).map((operands) => ({ 'Fn::Or': operands })),
    conditionName.map((name) => ({ Condition: name })),
    value,
  ),
}))

const template = partial({
  AWSTemplateFormatVersion: fc.constant('2010-09-09'),
  Transform: fc.constantFrom('AWS::Serverless-2016-10-31', ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], 'AWS::LanguageExtensions'),
  Parameters: fc.constant({ Param: { Type: 'String', Default: 'dev' }, ListParam: { Type: 'CommaDelimitedList', Default: 'a, b' }, NoDefault: { Type: 'String' } }),
  Mappings: either(fc.constant({ Names: { dev: { Queue: 'orders', Memory: 256 }, prod: { Queue: 'events' } } })),
  Conditions: fc.dictionary(conditionName, condition, { maxKeys: 4 }),
  Globals: either(partial({
    Function: either(partial({ Environment: PROPERTY_SHAPES.Environment!, Policies: samPolicies, Timeout: fc.nat(30), DeadLetterQueue: PROPERTY_SHAPES.DeadLetterQueue!, Events: PROPERTY_SHAPES.Events! })),
    Api: value,
    HttpApi: value,
    StateMachine: either(partial({ Definition: PROPERTY_SHAPES.Definition!, Policies: samPolicies })),
  })),
  Resources: resources,
}).map((document) => ({ ...document, Resources: document.Resources ?? { Only: { Type: 'AWS::SQS::Queue' } } }))

const parameters: fc.Arbitrary<Record<string, string> | undefined> = fc.option(
  fc.record({ Param: fc.constantFrom('prod', 'dev'), NoDefault: fc.string({ maxLength: 4 }), ListParam: fc.constantFrom('x,y', '') }, { requiredKeys: [] }),
  { nil: undefined },
)

function serialize(document: unknown, asYaml: boolean): ReaderInput {
  return asYaml ? { file: 'template.yaml', text: toYaml(document) } : { file: 'template.json', text: JSON.stringify(document, null, 2) }
}

describe('(d) structured templates with real types and random intrinsics', () => {
  it('read without any error, every node and edge located, every edge between nodes of the graph', async () => {
    await fc.assert(
      fc.asyncProperty(template, fc.boolean(), parameters, async (document, asYaml, fixed) => {
        await readerHolds({ ...serialize(document, asYaml), parameters: fixed }, { mustRead: true })
      }),
      assertOptions(),
    )
  }, TEST_TIMEOUT)

  type Defect = 'no-type' | 'type-not-string' | 'no-resources' | 'unknown-intrinsic'
  const defect = fc.constantFrom<Defect>('no-type', 'type-not-string', 'no-resources', 'unknown-intrinsic')

  it('with one structural defect: a UserError, located where the defect is', async () => {
    await fc.assert(
      fc.asyncProperty(template, fc.boolean(), defect, fc.nat(), async (document, asYaml, kind, at) => {
        const broken = structuredClone(document) as { Resources: Record<string, Record<string, unknown>> }
        const ids = Object.keys(broken.Resources).filter((key) => !key.startsWith('Fn::ForEach::'))
        const id = ids[at % ids.length]!
        if (kind === 'no-type') delete broken.Resources[id]!.Type
        if (kind === 'type-not-string') broken.Resources[id]!.Type = ['AWS::SQS::Queue']
        if (kind === 'no-resources') broken.Resources = {}
        if (kind === 'unknown-intrinsic') broken.Resources[id]!.Properties = { ...(Object(broken.Resources[id]!.Properties) as object), Broken: { 'Fn::Nope': 1 } }
        const input = serialize(broken, asYaml)
        const outcome = await sandbox.run(input)
        checkContract(input, outcome)
        expect(outcome.kind, describeOutcome(outcome)).toBe('user')
        if (outcome.kind !== 'user') return
        const lines = input.text.split('\n')
        if (kind === 'unknown-intrinsic') {
          expect(outcome.message).toBe('unknown intrinsic function Fn::Nope')
          // The line that spells Fn::Nope (there is exactly one).
          expect(outcome.location?.line).toBe(lines.findIndex((line) => line.includes('Fn::Nope')) + 1)
        } else if (kind === 'no-resources') {
          expect(outcome.message).toBe('template has no Resources')
        } else {
          // The first resource without a string Type in document order is the one reported.
          expect(outcome.message).toMatch(/^resource \S+ has no Type$/)
          expect(outcome.location?.line).toBeGreaterThanOrEqual(1)
        }
      }),
      assertOptions(),
    )
  }, TEST_TIMEOUT)
})

// ---------------------------------------------------------------------------------------------
// Regressions: inputs the properties above (or reading the code) turned up
// ---------------------------------------------------------------------------------------------

/** `constructor`, `toString`, `__proto__`, `hasOwnProperty`, ...: names a lookup table must not find. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort()

describe('regressions', () => {
  it.each([
    ['a resource Type', (name: string) => `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Odd:\n    Type: ${name}\n`],
    ['a SAM event Type', (name: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Odd:\n          Type: ${name}\n`],
    ['a SAM policy template name', (name: string) => `Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - ${name}: { QueueName: orders }\n  Q:\n    Type: AWS::SQS::Queue\n`],
    ['a Globals section and a resource Type', (name: string) => `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: { Timeout: 3 }\n  '[object Object]': { Timeout: 3 }\nResources:\n  Odd:\n    Type: ${name}\n`],
    ['a mapping name in Fn::FindInMap', (name: string) => `Mappings:\n  Names: { dev: { Queue: orders } }\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !FindInMap [${name}, name, length]\n`],
  ])('Object.prototype member names as %s are ordinary names', async (_slot, build) => {
    const failures: string[] = []
    for (const name of PROTOTYPE_NAMES) {
      const input = { file: 'template.yaml', text: build(name) }
      const outcome = await sandbox.run({ ...input, render: true })
      if (outcome.kind === 'bug' || outcome.kind === 'timeout') failures.push(`${name}: ${describeOutcome(outcome).split('\n').slice(0, 3).join(' | ')}`)
    }
    expect(failures, failures.join('\n')).toEqual([])
  }, TEST_TIMEOUT)

  it('a resource whose Type names an Object.prototype member is a node of kind "other"', async () => {
    const outcome = await sandbox.run({ file: 'template.yaml', text: 'Resources:\n  Odd:\n    Type: toString\n' })
    expect(outcome.kind, describeOutcome(outcome)).toBe('ok')
    if (outcome.kind === 'ok') expect(outcome.nodes).toEqual([expect.objectContaining({ id: 'Odd', type: 'toString', kind: 'other' })])
  })

  it.each([
    ['a resource Type that is a map with a "toString" key', '{"Resources": {"Queue": {"Type": {"toString": 0}}}}'],
    ['a resource Type that is a map with "valueOf" and "toString" keys', '{"Resources": {"Queue": {"Type": {"valueOf": 1, "toString": 0}}}}'],
    ['a parameter Type that is a map with a "toString" key', '{"Parameters": {"Stage": {"Type": {"toString": 0}, "Default": "dev"}}, "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}'],
  ])('%s is never converted to a string by JavaScript', async (_name, text) => {
    const input = { file: 'template.json', text }
    checkContract(input, await sandbox.run(input))
  })

  it('an IAM action with many wildcards is matched in linear time (no regex backtracking)', async () => {
    const input = { file: 'test/fixtures/bad/iam-action-wildcards.yaml', text: readFileSync('test/fixtures/bad/iam-action-wildcards.yaml', 'utf8') }
    const outcome = await sandbox.run(input)
    checkContract(input, outcome)
  }, 30_000)

  it.each([1_000, 5_000, 20_000])('a chain of %i conditions (each !Condition the next) reads without exhausting the stack', async (count) => {
    const lines = ['Conditions:']
    for (let index = 0; index < count; index++) lines.push(`  C${index}: !Condition C${index + 1}`)
    lines.push(`  C${count}: !Equals [a, a]`, 'Resources:', '  Queue:', '    Type: AWS::SQS::Queue', '    Condition: C0')
    const input = { file: 'template.yaml', text: lines.join('\n') + '\n' }
    checkContract(input, await sandbox.run(input))
  }, 30_000)

  it('a chain of conditions through Fn::If inside Fn::Equals reads without exhausting the stack', async () => {
    const count = 5_000
    const lines = ['Conditions:']
    for (let index = 0; index < count; index++) lines.push(`  C${index}: !Equals [!If [C${index + 1}, a, b], a]`)
    lines.push(`  C${count}: !Equals [a, a]`, 'Resources:', '  Queue:', '    Type: AWS::SQS::Queue', '    Condition: C0')
    const input = { file: 'template.yaml', text: lines.join('\n') + '\n' }
    checkContract(input, await sandbox.run(input))
  }, 30_000)

  // Resource exhaustion by amplification: a small template that makes the reader copy one big value
  // thousands of times. A budget (like the alias-expansion limit) must refuse it fast with a UserError.
  const numbers = (count: number) => `[${Array.from({ length: count }, (_, index) => index).join(',')}]`
  const items = (count: number) => `[${Array.from({ length: count }, (_, index) => `i${index}`).join(', ')}]`

  it('nested Fn::ForEach loops copying a 20,000-value body 10,000 times (a 110 KB template): read or refused within 15 s', async () => {
    const text = ['Transform: AWS::LanguageExtensions', 'Resources:', '  Fn::ForEach::Outer:', '    - X', `    - ${items(100)}`, '    - Fn::ForEach::Inner:',
      '        - Y', `        - ${items(100)}`, '        - Q${X}x${Y}:', '            Type: AWS::SQS::Queue', '            Properties:', `              Tags: ${numbers(20_000)}`].join('\n') + '\n'
    const input = { file: 'template.yaml', text }
    // Generous limits: they catch runaway (quadratic, exponential) work, not a slow shared machine.
    checkContract(input, await sandbox.run(input, 15_000), { budgetMilliseconds: 15_000 })
  }, 60_000)

  it('SAM Globals with a 60,000-value list merged into 4,000 functions (a 500 KB template): read or refused within 15 s', async () => {
    const lines = ['Transform: AWS::Serverless-2016-10-31', 'Globals:', '  Function:', `    Layers: ${numbers(60_000)}`, 'Resources:']
    for (let index = 0; index < 4_000; index++) lines.push(`  F${index}: { Type: AWS::Serverless::Function }`)
    const input = { file: 'template.yaml', text: lines.join('\n') + '\n' }
    // Generous limits: they catch runaway (quadratic, exponential) work, not a slow shared machine.
    checkContract(input, await sandbox.run(input, 15_000), { budgetMilliseconds: 15_000 })
  }, 60_000)

  it('15,000 HTTP API integrations and routes (a 4 MB template) are read within 30 s (no quadratic route lookup)', async () => {
    const lines = ['Resources:', '  Api:', '    Type: AWS::ApiGatewayV2::Api', '  Fn:', '    Type: AWS::Lambda::Function']
    for (let index = 0; index < 15_000; index++) {
      lines.push(`  I${index}:`, '    Type: AWS::ApiGatewayV2::Integration', '    Properties:', '      ApiId: !Ref Api', '      IntegrationUri: !GetAtt Fn.Arn',
        `  R${index}:`, '    Type: AWS::ApiGatewayV2::Route', '    Properties:', '      ApiId: !Ref Api', `      RouteKey: GET /${index}`, `      Target: !Sub integrations/\${I${index}}`)
    }
    const input = { file: 'template.yaml', text: lines.join('\n') + '\n' }
    checkContract(input, await sandbox.run(input, 30_000), { mustRead: true, budgetMilliseconds: 30_000 })
  }, 90_000)

  it('a YAML flow-style template in a .yaml file is read as YAML', async () => {
    // Valid YAML (a flow mapping), not valid JSON: the first character alone must not decide.
    const outcome = await sandbox.run({ file: 'template.yaml', text: '{Resources: {Queue: {Type: AWS::SQS::Queue}}}\n' })
    expect(outcome.kind, describeOutcome(outcome)).toBe('ok')
  })
})
