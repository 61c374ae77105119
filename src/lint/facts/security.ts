/**
 * What the security rules ask: which IAM statements a Lambda function's execution role grants
 * (and where each is written), which principals may invoke each function, and where an API
 * route's authorization is decided (the event, the API, SAM Globals, an OpenAPI definition).
 */
import type { Path } from '../../template/positions.js'
import { asRecord } from '../../template/sam.js'
import type { Template, TemplateResource } from '../../template/template.js'
import { asArray, asMap, asString, displayText, possibleValues, referencesIn, Unresolved, type Value, type ValueMap } from '../../template/values.js'
import { own } from '../../util/own.js'

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function'])

// ---------------------------------------------------------------------------------------------
// IAM statements of function roles

/** One Allow statement (one branch of it, under `Fn::If`) that a function's role grants. */
export interface FunctionRoleStatement {
  /** The resource it is written in: the SAM function (inline `Policies`), the role, or the policy. */
  owner: TemplateResource
  /** Path of the statement within the owner's Properties. */
  path: Path
  /** Owner and path: the branches of one conditional statement share it. */
  key: string
  /** Actions known as text (an unresolved action is left out). */
  actions: string[]
  /** Resources known as text. */
  resources: string[]
}

/** Roles that Lambda functions run as: named by a function's `Role`, or trusting `lambda.amazonaws.com`. */
export function lambdaRoleIds(template: Template): Set<string> {
  const roles = new Set<string>()
  for (const resource of template.resources.values()) {
    if (FUNCTION_TYPES.has(resource.type)) {
      for (const reference of referencesIn(resource.properties.Role)) {
        if (template.resources.get(reference.id)?.type === 'AWS::IAM::Role') roles.add(reference.id)
      }
    } else if (resource.type === 'AWS::IAM::Role' && trustsLambda(resource)) {
      roles.add(resource.id)
    }
  }
  return roles
}

function trustsLambda(role: TemplateResource): boolean {
  const statements = asArray(asMap(role.properties.AssumeRolePolicyDocument)?.Statement).flatMap(possibleValues)
  return statements.some((statement) => {
    const services = asArray(asMap(asMap(statement)?.Principal)?.Service).flatMap(possibleValues).map(displayText)
    return services.some((service) => service === 'lambda.amazonaws.com' || service === 'edgelambda.amazonaws.com')
  })
}

/** The Allow statements of a policy document, each branch of an `Fn::If` on its own. */
function statementsIn(owner: TemplateResource, document: Value | undefined, basePath: Path): FunctionRoleStatement[] {
  const list = asMap(document)?.Statement
  const items: [Value, Path][] = Array.isArray(list)
    ? list.map((item, index) => [item, [...basePath, 'Statement', index]])
    : list === undefined ? [] : [[list, [...basePath, 'Statement']]]
  const found: FunctionRoleStatement[] = []
  for (const [raw, path] of items) {
    for (const candidate of possibleValues(raw)) {
      const statement = asMap(candidate)
      if (!statement || asString(statement.Effect) !== 'Allow') continue
      found.push({ owner, path, key: `${owner.id} ${path.join('.')}`, actions: textsOf(statement.Action), resources: textsOf(statement.Resource) })
    }
  }
  return found
}

/** Every text a string-or-list property may hold, through conditions. */
function textsOf(value: Value | undefined): string[] {
  return asArray(value).flatMap(possibleValues).flatMap((item) => (Array.isArray(item) ? item.flatMap(possibleValues) : [item])).map(displayText).filter((text): text is string => text !== undefined)
}

/**
 * The statements granted to Lambda execution roles: SAM function inline `Policies` (when SAM
 * generates the role), inline policies of function roles, and `AWS::IAM::Policy` /
 * `AWS::IAM::ManagedPolicy` attached to them (by `Roles`, or by the role's `ManagedPolicyArns`).
 */
