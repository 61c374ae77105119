#!/usr/bin/env node
// Deterministic generator of a realistic AWS SAM template with N functions, for the lint,
// graph and estimate benchmarks.
//
//   node test/bench/gen-sam.js 1000 > out.yaml      # seed 42 by default
//   node test/bench/gen-sam.js 50 --seed 7 --stats   # counts on stderr
//
//   import { generateSamTemplate, describeSamTemplate } from './gen-sam.js'
//   const yaml = generateSamTemplate(1000)            // same string on every call
//
// Shape: functions come in "domains" (Orders, Payments, ...) of up to 8, each domain with a
// DynamoDB table (stream enabled) and an SNS topic, and these function slots in this order:
//   0 Create   HttpApi POST /orders        DynamoDBCrudPolicy + SNSPublishMessagePolicy
//   1 Get      HttpApi GET /orders/{id}    DynamoDBReadPolicy
//   2 Process  SQS worker: queue + DLQ (redrive), batch, partial failures
//   3 Notify   SNS subscription with a filter policy
//   4 List     HttpApi GET /orders         DynamoDBReadPolicy
//   5 Sync     DynamoDB stream consumer, on-failure destination to an SQS DLQ
//   6 Index    SQS worker on a queue fanned out from the topic (SNS::Subscription + QueuePolicy)
//   7 Cleanup  Schedule rate(...), Python (the rest use the Globals' Node.js runtime)
// Every 4th domain (with at least 3 functions) has a Step Functions state machine that invokes
// the Get and Process functions and publishes to the topic. Routes are spread over one HTTP API
// per 16 domains. Sizes, timeouts, batch sizes, billing modes and such are drawn from a seeded
// PRNG, so the output depends only on (n, seed). Any n >= 1 is accepted; with n >= 8 every
// kind above is present.
//
// No dependencies: the YAML is written by a small emitter that knows the CloudFormation
// short-form tags (!Ref, !GetAtt, !Sub).

import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const DOMAINS = [
  ['Orders', 'Order'], ['Payments', 'Payment'], ['Users', 'User'], ['Inventory', 'Item'],
  ['Shipments', 'Shipment'], ['Notifications', 'Notification'], ['Catalog', 'Product'],
  ['Reviews', 'Review'], ['Carts', 'Cart'], ['Invoices', 'Invoice'], ['Subscriptions', 'Subscription'],
  ['Accounts', 'Account'], ['Sessions', 'Session'], ['Media', 'Asset'], ['Coupons', 'Coupon'],
  ['Returns', 'Return'], ['Warehouses', 'Warehouse'], ['Suppliers', 'Supplier'], ['Loyalty', 'Reward'],
  ['Tickets', 'Ticket'], ['Audits', 'Audit'], ['Reports', 'Report'], ['Quotes', 'Quote'], ['Refunds', 'Refund'],
]
const SLOTS = ['Create', 'Get', 'Process', 'Notify', 'List', 'Sync', 'Index', 'Cleanup']
const DOMAINS_PER_API = 16

// ---------------------------------------------------------------------------------------------
// YAML emitter

class Tag {
  constructor(tag, value) {
    this.tag = tag
    this.value = value
  }
}
const Ref = (id) => new Tag('!Ref', id)
const GetAtt = (id, attr) => new Tag('!GetAtt', `${id}.${attr}`)
const Sub = (s) => new Tag('!Sub', s)

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i
const PLAIN = /^[A-Za-z_\/$][A-Za-z0-9_.\-\/$:(){}?* ,=+@]*$/

function str(s) {
  if (PLAIN.test(s) && !RESERVED.test(s) && !s.includes(': ') && !s.includes(' #') && !/[: ]$/.test(s)) return s
  return `'${s.replaceAll("'", "''")}'`
}

function isScalar(v) {
  return v instanceof Tag || v === null || typeof v !== 'object'
}

