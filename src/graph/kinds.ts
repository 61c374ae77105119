import type { NodeKind } from './types.js'
import { own } from '../util/own.js'

const KIND_BY_TYPE: Record<string, NodeKind> = {
  'AWS::Lambda::Function': 'function',
  'AWS::Serverless::Function': 'function',
  'AWS::Lambda::Url': 'api',
  'AWS::Lambda::Permission': 'permission',
  'AWS::Lambda::EventSourceMapping': 'event-source-mapping',
  'AWS::ApiGateway::RestApi': 'api',
  'AWS::ApiGatewayV2::Api': 'api',
  'AWS::Serverless::Api': 'api',
  'AWS::Serverless::HttpApi': 'api',
  'AWS::Serverless::GraphQLApi': 'api',
  'AWS::AppSync::GraphQLApi': 'api',
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
  'AWS::SNS::Subscription': 'subscription',
  'AWS::Events::EventBus': 'event-bus',
  'AWS::Events::Rule': 'rule',
  'AWS::Scheduler::Schedule': 'schedule',
  'AWS::Pipes::Pipe': 'other',
  'AWS::StepFunctions::StateMachine': 'state-machine',
  'AWS::Serverless::StateMachine': 'state-machine',
  'AWS::DynamoDB::Table': 'table',
  'AWS::DynamoDB::GlobalTable': 'table',
  'AWS::Serverless::SimpleTable': 'table',
  'AWS::S3::Bucket': 'bucket',
  'AWS::Kinesis::Stream': 'stream',
  'AWS::KinesisFirehose::DeliveryStream': 'delivery-stream',
  'AWS::Logs::LogGroup': 'log-group',
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::SecurityGroup': 'security-group',
  'AWS::EC2::RouteTable': 'route-table',
  'AWS::EC2::NatGateway': 'nat-gateway',
  'AWS::EC2::InternetGateway': 'internet-gateway',
  'AWS::EC2::VPCEndpoint': 'vpc-endpoint',
  'AWS::IAM::Role': 'role',
  'AWS::IAM::Policy': 'policy',
  'AWS::IAM::ManagedPolicy': 'policy',
  'AWS::SQS::QueuePolicy': 'policy',
  'AWS::SNS::TopicPolicy': 'policy',
  'AWS::S3::BucketPolicy': 'policy',
  'AWS::Events::EventBusPolicy': 'policy',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::SSM::Parameter': 'parameter',
  'AWS::KMS::Key': 'key',
  'AWS::RDS::DBInstance': 'database',
  'AWS::RDS::DBCluster': 'database',
  'AWS::RDS::DBProxy': 'database',
  'AWS::DocDB::DBCluster': 'database',
  'AWS::Neptune::DBCluster': 'database',
  'AWS::ElastiCache::CacheCluster': 'cache',
  'AWS::ElastiCache::ReplicationGroup': 'cache',
  'AWS::ElastiCache::ServerlessCache': 'cache',
  'AWS::MemoryDB::Cluster': 'cache',
  'AWS::Serverless::Connector': 'connector',
  'AWS::CloudWatch::Alarm': 'alarm',
}

export function kindOfType(type: string): NodeKind {
  return own(KIND_BY_TYPE, type) ?? 'other'
}

/** A resource's kind; an EventBridge rule that only runs on a schedule is a schedule (an entry point), not a router. */
export function kindOfResource(type: string, properties: Record<string, unknown>): NodeKind {
  if (type === 'AWS::Events::Rule' && properties.ScheduleExpression !== undefined && properties.EventPattern === undefined) return 'schedule'
  return kindOfType(type)
}

/** Kinds that hold data at rest (the right-hand side of a diagram). */
export const DATA_STORE_KINDS: ReadonlySet<NodeKind> = new Set(['table', 'bucket', 'database', 'cache', 'secret', 'parameter'])
/** Kinds that buffer or route messages: sending to them never waits for the consumer. */
export const MESSAGING_KINDS: ReadonlySet<NodeKind> = new Set(['queue', 'topic', 'event-bus', 'stream', 'delivery-stream'])

/** The service prefix of each kind, in ARNs (`arn:aws:<service>:...`) and IAM actions (`<service>:Action`). */
export const AWS_SERVICE_BY_KIND: Partial<Record<NodeKind, string>> = {
  queue: 'sqs', topic: 'sns', function: 'lambda', table: 'dynamodb', bucket: 's3', 'state-machine': 'states', 'event-bus': 'events',
  stream: 'kinesis', 'delivery-stream': 'firehose', 'log-group': 'logs', secret: 'secretsmanager', parameter: 'ssm', key: 'kms',
}