export function functionRoleStatements(template: Template): FunctionRoleStatement[] {
  const roles = lambdaRoleIds(template)
  const statements: FunctionRoleStatement[] = []
  const attachedPolicies = new Set<string>()
  for (const resource of template.resources.values()) {
    const properties = resource.properties
    if (resource.type === 'AWS::Serverless::Function' && properties.Role === undefined) {
      // SAM ignores Policies when Role is given.
      asArray(properties.Policies).forEach((entry, index) => {
        const policy = asMap(entry)
        if (policy?.Statement !== undefined) statements.push(...statementsIn(resource, policy, ['Policies', index]))
      })
    } else if (resource.type === 'AWS::IAM::Role' && roles.has(resource.id)) {
      asArray(properties.Policies).forEach((policy, index) => {
        statements.push(...statementsIn(resource, asMap(policy)?.PolicyDocument, ['Policies', index, 'PolicyDocument']))
      })
      for (const reference of referencesIn(properties.ManagedPolicyArns)) {
        if (template.resources.get(reference.id)?.type === 'AWS::IAM::ManagedPolicy') attachedPolicies.add(reference.id)
      }
    } else if ((resource.type === 'AWS::IAM::Policy' || resource.type === 'AWS::IAM::ManagedPolicy') && referencesIn(properties.Roles).some((reference) => roles.has(reference.id))) {
      attachedPolicies.add(resource.id)
    }
  }
  for (const id of attachedPolicies) {
    const policy = template.resources.get(id)!
    statements.push(...statementsIn(policy, policy.properties.PolicyDocument, ['PolicyDocument']))
  }
  return statements
}

/** The AWS managed policy that allows every action on every resource. */
const ADMINISTRATOR_ACCESS = /(^|:policy\/)AdministratorAccess$/

/** Where a function's role is given the AWS managed `AdministratorAccess` policy. */
export function administratorAccessGrants(template: Template): { owner: TemplateResource; path: Path }[] {
  const roles = lambdaRoleIds(template)
  const grants: { owner: TemplateResource; path: Path }[] = []
  for (const resource of template.resources.values()) {
    const list = resource.type === 'AWS::Serverless::Function' && resource.properties.Role === undefined
      ? { name: 'Policies', value: resource.properties.Policies }
      : resource.type === 'AWS::IAM::Role' && roles.has(resource.id) ? { name: 'ManagedPolicyArns', value: resource.properties.ManagedPolicyArns } : undefined
    if (!list) continue
    asArray(list.value).forEach((item, index) => {
      if (possibleValues(item).some((value) => ADMINISTRATOR_ACCESS.test(displayText(value) ?? ''))) grants.push({ owner: resource, path: [list.name, index] })
    })
  }
  return grants
}

/** `*` or a whole service (`s3:*`). A family of actions (`s3:Get*`, `kafka-cluster:*Topic*`) is a deliberate choice. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[^:]+:\*+$/.test(action)
}

export function isFullWildcard(statement: FunctionRoleStatement): boolean {
  return statement.actions.some((action) => action === '*' || action === '*:*') && statement.resources.includes('*')
}

// ---------------------------------------------------------------------------------------------
// Who may invoke a function

/**
 * SAM event types for which SAM adds an `AWS::Lambda::Permission`, and its principal. Queue and
 * stream events (polled by Lambda with the function's role) and ScheduleV2 (a role) add none.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html
 */
const SAM_EVENT_PRINCIPALS: Record<string, string> = {
  Api: 'apigateway.amazonaws.com',
  HttpApi: 'apigateway.amazonaws.com',
  SNS: 'sns.amazonaws.com',
  S3: 's3.amazonaws.com',
  Schedule: 'events.amazonaws.com',
  EventBridgeRule: 'events.amazonaws.com',
  CloudWatchEvent: 'events.amazonaws.com',
  CloudWatchLogs: 'logs.amazonaws.com',
  IoTRule: 'iot.amazonaws.com',
  AlexaSkill: 'alexa-appkit.amazon.com',
  Cognito: 'cognito-idp.amazonaws.com',
}

/** The principal a SAM event grants invoke permission to, if it grants one. */
export function samEventPrincipal(event: ValueMap): string | undefined {
  const type = asString(event.Type)
  if (!type) return undefined
  // SNS with SqsSubscription: the queue is polled, SNS never invokes the function.
  if (type === 'SNS') {
    const subscription = asMap(event.Properties)?.SqsSubscription
    if (subscription !== undefined && subscription !== false && subscription !== 'false') return undefined
  }
  return own(SAM_EVENT_PRINCIPALS, type)
}