function scalar(v) {
  if (v instanceof Tag) return `${v.tag} ${scalar(v.value)}`
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return str(v)
  throw new Error(`cannot emit ${typeof v}`)
}

function emit(value, indent, out) {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalar(item)) {
        out.push(`${pad}- ${scalar(item)}`)
      } else {
        const sub = []
        emit(item, indent + 2, sub)
        sub[0] = `${pad}- ${sub[0].slice(indent + 2)}`
        out.push(...sub)
      }
    }
    return
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue
    if (isScalar(v)) out.push(`${pad}${str(k)}: ${scalar(v)}`)
    else if (Array.isArray(v) && v.length === 0) out.push(`${pad}${str(k)}: []`)
    else if (!Array.isArray(v) && Object.keys(v).length === 0) out.push(`${pad}${str(k)}: {}`)
    else {
      out.push(`${pad}${str(k)}:`)
      emit(v, indent + 2, out)
    }
  }
}

export function toYaml(doc) {
  const out = []
  emit(doc, 0, out)
  return out.join('\n') + '\n'
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32)

function prng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  }
}

// ---------------------------------------------------------------------------------------------
// Template

function domainName(d) {
  const [plural, singular] = DOMAINS[d % DOMAINS.length]
  const k = Math.floor(d / DOMAINS.length)
  const suffix = k === 0 ? '' : String(k + 1)
  return { D: plural + suffix, E: singular, path: plural.toLowerCase() + suffix, svc: plural.toLowerCase() + suffix }
}

