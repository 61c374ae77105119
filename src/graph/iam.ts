import type { Location, Path } from '../template/positions.js'
import type { Template, TemplateResource } from '../template/template.js'
import { asArray, asMap, asString, Conditional, possibleValues, type Value } from '../template/values.js'
import type { BuildContext } from './context.js'
import { AWS_SERVICE_BY_KIND, MESSAGING_KINDS } from './kinds.js'
import type { EdgeMode, GraphNode, NodeKind } from './types.js'
import { own } from '../util/own.js'

/** One Allow statement: what it permits on which resources, and where it is written. */
export interface PolicyStatement {
  actions: string[]
  resources: Value[]
  location: Location
  condition?: string
}

/** Actions that hand a message or event over and return at once (the receiver works later). */
const ASYNC_ACTIONS = [
  'sqs:SendMessage', 'sqs:SendMessageBatch', 'sns:Publish', 'sns:PublishBatch', 'events:PutEvents', 'states:StartExecution',
  'kinesis:PutRecord', 'kinesis:PutRecords', 'firehose:PutRecord', 'firehose:PutRecordBatch', 'lambda:InvokeAsync', 'scheduler:CreateSchedule',
]

/**
 * The mode of a call from compute to a resource. With the actions known (IAM), it is async when
 * any of them hands a message over (send, publish, put events, start a standard workflow) — except
 * that permission to invoke a function synchronously keeps it sync; reading from a queue waits, so
 * it is sync. Without actions (an environment variable), the target's kind decides: sending to a
 * queue, topic, bus or stream, or starting a workflow, never waits for the consumer.
 */
export function callMode(target: NodeKind, actions: readonly string[] = []): EdgeMode {
  if (actions.length === 0) return MESSAGING_KINDS.has(target) || target === 'state-machine' ? 'async' : 'sync'
  // Lower-cased once here rather than in every comparison: this runs for every policy edge.
  const patterns = actions.map((action) => action.toLowerCase())
  if (target === 'function' && patterns.some((pattern) => wildcardMatch(pattern, 'lambda:invokefunction'))) return 'sync'
  if (target === 'state-machine' && patterns.some((pattern) => pattern.endsWith('startsyncexecution'))) return 'sync'
  return ASYNC_ACTIONS_LOWER.some((known) => patterns.some((pattern) => wildcardMatch(pattern, known))) ? 'async' : 'sync'
}

const ASYNC_ACTIONS_LOWER = ASYNC_ACTIONS.map((action) => action.toLowerCase())

/** IAM action matching: case-insensitive, `*` and `?` wildcards (`sqs:Send*`, `sqs:*`, `*`). */
export function matchesAction(pattern: string, action: string): boolean {
  return wildcardMatch(pattern.toLowerCase(), action.toLowerCase())
}

/**
 * Glob matching in linear time (two pointers, backtracking only to the last `*`): a regular
 * expression built from a user's `lambda:*****z` would backtrack exponentially.
 */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let star = -1
  let resume = 0
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++
      t++
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++
      resume = t
    } else if (star >= 0) {
      p = star + 1
      t = ++resume
    } else {
      return false
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
}

/** Statements of a policy document, with their locations (a statement under `Fn::If` keeps its condition). */
export function statementsOf(document: Value | undefined, locate: (path: Path) => Location, basePath: Path): PolicyStatement[] {
  const statements: PolicyStatement[] = []
  const list = asMap(document)?.Statement
  asArray(list).forEach((raw, index) => {
    const path = Array.isArray(list) ? [...basePath, 'Statement', index] : [...basePath, 'Statement']
    const condition = raw instanceof Conditional ? raw.condition : undefined
    for (const candidate of possibleValues(raw)) {
      const statement = asMap(candidate)
      if (!statement || statement.Effect === 'Deny') continue
      const actions = asArray(statement.Action).map(asString).filter((action): action is string => action !== undefined)
      statements.push({ actions, resources: asArray(statement.Resource), location: locate(path), ...(condition ? { condition } : {}) })
    }
  })
  return statements
}