/** `logs.eu-west-1.amazonaws.com`, `logs.${AWS::Region}.amazonaws.com` and `logs.amazonaws.com` are one service. */
export function principalIdentity(principal: string): string {
  const service = /^([a-z0-9-]+)\.(?:[^.]+\.)?amazonaws\.com(?:\.cn)?$/.exec(principal)
  return service ? `${service[1]}.amazonaws.com` : principal
}

/** The functions a `FunctionName` (a Ref, GetAtt, ARN or name, possibly of an alias or version) designates. */
export function functionsNamedBy(template: Template, value: Value | undefined, functionsByName: ReadonlyMap<string, TemplateResource>, depth = 0): TemplateResource[] {
  const found = new Map<string, TemplateResource>()
  const references = referencesIn(value)
  for (const reference of references) {
    const named = template.resources.get(reference.id)
    if (named && FUNCTION_TYPES.has(named.type)) found.set(named.id, named)
    else if (named && (named.type === 'AWS::Lambda::Alias' || named.type === 'AWS::Lambda::Version') && depth < 2) {
      for (const fn of functionsNamedBy(template, named.properties.FunctionName, functionsByName, depth + 1)) found.set(fn.id, fn)
    } else if (!named) {
      // SAM's generated `<Function>Alias<name>` / `<Function>Version<hash>`.
      const generated = /^(.+?)(?:Alias|Version)[A-Za-z0-9]+$/.exec(reference.id)
      const fn = generated ? template.resources.get(generated[1]!) : undefined
      if (fn && FUNCTION_TYPES.has(fn.type)) found.set(fn.id, fn)
    }
  }
  const text = references.length === 0 ? asString(value) : undefined
  if (text) {
    // arn:aws:lambda:region:account:function:name[:qualifier], account:name, or name.
    const name = /:function:([^:]+)/.exec(text)?.[1] ?? text.split(':').pop()!
    const fn = functionsByName.get(name)
    if (fn) found.set(fn.id, fn)
  }
  return [...found.values()]
}

/** Functions by the physical name they are given (`FunctionName`). */
export function functionsByName(template: Template): Map<string, TemplateResource> {
  const byName = new Map<string, TemplateResource>()
  for (const resource of template.resources.values()) {
    const name = FUNCTION_TYPES.has(resource.type) ? asString(resource.properties.FunctionName) : undefined
    if (name) byName.set(name, resource)
  }
  return byName
}

/** A principal that is an AWS service (`sns.amazonaws.com`, `logs.${AWS::Region}.amazonaws.com`). */
export function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9-]+\.(?:[^.]+\.)?amazonaws\.com(?:\.cn)?$/.test(principal)
}

// ---------------------------------------------------------------------------------------------
// API authorization

/**
 * A SAM Globals section as written (raw, then resolved): what applies to the implicit APIs,
 * which have no resource for Globals to be merged into.
 */
export function samGlobals(template: Template, section: string): ValueMap | undefined {
  const raw = asRecord(asRecord(asRecord(template.document.root)?.Globals)?.[section])
  return raw ? asMap(template.resolve(raw)) : undefined
}

/** The path of an `AWS::ApiGateway::Resource`, following ParentId up to the root (`/` for the root). */
export function restResourcePath(template: Template, resourceId: Value | undefined): string | undefined {
  const parts: string[] = []
  let current = resourceId
  for (let depth = 0; depth < 30; depth++) {
    const [reference] = referencesIn(current)
    if (!reference || reference.attribute === 'RootResourceId') return '/' + parts.join('/')
    const pathResource = template.resources.get(reference.id)
    if (pathResource?.type !== 'AWS::ApiGateway::Resource') return undefined
    parts.unshift(asString(pathResource.properties.PathPart) ?? '{?}')
    current = pathResource.properties.ParentId
  }
  return undefined
}