function buildTemplate(n, seed) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`number of functions must be a positive integer, got ${n}`)
  const rnd = prng(seed)
  const resources = {}
  const outputs = {}
  const counts = { functions: 0, httpRoutes: 0, httpApis: 0, queues: 0, topics: 0, subscriptions: 0, tables: 0, stateMachines: 0, scheduled: 0, streamConsumers: 0 }
  const byKind = {}
  const domains = Math.ceil(n / SLOTS.length)

  for (let d = 0; d < domains; d++) {
    const { D, E, path, svc } = domainName(d)
    const size = Math.min(SLOTS.length, n - d * SLOTS.length)
    const table = `${D}Table`
    const topic = `${D}EventsTopic`
    const api = d < DOMAINS_PER_API ? 'HttpApi' : `HttpApi${Math.floor(d / DOMAINS_PER_API) + 1}`
    const fn = (slot) => `${D}${SLOTS[slot]}Function`

    if (d % DOMAINS_PER_API === 0 && !resources[api]) {
      resources[api] = {
        Type: 'AWS::Serverless::HttpApi',
        Properties: {
          StageName: Ref('Stage'),
          CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET', 'POST', 'PUT', 'DELETE'], AllowHeaders: ['content-type', 'authorization'], MaxAge: 600 },
          DefaultRouteSettings: { ThrottlingBurstLimit: rnd.pick([200, 500, 1000]), ThrottlingRateLimit: rnd.pick([100, 250, 500]) },
        },
      }
      outputs[`${api}Url`] = {
        Description: `Invoke URL of ${api}`,
        Value: Sub(`https://\${${api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/\${Stage}`),
      }
      counts.httpApis++
    }

    // Table, with a stream for the Sync consumer; a few provisioned tables and GSIs for the estimator.
    const provisioned = rnd.chance(0.2)
    const withGsi = rnd.chance(0.4)
    const attrs = [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }]
    if (withGsi) attrs.push({ AttributeName: 'gsi1pk', AttributeType: 'S' })
    const capacity = () => ({ ReadCapacityUnits: rnd.pick([5, 10, 25, 50]), WriteCapacityUnits: rnd.pick([5, 10, 25]) })
    resources[table] = {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
        ProvisionedThroughput: provisioned ? capacity() : undefined,
        AttributeDefinitions: attrs,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        GlobalSecondaryIndexes: withGsi
          ? [{
              IndexName: 'gsi1',
              KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
              Projection: { ProjectionType: 'ALL' },
              ProvisionedThroughput: provisioned ? capacity() : undefined,
            }]
          : undefined,
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: rnd.chance(0.5) ? { AttributeName: 'expiresAt', Enabled: true } : undefined,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        Tags: [{ Key: 'service', Value: svc }],
      },
    }
    counts.tables++

    resources[topic] = {
      Type: 'AWS::SNS::Topic',
      Properties: { KmsMasterKeyId: 'alias/aws/sns', Tags: [{ Key: 'service', Value: svc }] },
    }
    counts.topics++

    const queueWithDlq = (name, fnTimeout) => {
      resources[`${name}DLQ`] = {
        Type: 'AWS::SQS::Queue',
        Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
      }
      resources[`${name}Queue`] = {
        Type: 'AWS::SQS::Queue',
        Properties: {
          VisibilityTimeout: fnTimeout * 6,
          MessageRetentionPeriod: rnd.pick([345600, 604800, 1209600]),
          SqsManagedSseEnabled: true,
          RedrivePolicy: { deadLetterTargetArn: GetAtt(`${name}DLQ`, 'Arn'), maxReceiveCount: rnd.pick([3, 5, 10]) },
        },
      }
      counts.queues += 2
    }

    const baseEnv = () => ({ POWERTOOLS_SERVICE_NAME: svc, TABLE_NAME: Ref(table) })
    const fnProps = (slot, extra) => ({
      Type: 'AWS::Serverless::Function',
      Properties: {
        CodeUri: `functions/${svc}/`,
        Handler: `${SLOTS[slot].toLowerCase()}.handler`,
        Description: `${SLOTS[slot]} ${E.toLowerCase()}s`,
        ...extra,
      },
    })
    const httpFn = (slot, method, routePath, policies, env) => {
      resources[fn(slot)] = fnProps(slot, {
        MemorySize: rnd.pick([256, 512, 512, 1024]),
        Timeout: rnd.pick([6, 10, 15, 29]),
        Environment: { Variables: env },
        Policies: policies,
        Events: { [`${SLOTS[slot]}${E}Route`]: { Type: 'HttpApi', Properties: { ApiId: Ref(api), Path: routePath, Method: method } } },
      })
      counts.httpRoutes++
    }
    const readPolicy = () => [{ DynamoDBReadPolicy: { TableName: Ref(table) } }]

    for (let slot = 0; slot < size; slot++) {
      switch (slot) {
        case 0:
          httpFn(0, 'POST', `/${path}`, [
            { DynamoDBCrudPolicy: { TableName: Ref(table) } },
            { SNSPublishMessagePolicy: { TopicName: GetAtt(topic, 'TopicName') } },
          ], { ...baseEnv(), TOPIC_ARN: Ref(topic) })
          break
        case 1:
          httpFn(1, 'GET', `/${path}/{id}`, readPolicy(), { ...baseEnv(), CACHE_TTL_SECONDS: String(rnd.pick([0, 30, 300])) })
          break
        case 4:
          httpFn(4, 'GET', `/${path}`, readPolicy(), { ...baseEnv(), PAGE_SIZE: String(rnd.pick([25, 50, 100])) })
          break
        case 2:
        case 6: {
          const timeout = rnd.pick([30, 60, 120, 300])
          const qname = `${D}${SLOTS[slot]}`
          queueWithDlq(qname, timeout)
          const batch = rnd.pick([1, 5, 10])
          resources[fn(slot)] = fnProps(slot, {
            MemorySize: rnd.pick([512, 1024, 1769, 2048]),
            Timeout: timeout,
            ReservedConcurrentExecutions: rnd.chance(0.25) ? rnd.pick([5, 10, 25, 50]) : undefined,
            Environment: { Variables: { ...baseEnv(), QUEUE_URL: Ref(`${qname}Queue`) } },
            Policies: [{ DynamoDBCrudPolicy: { TableName: Ref(table) } }],
            Events: {
              [`${qname}Messages`]: {
                Type: 'SQS',
                Properties: {
                  Queue: GetAtt(`${qname}Queue`, 'Arn'),
                  BatchSize: batch,
                  MaximumBatchingWindowInSeconds: batch > 1 ? rnd.pick([0, 5, 20]) : undefined,
                  FunctionResponseTypes: ['ReportBatchItemFailures'],
                },
              },
            },
          })
          if (slot === 6) {
            // Fan-out: the topic delivers to this queue.
            resources[`${qname}Subscription`] = {
              Type: 'AWS::SNS::Subscription',
              Properties: { TopicArn: Ref(topic), Protocol: 'sqs', Endpoint: GetAtt(`${qname}Queue`, 'Arn'), RawMessageDelivery: true },
            }
            resources[`${qname}QueuePolicy`] = {
              Type: 'AWS::SQS::QueuePolicy',
              Properties: {
                Queues: [Ref(`${qname}Queue`)],
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{
                    Effect: 'Allow',
                    Principal: { Service: 'sns.amazonaws.com' },
                    Action: 'sqs:SendMessage',
                    Resource: GetAtt(`${qname}Queue`, 'Arn'),
                    Condition: { ArnEquals: { 'aws:SourceArn': Ref(topic) } },
                  }],
                },
              },
            }
            counts.subscriptions++
          }
          break
        }
        case 3:
          resources[fn(3)] = fnProps(3, {
            MemorySize: 256,
            Timeout: rnd.pick([10, 30]),
            Environment: { Variables: { POWERTOOLS_SERVICE_NAME: svc, SENDER_ADDRESS: `no-reply+${svc}@example.com` } },
            Events: {
              [`${E}Events`]: {
                Type: 'SNS',
                Properties: { Topic: Ref(topic), FilterPolicy: { eventType: [`${E.toUpperCase()}_CREATED`, `${E.toUpperCase()}_UPDATED`] } },
              },
            },
          })
          counts.subscriptions++
          break
        case 5: {
          const dlq = `${D}SyncFailures`
          resources[dlq] = { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true } }
          counts.queues++
          resources[fn(5)] = fnProps(5, {
            MemorySize: rnd.pick([256, 512]),
            Timeout: 60,
            Environment: { Variables: { ...baseEnv(), TOPIC_ARN: Ref(topic) } },
            Policies: [{ SNSPublishMessagePolicy: { TopicName: GetAtt(topic, 'TopicName') } }],
            Events: {
              [`${table}Stream`]: {
                Type: 'DynamoDB',
                Properties: {
                  Stream: GetAtt(table, 'StreamArn'),
                  StartingPosition: 'LATEST',
                  BatchSize: rnd.pick([10, 100, 500]),
                  MaximumRetryAttempts: 3,
                  BisectBatchOnFunctionError: true,
                  DestinationConfig: { OnFailure: { Type: 'SQS', Destination: GetAtt(dlq, 'Arn') } },
                },
              },
            },
          })
          counts.streamConsumers++
          break
        }
        case 7:
          resources[fn(7)] = fnProps(7, {
            Runtime: 'python3.13',
            CodeUri: `jobs/${svc}/`,
            MemorySize: 512,
            Timeout: rnd.pick([60, 300, 900]),
            Environment: { Variables: { ...baseEnv(), RETENTION_DAYS: String(rnd.pick([7, 30, 90])) } },
            Policies: [{ DynamoDBCrudPolicy: { TableName: Ref(table) } }],
            Events: { [`${D}CleanupSchedule`]: { Type: 'Schedule', Properties: { Schedule: rnd.pick(['rate(1 hour)', 'rate(6 hours)', 'cron(15 3 * * ? *)']), Enabled: true } } },
          })
          counts.scheduled++
          break
      }
      counts.functions++
      byKind[SLOTS[slot]] = (byKind[SLOTS[slot]] ?? 0) + 1
    }

    if (d % 4 === 0 && size >= 3) {
      const task = (fnArnVar, next) => ({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: `\${${fnArnVar}}`, 'Payload.$': '$' },
        OutputPath: '$.Payload',
        Retry: [{ ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        Next: next,
      })
      resources[`${D}WorkflowStateMachine`] = {
        Type: 'AWS::Serverless::StateMachine',
        Properties: {
          Type: 'STANDARD',
          Tracing: { Enabled: true },
          DefinitionSubstitutions: {
            LoadFunctionArn: GetAtt(fn(1), 'Arn'),
            ProcessFunctionArn: GetAtt(fn(2), 'Arn'),
            TopicArn: Ref(topic),
          },
          Definition: {
            Comment: `${E} fulfilment workflow`,
            StartAt: 'Load',
            States: {
              Load: task('LoadFunctionArn', 'IsReady'),
              IsReady: {
                Type: 'Choice',
                Choices: [{ Variable: '$.status', StringEquals: 'READY', Next: 'Process' }],
                Default: 'Wait',
              },
              Wait: { Type: 'Wait', Seconds: 60, Next: 'Load' },
              Process: task('ProcessFunctionArn', 'Publish'),
              Publish: {
                Type: 'Task',
                Resource: 'arn:aws:states:::sns:publish',
                Parameters: { TopicArn: '${TopicArn}', 'Message.$': '$' },
                End: true,
              },
              Failed: { Type: 'Fail', Error: `${E}WorkflowFailed` },
            },
          },
          Policies: [
            { LambdaInvokePolicy: { FunctionName: Ref(fn(1)) } },
            { LambdaInvokePolicy: { FunctionName: Ref(fn(2)) } },
            { SNSPublishMessagePolicy: { TopicName: GetAtt(topic, 'TopicName') } },
          ],
          Events: { [`${D}WorkflowSchedule`]: { Type: 'Schedule', Properties: { Schedule: 'rate(1 day)' } } },
        },
      }
      counts.stateMachines++
    }
  }

  const doc = {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    Description: `lambdawise benchmark fixture: ${n} functions (gen-sam.js, seed ${seed})`,
    Parameters: {
      Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'staging', 'prod'] },
      LogLevel: { Type: 'String', Default: 'INFO', AllowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'] },
    },
    Globals: {
      Function: {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 10,
        Tracing: 'Active',
        Environment: { Variables: { STAGE: Ref('Stage'), LOG_LEVEL: Ref('LogLevel'), NODE_OPTIONS: '--enable-source-maps' } },
        Tags: { app: 'lambdawise-bench' },
      },
    },
    Resources: resources,
    Outputs: outputs,
  }
  counts.resources = Object.keys(resources).length
  return { doc, counts: { ...counts, byKind } }
}

/** The SAM template with `n` functions, as YAML. Deterministic for a given (n, seed). */
export function generateSamTemplate(n, { seed = 42 } = {}) {
  return toYaml(buildTemplate(n, seed).doc)
}

/** Counts of what generateSamTemplate(n) contains (functions by slot, queues, routes, ...). */
export function describeSamTemplate(n, { seed = 42 } = {}) {
  return buildTemplate(n, seed).counts
}

function isMain() {
  if (!process.argv[1]) return false
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isMain()) {
  const args = process.argv.slice(2)
  let seed = 42
  let stats = false
  const positional = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--seed') seed = Number(args[++i])
    else if (args[i].startsWith('--seed=')) seed = Number(args[i].slice(7))
    else if (args[i] === '--stats') stats = true
    else positional.push(args[i])
  }
  const n = Number(positional[0])
  if (positional.length !== 1 || !Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) {
    console.error('usage: node test/bench/gen-sam.js N [--seed S] [--stats] > template.yaml')
    process.exit(2)
  }
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0) // e.g. `| head`
    throw err
  })
  process.stdout.write(generateSamTemplate(n, { seed }))
  if (stats) console.error(JSON.stringify(describeSamTemplate(n, { seed })))
}
