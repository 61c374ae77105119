/**
 * The AWS SDK operations lambdawise reads in handler code: which client classes and packages
 * belong to which service, the IAM actions an operation needs, the request parameters that name
 * the resource it acts on, and whether the caller waits for the work (sync) or hands it over
 * (async). Action names: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { own } from '../util/own.js'

export interface OperationSpec {
  /** IAM actions; absent: `<prefix>:<Operation>`. */
  actions?: string[]
  /**
   * Request paths naming the resource: `['QueueUrl']`, `['Entries', '[]', 'EventBusName']` (`[]`:
   * each array item), `['RequestItems', '{}']` (`{}`: each key of an object).
   */
  resource?: string[][]
  /** The resource when the request leaves it out (PutEvents without EventBusName: the default bus). */
  resourceWhenAbsent?: string
  /** `async` hands work over (the caller does not wait for the receiver); `invocation-type`: Lambda's Invoke decides by InvocationType. */
  mode?: 'async' | 'invocation-type'
}

export interface ServiceSpec {
  /** The IAM service prefix. */
  prefix: string
  /** The SDK v2 class (`AWS.Lambda`), and other v2 names for the same service. */
  v2Classes: string[]
  /** Resource parameters tried for operations not in `operations` (their action is named by convention). */
  defaultResource: string[][]
  operations: Record<string, OperationSpec>
}

const ASYNC: OperationSpec = { mode: 'async' }

const TABLE = [['TableName']]
const BUCKET = [['Bucket']]
/** BatchGetItem/BatchWriteItem name their tables as the keys of RequestItems. */
const REQUEST_ITEMS = [['RequestItems', '{}']]
/** TransactWriteItems: each item is a Put, Update, Delete or ConditionCheck naming its table. */
const TRANSACT_WRITE_TABLES = ['Put', 'Update', 'Delete', 'ConditionCheck'].map((kind) => ['TransactItems', '[]', kind, 'TableName'])
const TRANSACT_GET_TABLES = [['TransactItems', '[]', 'Get', 'TableName']]