/** The raw value a resource's property had in the user's file (own, else SAM Globals), before resolution. */
export function rawProperty(template: Template, resource: TemplateResource, path: readonly string[]): unknown {
  const root = asRecord(template.document.root)
  const dig = (start: unknown): unknown => path.reduce<unknown>((current, key) => asRecord(current)?.[key], start)
  const ownValue = dig(asRecord(asRecord(asRecord(root?.Resources)?.[resource.id])?.Properties))
  if (ownValue !== undefined) return ownValue
  const section = resource.type === 'AWS::Serverless::Function' ? 'Function' : undefined
  return section ? dig(asRecord(asRecord(root?.Globals)?.[section])) : undefined
}

/**
 * Whether a raw value names (`Ref`, `${Name}` in `Fn::Sub`) a parameter whose value is not in the
 * template: `NoEcho`, or an `AWS::SSM::Parameter::Value<...>` type (its Default is the parameter's name).
 */
export function namesHiddenParameter(template: Template, raw: unknown): boolean {
  const parameters = asRecord(asRecord(template.document.root)?.Parameters) ?? {}
  const isHidden = (name: string) => {
    const definition = asRecord(Object.hasOwn(parameters, name) ? parameters[name] : undefined)
    const noEcho = definition?.NoEcho
    const type = definition?.Type
    return noEcho === true || (typeof noEcho === 'string' && noEcho.toLowerCase() === 'true') || (typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value<'))
  }
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 20 || value === null || typeof value !== 'object') return false
    if (Array.isArray(value)) return value.some((item) => visit(item, depth + 1))
    const map = value as Record<string, unknown>
    if (typeof map.Ref === 'string' && isHidden(map.Ref)) return true
    const sub = map['Fn::Sub']
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined
    if (text && [...text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].some((match) => isHidden(match[1]!))) return true
    return Object.values(map).some((item) => visit(item, depth + 1))
  }
  return visit(raw, 0)
}

// ---------------------------------------------------------------------------------------------
// What a function's role grants, for comparing with what its code calls

/**
 * SAM policy templates: the actions each grants, per statement, and whether the statement is on
 * every resource (`*`) or on the resource its parameter names. From SAM's
 * samtranslator/policy_templates_data/policy_templates.json;
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html
 */