/** Policies attached to each role: inline on the role and `AWS::IAM::Policy`/`ManagedPolicy` resources naming it. */
export class RolePolicies {
  private readonly byRole = new Map<string, PolicyStatement[]>()

  constructor(template: Template, context: BuildContext) {
    const locateIn = (resource: TemplateResource) => (path: Path) => template.locateProperty(resource.id, path)
    for (const resource of template.resources.values()) {
      if (resource.type === 'AWS::IAM::Role') {
        asArray(resource.properties.Policies).forEach((policy, index) => {
          this.add(resource.id, statementsOf(asMap(policy)?.PolicyDocument, locateIn(resource), ['Policies', index, 'PolicyDocument']))
        })
      } else if (resource.type === 'AWS::IAM::Policy' || resource.type === 'AWS::IAM::ManagedPolicy') {
        const statements = statementsOf(resource.properties.PolicyDocument, locateIn(resource), ['PolicyDocument'])
        for (const target of context.targets(resource.properties.Roles, ['role'])) this.add(target.node.logicalId, statements)
      }
    }
  }

  private add(roleId: string, statements: PolicyStatement[]): void {
    const list = this.byRole.get(roleId) ?? []
    for (const statement of statements) list.push(statement)
    this.byRole.set(roleId, list)
  }

  of(roleId: string): PolicyStatement[] {
    return this.byRole.get(roleId) ?? []
  }
}

/** `may-call` edges from a function or state machine to what its statements name. */
export function addStatementEdges(context: BuildContext, from: GraphNode, statements: readonly PolicyStatement[]): void {
  for (const statement of statements) {
    for (const resource of statement.resources) {
      for (const target of context.targets(resource)) {
        if (target.node.kind === 'role' || target.node.kind === 'policy' || target.node.kind === 'log-group') continue
        const actions = statement.actions.filter((action) => actionAppliesTo(action, target.node.kind))
        if (statement.actions.length > 0 && actions.length === 0) continue
        context.edge({
          from,
          to: target.node,
          mode: callMode(target.node.kind, actions),
          via: 'iam',
          kind: 'may-call',
          location: statement.location,
          actions,
          ...(target.condition ?? statement.condition ? { condition: target.condition ?? statement.condition } : {}),
        })
      }
    }
  }
}

function actionAppliesTo(action: string, kind: NodeKind): boolean {
  if (action === '*') return true
  const service = AWS_SERVICE_BY_KIND[kind]
  return !service || action.split(':')[0]?.toLowerCase() === service
}

interface PolicyTemplate {
  parameter: string
  kinds: NodeKind[]
  actions: string[]
}

/**
 * The SAM policy templates that name a resource, with the parameter that names it and the
 * main actions they grant. https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html
 */