/** Services by the name of their SDK v3 package (`@aws-sdk/client-<name>`). */
export const SERVICES: Record<string, ServiceSpec> = {
  lambda: {
    prefix: 'lambda', v2Classes: ['Lambda'], defaultResource: [['FunctionName']],
    operations: {
      Invoke: { actions: ['lambda:InvokeFunction'], resource: [['FunctionName']], mode: 'invocation-type' },
      InvokeWithResponseStream: { actions: ['lambda:InvokeFunction'], resource: [['FunctionName']] },
      InvokeAsync: { actions: ['lambda:InvokeAsync'], resource: [['FunctionName']], mode: 'async' },
    },
  },
  sqs: {
    prefix: 'sqs', v2Classes: ['SQS'], defaultResource: [['QueueUrl']],
    operations: {
      SendMessage: { resource: [['QueueUrl']], mode: 'async' },
      SendMessageBatch: { actions: ['sqs:SendMessage'], resource: [['QueueUrl']], mode: 'async' },
      ReceiveMessage: { resource: [['QueueUrl']] },
      DeleteMessage: { resource: [['QueueUrl']] },
      DeleteMessageBatch: { actions: ['sqs:DeleteMessage'], resource: [['QueueUrl']] },
      ChangeMessageVisibility: { resource: [['QueueUrl']] },
      ChangeMessageVisibilityBatch: { actions: ['sqs:ChangeMessageVisibility'], resource: [['QueueUrl']] },
      GetQueueUrl: { resource: [['QueueName']] },
    },
  },
  sns: {
    prefix: 'sns', v2Classes: ['SNS'], defaultResource: [['TopicArn']],
    operations: {
      Publish: { resource: [['TopicArn'], ['TargetArn']], mode: 'async' },
      PublishBatch: { actions: ['sns:Publish'], resource: [['TopicArn']], mode: 'async' },
    },
  },
  eventbridge: {
    prefix: 'events', v2Classes: ['EventBridge', 'CloudWatchEvents'], defaultResource: [['EventBusName']],
    operations: {
      PutEvents: { resource: [['Entries', '[]', 'EventBusName']], resourceWhenAbsent: 'default', mode: 'async' },
    },
  },
  // Step Functions' input shapes are camelCase (`stateMachineArn`, `taskToken`), as are CloudWatch Logs' (`logGroupName`):
  // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
  sfn: {
    prefix: 'states', v2Classes: ['StepFunctions'], defaultResource: [['stateMachineArn']],
    operations: {
      StartExecution: { resource: [['stateMachineArn']], mode: 'async' },
      StartSyncExecution: { resource: [['stateMachineArn']] },
      // The task token names the execution, not a resource of the template.
      SendTaskSuccess: ASYNC,
      SendTaskFailure: ASYNC,
      SendTaskHeartbeat: ASYNC,
      DescribeExecution: { resource: [['executionArn']] },
    },
  },
  dynamodb: {
    prefix: 'dynamodb', v2Classes: ['DynamoDB'], defaultResource: TABLE,
    operations: {
      GetItem: { resource: TABLE },
      PutItem: { resource: TABLE },
      UpdateItem: { resource: TABLE },
      DeleteItem: { resource: TABLE },
      Query: { resource: TABLE },
      Scan: { resource: TABLE },
      BatchGetItem: { resource: REQUEST_ITEMS },
      BatchWriteItem: { resource: REQUEST_ITEMS },
      TransactGetItems: { actions: ['dynamodb:GetItem'], resource: TRANSACT_GET_TABLES },
      TransactWriteItems: { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], resource: TRANSACT_WRITE_TABLES },
      ExecuteStatement: { actions: ['dynamodb:PartiQLSelect', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'] },
      DescribeTable: { resource: TABLE },
    },
  },
  s3: {
    prefix: 's3', v2Classes: ['S3'], defaultResource: BUCKET,
    operations: {
      GetObject: { resource: BUCKET },
      HeadObject: { actions: ['s3:GetObject'], resource: BUCKET },
      PutObject: { resource: BUCKET },
      Upload: { actions: ['s3:PutObject'], resource: BUCKET },
      CopyObject: { actions: ['s3:PutObject', 's3:GetObject'], resource: BUCKET },
      DeleteObject: { resource: BUCKET },
      DeleteObjects: { actions: ['s3:DeleteObject'], resource: BUCKET },
      ListObjects: { actions: ['s3:ListBucket'], resource: BUCKET },
      ListObjectsV2: { actions: ['s3:ListBucket'], resource: BUCKET },
      HeadBucket: { actions: ['s3:ListBucket'], resource: BUCKET },
      CreateMultipartUpload: { actions: ['s3:PutObject'], resource: BUCKET },
      UploadPart: { actions: ['s3:PutObject'], resource: BUCKET },
      CompleteMultipartUpload: { actions: ['s3:PutObject'], resource: BUCKET },
      AbortMultipartUpload: { resource: BUCKET },
      GetObjectTagging: { resource: BUCKET },
      PutObjectTagging: { resource: BUCKET },
    },
  },
  kinesis: {
    prefix: 'kinesis', v2Classes: ['Kinesis'], defaultResource: [['StreamName'], ['StreamARN']],
    operations: {
      PutRecord: { resource: [['StreamName'], ['StreamARN']], mode: 'async' },
      PutRecords: { resource: [['StreamName'], ['StreamARN']], mode: 'async' },
    },
  },
  firehose: {
    prefix: 'firehose', v2Classes: ['Firehose'], defaultResource: [['DeliveryStreamName']],
    operations: {
      PutRecord: { resource: [['DeliveryStreamName']], mode: 'async' },
      PutRecordBatch: { resource: [['DeliveryStreamName']], mode: 'async' },
    },
  },
  'secrets-manager': {
    prefix: 'secretsmanager', v2Classes: ['SecretsManager'], defaultResource: [['SecretId']],
    operations: {
      GetSecretValue: { resource: [['SecretId']] },
      BatchGetSecretValue: { actions: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue'], resource: [['SecretIdList', '[]']] },
      PutSecretValue: { resource: [['SecretId']] },
      DescribeSecret: { resource: [['SecretId']] },
    },
  },
  ssm: {
    prefix: 'ssm', v2Classes: ['SSM'], defaultResource: [['Name']],
    operations: {
      GetParameter: { resource: [['Name']] },
      GetParameters: { resource: [['Names', '[]']] },
      GetParametersByPath: { resource: [['Path']] },
      PutParameter: { resource: [['Name']] },
    },
  },
  ses: {
    prefix: 'ses', v2Classes: ['SES'], defaultResource: [],
    operations: { SendEmail: ASYNC, SendRawEmail: ASYNC, SendTemplatedEmail: ASYNC, SendBulkTemplatedEmail: ASYNC },
  },
  sesv2: {
    prefix: 'ses', v2Classes: ['SESV2'], defaultResource: [],
    operations: { SendEmail: ASYNC, SendBulkEmail: ASYNC },
  },
  scheduler: {
    prefix: 'scheduler', v2Classes: ['Scheduler'], defaultResource: [['Name']],
    operations: { CreateSchedule: { resource: [['Name']], mode: 'async' }, UpdateSchedule: { resource: [['Name']] }, DeleteSchedule: { resource: [['Name']] } },
  },
  cloudwatch: {
    prefix: 'cloudwatch', v2Classes: ['CloudWatch'], defaultResource: [],
    operations: { PutMetricData: {} },
  },
  'cloudwatch-logs': {
    prefix: 'logs', v2Classes: ['CloudWatchLogs'], defaultResource: [['logGroupName']],
    operations: { PutLogEvents: { resource: [['logGroupName']] } },
  },
  apigatewaymanagementapi: {
    prefix: 'execute-api', v2Classes: ['ApiGatewayManagementApi'], defaultResource: [],
    operations: {
      PostToConnection: { actions: ['execute-api:ManageConnections'] },
      GetConnection: { actions: ['execute-api:ManageConnections'] },
      DeleteConnection: { actions: ['execute-api:ManageConnections'] },
    },
  },
  kms: {
    prefix: 'kms', v2Classes: ['KMS'], defaultResource: [['KeyId']],
    operations: { Encrypt: { resource: [['KeyId']] }, Decrypt: { resource: [['KeyId']] }, GenerateDataKey: { resource: [['KeyId']] } },
  },
  sts: {
    prefix: 'sts', v2Classes: ['STS'], defaultResource: [['RoleArn']],
    operations: { AssumeRole: { resource: [['RoleArn']] }, GetCallerIdentity: {} },
  },
}

/** `@aws-sdk/lib-dynamodb` commands and DocumentClient methods → the DynamoDB operations they call. */
export const DOCUMENT_CLIENT_OPERATIONS: Record<string, string> = {
  Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Query: 'Query', Scan: 'Scan',
  BatchGet: 'BatchGetItem', BatchWrite: 'BatchWriteItem', TransactGet: 'TransactGetItems', TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'ExecuteStatement', BatchExecuteStatement: 'BatchExecuteStatement', ExecuteTransaction: 'ExecuteTransaction',
}

/** Powertools Parameters utilities (`@aws-lambda-powertools/parameters/<module>`): function → service, operation, target argument. */
export const POWERTOOLS_FUNCTIONS: Record<string, { service: string; operation: string; actions: string[] }> = {
  getParameter: { service: 'ssm', operation: 'GetParameter', actions: ['ssm:GetParameter'] },
  getParameters: { service: 'ssm', operation: 'GetParametersByPath', actions: ['ssm:GetParametersByPath'] },
  getParametersByName: { service: 'ssm', operation: 'GetParameters', actions: ['ssm:GetParameters'] },
  getSecret: { service: 'secretsmanager', operation: 'GetSecretValue', actions: ['secretsmanager:GetSecretValue'] },
  getAppConfig: { service: 'appconfig', operation: 'GetLatestConfiguration', actions: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'] },
}

/** Methods of SDK clients that are not API operations. */
const NOT_OPERATIONS = new Set([
  'send', 'destroy', 'config', 'middlewareStack', 'promise', 'on', 'makeRequest', 'makeUnauthenticatedRequest', 'waitFor',
  'setupRequestListeners', 'getSignedUrl', 'getSignedUrlPromise', 'createPresignedPost', 'then', 'catch', 'bind', 'call', 'apply',
  'constructor', 'createBucket', 'defineService',
])

export interface ResolvedOperation {
  service: string
  operation: string
  actions: string[]
  spec: OperationSpec
  /** Whether the operation is in the table (else its action is named by convention). */
  known: boolean
}

/** The service of an SDK v3 package name (`@aws-sdk/client-sqs` → sqs), if lambdawise knows it. */
export function serviceOfPackage(moduleName: string): ServiceSpec | undefined {
  const match = /^@aws-sdk\/client-([a-z0-9-]+)$/.exec(moduleName)
  return match ? own(SERVICES, match[1]!) : undefined
}

/** The service of an SDK v2 class name (`Lambda`, `StepFunctions`). */
export function serviceOfV2Class(className: string): ServiceSpec | undefined {
  return Object.values(SERVICES).find((service) => service.v2Classes.includes(className))
}

/** The service of a v2 per-service module (`aws-sdk/clients/dynamodb`). */
export function serviceOfV2Module(moduleName: string): ServiceSpec | undefined {
  const match = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(moduleName)
  if (!match) return undefined
  return Object.values(SERVICES).find((service) => service.v2Classes.some((name) => name.toLowerCase() === match[1]))
}

/** An operation of a service by its API name (`SendMessage`); unknown ones get the conventional action. */
export function operationOf(service: ServiceSpec, operation: string): ResolvedOperation {
  const spec = own(service.operations, operation)
  return {
    service: service.prefix,
    operation,
    actions: spec?.actions ?? [`${service.prefix}:${operation}`],
    spec: spec ?? { resource: service.defaultResource },
    known: spec !== undefined,
  }
}

/** An aggregated-client or v2 method name (`sendMessage`) as an API operation name (`SendMessage`); undefined for client plumbing. */
export function operationOfMethod(method: string): string | undefined {
  if (NOT_OPERATIONS.has(method) || !/^[a-z][A-Za-z0-9]*$/.test(method)) return undefined
  return method[0]!.toUpperCase() + method.slice(1)
}

/** The DynamoDB operation a DocumentClient method or lib-dynamodb command stands for (`put`/`Put` → PutItem). */
export function documentClientOperation(name: string): ResolvedOperation | undefined {
  const key = name[0]!.toUpperCase() + name.slice(1)
  const operation = own(DOCUMENT_CLIENT_OPERATIONS, key)
  return operation ? operationOf(SERVICES.dynamodb!, operation) : undefined
}