const SAM_POLICY_TEMPLATES: Record<string, { parameter?: string; statements: { actions: string[]; anyResource?: boolean }[] }> = {
  SQSPollerPolicy: { parameter: 'QueueName', statements: [{ actions: ['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'] }] },
  SQSSendMessagePolicy: { parameter: 'QueueName', statements: [{ actions: ['sqs:SendMessage*'] }] },
  SNSPublishMessagePolicy: { parameter: 'TopicName', statements: [{ actions: ['sns:Publish'] }] },
  SNSCrudPolicy: { parameter: 'TopicName', statements: [{ actions: ['sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:Publish'] }] },
  LambdaInvokePolicy: { parameter: 'FunctionName', statements: [{ actions: ['lambda:InvokeFunction'] }] },
  DynamoDBCrudPolicy: {
    parameter: 'TableName',
    statements: [{ actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem'] }],
  },
  DynamoDBReadPolicy: { parameter: 'TableName', statements: [{ actions: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'] }] },
  DynamoDBWritePolicy: { parameter: 'TableName', statements: [{ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'] }] },
  DynamoDBReconfigurePolicy: { parameter: 'TableName', statements: [{ actions: ['dynamodb:UpdateTable'] }] },
  DynamoDBRestoreFromBackupPolicy: {
    parameter: 'TableName',
    statements: [{ actions: ['dynamodb:RestoreTableFromBackup', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem'] }],
  },
  DynamoDBBackupFullAccessPolicy: { parameter: 'TableName', statements: [{ actions: ['dynamodb:CreateBackup', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DeleteBackup', 'dynamodb:DescribeBackup', 'dynamodb:ListBackups'] }] },
  DynamoDBStreamReadPolicy: { parameter: 'TableName', statements: [{ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'] }] },
  S3ReadPolicy: { parameter: 'BucketName', statements: [{ actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'] }] },
  S3WritePolicy: { parameter: 'BucketName', statements: [{ actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'] }] },
  S3CrudPolicy: {
    parameter: 'BucketName',
    statements: [{ actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObject'] }],
  },
  S3FullAccessPolicy: {
    parameter: 'BucketName',
    statements: [{
      actions: [
        's3:GetObject', 's3:GetObjectAcl', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:DeleteObject', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging',
        's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:ListBucket', 's3:GetBucketLocation',
        's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration',
      ],
    }],
  },
  StepFunctionsExecutionPolicy: { parameter: 'StateMachineName', statements: [{ actions: ['states:StartExecution'] }] },
  StepFunctionsCallbackPolicy: { parameter: 'StateMachineName', statements: [{ actions: ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'] }] },
  EventBridgePutEventsPolicy: { parameter: 'EventBusName', statements: [{ actions: ['events:PutEvents'] }] },
  KinesisCrudPolicy: {
    parameter: 'StreamName',
    statements: [{
      actions: [
        'kinesis:AddTagsToStream', 'kinesis:CreateStream', 'kinesis:DecreaseStreamRetentionPeriod', 'kinesis:DeleteStream', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary',
        'kinesis:GetShardIterator', 'kinesis:IncreaseStreamRetentionPeriod', 'kinesis:ListTagsForStream', 'kinesis:MergeShards', 'kinesis:PutRecord', 'kinesis:PutRecords',
        'kinesis:SplitShard', 'kinesis:RemoveTagsFromStream',
      ],
    }],
  },
  KinesisStreamReadPolicy: {
    parameter: 'StreamName',
    statements: [
      { actions: ['kinesis:ListStreams', 'kinesis:DescribeLimits'], anyResource: true },
      { actions: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'] },
    ],
  },
  FirehoseWritePolicy: { parameter: 'DeliveryStreamName', statements: [{ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'] }] },
  FirehoseCrudPolicy: {
    parameter: 'DeliveryStreamName',
    statements: [{ actions: ['firehose:CreateDeliveryStream', 'firehose:DeleteDeliveryStream', 'firehose:DescribeDeliveryStream', 'firehose:PutRecord', 'firehose:PutRecordBatch', 'firehose:UpdateDestination'] }],
  },
  AWSSecretsManagerGetSecretValuePolicy: { parameter: 'SecretArn', statements: [{ actions: ['secretsmanager:GetSecretValue'] }] },
  SSMParameterReadPolicy: {
    parameter: 'ParameterName',
    statements: [{ actions: ['ssm:DescribeParameters'], anyResource: true }, { actions: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'] }],
  },
  SSMParameterWithSlashPrefixReadPolicy: {
    parameter: 'ParameterName',
    statements: [{ actions: ['ssm:DescribeParameters'], anyResource: true }, { actions: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'] }],
  },
  KMSDecryptPolicy: { parameter: 'KeyId', statements: [{ actions: ['kms:Decrypt'] }] },
  KMSEncryptPolicy: { parameter: 'KeyId', statements: [{ actions: ['kms:Encrypt'] }] },
  VPCAccessPolicy: { statements: [{ actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'], anyResource: true }] },
  CloudWatchPutMetricPolicy: { statements: [{ actions: ['cloudwatch:PutMetricData'], anyResource: true }] },
}

const LOG_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']

/**
 * AWS managed policies a Lambda role commonly has, with what they allow (all on `*`); any other
 * managed policy makes the grants unknown. https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html
 */
const KNOWN_MANAGED_POLICIES: Record<string, string[]> = {
  AWSLambdaBasicExecutionRole: LOG_ACTIONS,
  AWSLambdaVPCAccessExecutionRole: [...LOG_ACTIONS, 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
  AWSXRayDaemonWriteAccess: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
  AWSXrayWriteOnlyAccess: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
  AWSLambdaSQSQueueExecutionRole: [...LOG_ACTIONS, 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
  AWSLambdaKinesisExecutionRole: [...LOG_ACTIONS, 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard'],
  AWSLambdaDynamoDBExecutionRole: [...LOG_ACTIONS, 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
}

/** The actions of a known AWS managed policy, by name or ARN (`arn:${AWS::Partition}:iam::aws:policy/service-role/X`). */
function managedPolicyActions(value: Value): string[] | undefined {
  const text = displayText(value)
  const name = text === undefined ? undefined : /^(?:arn:[^:]*:iam::aws:policy\/(?:service-role\/)?)?([A-Za-z0-9]+)$/.exec(text.replace(/\$\{AWS::Partition\}/g, 'aws'))?.[1]
  return name !== undefined && Object.hasOwn(KNOWN_MANAGED_POLICIES, name) ? KNOWN_MANAGED_POLICIES[name] : undefined
}

/** Where a grant's resources are: written resource values (`Resource` of a statement, a policy template's parameter) or every resource. */
export type GrantScope = { anyResource: true } | { anyResource?: false; values: Value[]; policyTemplate?: boolean }

/** One thing a function's role allows: actions on resources, and where it is written. */
export interface FunctionGrant {
  actions: string[]
  scope: GrantScope
  /** The resource it is written in (the function, its role or an attached policy); absent for what SAM adds itself. */
  owner?: TemplateResource
  path?: Path
  /** The SAM policy template it comes from (`DynamoDBCrudPolicy`). */
  policyTemplate?: string
}

export interface FunctionGrants {
  /** False when some grant cannot be read: an unknown managed policy or policy template, a role from outside the template, an unresolved statement. */
  complete: boolean
  grants: FunctionGrant[]
  /** The role resource (not the SAM-generated one), and every function using it. */
  role?: TemplateResource
  roleUsers: TemplateResource[]
}

const grantsCache = new WeakMap<TemplateResource, FunctionGrants>()

/**
 * What the execution role of a function allows: SAM `Policies` (statements, policy templates,
 * managed policies) and what SAM adds to the role it generates (logs, the event sources' pollers,
 * X-Ray, VPC access, the dead-letter queue and destinations), or the inline and attached policies
 * of a `Role` of the template. Permission boundaries only restrict and are ignored.
 */
export function functionGrants(template: Template, fn: TemplateResource): FunctionGrants {
  const cached = grantsCache.get(fn)
  if (cached) return cached
  const result: FunctionGrants = { complete: true, grants: [], roleUsers: [] }
  const properties = fn.properties
  if (fn.type === 'AWS::Serverless::Function' && properties.Role === undefined) {
    samGeneratedRoleGrants(template, fn, result)
  } else {
    roleGrants(template, fn, result)
  }
  grantsCache.set(fn, result)
  return result
}

function samGeneratedRoleGrants(template: Template, fn: TemplateResource, result: FunctionGrants): void {
  const properties = fn.properties
  const implicit = (actions: string[], values?: Value[]) => result.grants.push({ actions, scope: values ? { values } : { anyResource: true } })
  implicit(KNOWN_MANAGED_POLICIES.AWSLambdaBasicExecutionRole!)
  if (properties.Tracing !== undefined) implicit(KNOWN_MANAGED_POLICIES.AWSXrayWriteOnlyAccess!)
  if (properties.VpcConfig !== undefined) implicit(KNOWN_MANAGED_POLICIES.AWSLambdaVPCAccessExecutionRole!)
  for (const definition of Object.values(asMap(properties.Events) ?? {})) {
    const type = asString(asMap(definition)?.Type)
    if (type === 'SQS') implicit(KNOWN_MANAGED_POLICIES.AWSLambdaSQSQueueExecutionRole!)
    else if (type === 'Kinesis') implicit(KNOWN_MANAGED_POLICIES.AWSLambdaKinesisExecutionRole!)
    else if (type === 'DynamoDB') implicit(KNOWN_MANAGED_POLICIES.AWSLambdaDynamoDBExecutionRole!)
    else if (type === 'MSK' || type === 'SelfManagedKafka' || type === 'MQ' || type === 'DocumentDB') result.complete = false
  }
  // SAM allows sending to the dead-letter target and to destinations of a given Type.
  const deadLetter = asMap(properties.DeadLetterQueue)
  if (deadLetter?.TargetArn !== undefined) implicit(['sqs:SendMessage', 'sns:Publish'], [deadLetter.TargetArn])
  const destinations = asMap(asMap(properties.EventInvokeConfig)?.DestinationConfig)
  for (const key of ['OnSuccess', 'OnFailure']) {
    const destination = asMap(destinations?.[key])
    if (destination?.Destination !== undefined) implicit(['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents'], [destination.Destination])
  }
  asArray(properties.Policies).forEach((entry, index) => {
    for (const candidate of possibleValues(entry)) {
      if (candidate === null) continue
      const policy = asMap(candidate)
      if (!policy) {
        // A managed policy by name or ARN (or a template ManagedPolicy by Ref).
        const actions = managedPolicyActions(candidate)
        if (actions) implicit(actions)
        else if (!addManagedPolicyResource(template, candidate, result)) result.complete = false
        continue
      }
      if (policy.Statement !== undefined) {
        addStatements(fn, policy, ['Policies', index], result)
        continue
      }
      for (const [name, parameters] of Object.entries(policy)) {
        const known = Object.hasOwn(SAM_POLICY_TEMPLATES, name) ? SAM_POLICY_TEMPLATES[name]! : undefined
        if (!known) {
          result.complete = false
          continue
        }
        const named = known.parameter ? asMap(parameters)?.[known.parameter] : undefined
        for (const statement of known.statements) {
          result.grants.push({
            actions: statement.actions,
            scope: statement.anyResource || !known.parameter ? { anyResource: true } : { values: named === undefined ? [] : [named], policyTemplate: true },
            owner: fn,
            path: ['Policies', index, name],
            policyTemplate: name,
          })
        }
      }
    }
  })
}

/** A `Ref` to an `AWS::IAM::ManagedPolicy` of the template: its statements. */
function addManagedPolicyResource(template: Template, value: Value, result: FunctionGrants): boolean {
  const [reference] = referencesIn(value)
  const policy = reference && template.resources.get(reference.id)
  if (policy?.type !== 'AWS::IAM::ManagedPolicy') return false
  addStatements(policy, policy.properties.PolicyDocument, ['PolicyDocument'], result)
  return true
}

/** The function's `Role`, when it is a role of the template: its inline policies, managed policies and the policies attached to it. */
function roleGrants(template: Template, fn: TemplateResource, result: FunctionGrants): void {
  const references = referencesIn(fn.properties.Role)
  const roles = references.map((reference) => template.resources.get(reference.id)).filter((role) => role?.type === 'AWS::IAM::Role')
  if (roles.length !== 1 || references.length !== 1) {
    result.complete = false
    return
  }
  const role = roles[0]!
  result.role = role
  result.roleUsers = [...template.resources.values()].filter((resource) => FUNCTION_TYPES.has(resource.type) && referencesIn(resource.properties.Role).some((reference) => reference.id === role.id))
  asArray(role.properties.Policies).forEach((policy, index) => addStatements(role, asMap(policy)?.PolicyDocument, ['Policies', index, 'PolicyDocument'], result))
  for (const arn of asArray(role.properties.ManagedPolicyArns)) {
    for (const candidate of possibleValues(arn)) {
      if (candidate === null) continue
      const actions = managedPolicyActions(candidate)
      if (actions) result.grants.push({ actions, scope: { anyResource: true } })
      else if (!addManagedPolicyResource(template, candidate, result)) result.complete = false
    }
  }
  for (const resource of template.resources.values()) {
    if ((resource.type === 'AWS::IAM::Policy' || resource.type === 'AWS::IAM::ManagedPolicy') && referencesIn(resource.properties.Roles).some((reference) => reference.id === role.id)) {
      addStatements(resource, resource.properties.PolicyDocument, ['PolicyDocument'], result)
    }
  }
}

/** The Allow statements of a document as grants; a statement or action we cannot read makes the grants incomplete. */
function addStatements(owner: TemplateResource, document: Value | undefined, basePath: Path, result: FunctionGrants): void {
  const map = asMap(document)
  if (!map) {
    result.complete = false
    return
  }
  const list = map.Statement
  const items: [Value, Path][] = Array.isArray(list) ? list.map((item, index) => [item, [...basePath, 'Statement', index]]) : list === undefined ? [] : [[list, [...basePath, 'Statement']]]
  for (const [raw, path] of items) {
    for (const candidate of possibleValues(raw)) {
      if (candidate === null) continue
      const statement = asMap(candidate)
      if (!statement) {
        result.complete = false
        continue
      }
      const effect = asString(statement.Effect)
      if (effect === 'Deny') continue
      if (effect !== 'Allow' || statement.NotAction !== undefined || statement.NotResource !== undefined) {
        result.complete = false
        continue
      }
      const actions = asArray(statement.Action).flatMap(possibleValues)
      const texts = actions.map(asString).filter((action): action is string => action !== undefined)
      if (texts.length !== actions.length) result.complete = false
      const resources = asArray(statement.Resource).flatMap(possibleValues).flatMap((value) => (Array.isArray(value) ? value.flatMap(possibleValues) : [value]))
      const anyResource = resources.some((value) => value === '*')
      result.grants.push({ actions: texts, scope: anyResource ? { anyResource: true } : { values: resources }, owner, path })
    }
  }
}

/** yes: the grant names the resource; maybe: it may (a pattern, a name, a parameter); no: it names other resources. */
export type Coverage = 'yes' | 'maybe' | 'no'

/**
 * Whether a grant's resources include a node of the template. `near` is a node of the same
 * template (graph ids carry a `file#` prefix when several templates are linted).
 */
export function grantCovers(grant: FunctionGrant, target: { logicalId: string; kind: string }, service: string | undefined): Coverage {
  if (grant.scope.anyResource) return 'yes'
  let coverage: Coverage = 'no'
  for (const value of grant.scope.values) {
    const one = valueCovers(value, target, service, grant.scope.policyTemplate === true)
    if (one === 'yes') return 'yes'
    if (one === 'maybe') coverage = 'maybe'
  }
  return coverage
}

function valueCovers(value: Value, target: { logicalId: string }, service: string | undefined, policyTemplate: boolean): Coverage {
  let coverage: Coverage = 'no'
  for (const candidate of possibleValues(value)) {
    const references = referencesIn(candidate)
    if (references.some((reference) => reference.id === target.logicalId || reference.id.split('.')[0] === target.logicalId)) return 'yes'
    const text = typeof candidate === 'string' ? candidate : candidate instanceof Unresolved ? candidate.text : undefined
    const arnService = text === undefined ? undefined : /^arn:(?:\$\{[^}]*\}|[^:]*):([^:]*):/.exec(text)?.[1]
    if (arnService !== undefined && service !== undefined && !arnService.startsWith('${') && arnService !== service) continue
    if (references.length > 0) {
      // Named other resources of the template; a pattern written around them (`arn:...:table/${Table}/*`) may reach further.
      const literal = text?.replace(/\$\{[^}]*\}/g, '') ?? ''
      if (!policyTemplate && literal.includes('*') && !text!.startsWith('${')) coverage = 'maybe'
      continue
    }
    // A name, an ARN, a pattern or a parameter: it may be this resource's.
    coverage = 'maybe'
  }
  return coverage
}

/** Resource-based policies: a queue, topic, bucket, bus, secret or function may allow the role itself, whatever the role's policies say. */
const RESOURCE_POLICY_PROPERTIES: Record<string, string> = {
  'AWS::SQS::QueuePolicy': 'Queues',
  'AWS::SQS::QueueInlinePolicy': 'Queue',
  'AWS::SNS::TopicPolicy': 'Topics',
  'AWS::SNS::TopicInlinePolicy': 'TopicArn',
  'AWS::S3::BucketPolicy': 'Bucket',
  'AWS::Events::EventBusPolicy': 'EventBusName',
  'AWS::SecretsManager::ResourcePolicy': 'SecretId',
  'AWS::Lambda::Permission': 'FunctionName',
}

/** Whether a resource of the template may be opened to other principals by a resource-based policy of the template. */
export function hasResourcePolicy(template: Template, logicalId: string): boolean {
  const target = template.resources.get(logicalId)
  if (target && (target.properties.ResourcePolicy !== undefined || target.properties.KeyPolicy !== undefined)) return true
  for (const resource of template.resources.values()) {
    const property = own(RESOURCE_POLICY_PROPERTIES, resource.type)
    if (!property || !referencesIn(resource.properties[property]).some((reference) => reference.id === logicalId)) continue
    // Services invoking a function (API Gateway, SNS, S3) do not give the role anything.
    if (resource.type === 'AWS::Lambda::Permission' && possibleValues(resource.properties.Principal).every((principal) => isServicePrincipal(displayText(principal) ?? ''))) continue
    return true
  }
  return false
}