const POLICY_TEMPLATES: Record<string, PolicyTemplate> = {
  SQSSendMessagePolicy: { parameter: 'QueueName', kinds: ['queue'], actions: ['sqs:SendMessage*'] },
  SQSPollerPolicy: { parameter: 'QueueName', kinds: ['queue'], actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'] },
  SNSPublishMessagePolicy: { parameter: 'TopicName', kinds: ['topic'], actions: ['sns:Publish'] },
  SNSCrudPolicy: { parameter: 'TopicName', kinds: ['topic'], actions: ['sns:Publish', 'sns:Subscribe', 'sns:CreateTopic'] },
  LambdaInvokePolicy: { parameter: 'FunctionName', kinds: ['function'], actions: ['lambda:InvokeFunction'] },
  DynamoDBCrudPolicy: { parameter: 'TableName', kinds: ['table'], actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan'] },
  DynamoDBReadPolicy: { parameter: 'TableName', kinds: ['table'], actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem'] },
  DynamoDBWritePolicy: { parameter: 'TableName', kinds: ['table'], actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'] },
  DynamoDBReconfigurePolicy: { parameter: 'TableName', kinds: ['table'], actions: ['dynamodb:UpdateTable'] },
  DynamoDBRestoreFromBackupPolicy: { parameter: 'TableName', kinds: ['table'], actions: ['dynamodb:RestoreTableFromBackup'] },
  DynamoDBBackupFullAccessPolicy: { parameter: 'TableName', kinds: ['table'], actions: ['dynamodb:CreateBackup'] },
  DynamoDBStreamReadPolicy: { parameter: 'TableName', kinds: ['table'], actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator'] },
  S3ReadPolicy: { parameter: 'BucketName', kinds: ['bucket'], actions: ['s3:GetObject', 's3:ListBucket'] },
  S3WritePolicy: { parameter: 'BucketName', kinds: ['bucket'], actions: ['s3:PutObject'] },
  S3CrudPolicy: { parameter: 'BucketName', kinds: ['bucket'], actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'] },
  S3FullAccessPolicy: { parameter: 'BucketName', kinds: ['bucket'], actions: ['s3:*'] },
  StepFunctionsExecutionPolicy: { parameter: 'StateMachineName', kinds: ['state-machine'], actions: ['states:StartExecution'] },
  StepFunctionsCallbackPolicy: { parameter: 'StateMachineName', kinds: ['state-machine'], actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'] },
  EventBridgePutEventsPolicy: { parameter: 'EventBusName', kinds: ['event-bus'], actions: ['events:PutEvents'] },
  KinesisCrudPolicy: { parameter: 'StreamName', kinds: ['stream'], actions: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:GetRecords'] },
  KinesisStreamReadPolicy: { parameter: 'StreamName', kinds: ['stream'], actions: ['kinesis:GetRecords', 'kinesis:GetShardIterator'] },
  FirehoseWritePolicy: { parameter: 'DeliveryStreamName', kinds: ['delivery-stream'], actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'] },
  FirehoseCrudPolicy: { parameter: 'DeliveryStreamName', kinds: ['delivery-stream'], actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'] },
  AWSSecretsManagerGetSecretValuePolicy: { parameter: 'SecretArn', kinds: ['secret'], actions: ['secretsmanager:GetSecretValue'] },
  SSMParameterReadPolicy: { parameter: 'ParameterName', kinds: ['parameter'], actions: ['ssm:GetParameter', 'ssm:GetParameters'] },
  SSMParameterWithSlashPrefixReadPolicy: { parameter: 'ParameterName', kinds: ['parameter'], actions: ['ssm:GetParameter', 'ssm:GetParameters'] },
  KMSDecryptPolicy: { parameter: 'KeyId', kinds: ['key'], actions: ['kms:Decrypt'] },
  KMSEncryptPolicy: { parameter: 'KeyId', kinds: ['key'], actions: ['kms:Encrypt'] },
}

/**
 * SAM `Policies`: policy templates (`{SQSSendMessagePolicy: {QueueName: ...}}`) and inline
 * documents (`{Statement: [...]}`); managed policy names grant nothing we can place.
 */
export function samPolicyEdges(context: BuildContext, from: GraphNode, resource: TemplateResource): void {
  asArray(resource.properties.Policies).forEach((entry, index) => {
    const policy = asMap(entry)
    if (!policy) return
    if (policy.Statement !== undefined) {
      addStatementEdges(context, from, statementsOf(policy, (path) => context.at(resource, path), ['Policies', index]))
      return
    }
    for (const [name, parameters] of Object.entries(policy)) {
      const template = own(POLICY_TEMPLATES, name)
      if (!template) continue
      const named = asMap(parameters)?.[template.parameter]
      for (const target of context.targets(named, template.kinds)) {
        context.edge({
          from,
          to: target.node,
          mode: callMode(target.node.kind, template.actions),
          via: 'iam',
          kind: 'may-call',
          location: context.at(resource, ['Policies', index, name]),
          actions: template.actions,
          ...(target.condition ? { condition: target.condition } : {}),
        })
      }
    }
  })
}
