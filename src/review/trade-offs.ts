/**
 * Section 5, the vendor lock-in question: the AWS-proprietary services the design uses, what a
 * portable alternative would be, and how much work moving would take. A judgement, kept as a small
 * table in code so it is reviewed like code; the effort is about the application, not the data migration.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import { compareText, sortedNodes } from './inventory.js'
import type { MigrationEffort, ProprietaryService } from './types.js'

interface ServiceRow {
  service: string
  types: readonly string[]
  alternative: string
  effort: MigrationEffort
  reason: string
}

export const SERVICE_TABLE: readonly ServiceRow[] = [
  {
    service: 'AWS Lambda',
    types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'],
    alternative: 'Containers (Kubernetes, Knative, OpenFaaS) or a long-running service',
    effort: 'medium',
    reason: 'handler code ports, but event shapes, triggers and scaling are Lambda\'s and must be rebuilt',
  },
  {
    service: 'Lambda function URLs',
    types: ['AWS::Lambda::Url'],
    alternative: 'Any HTTP server behind a load balancer',
    effort: 'low',
    reason: 'a plain HTTPS endpoint; only the event shape is Lambda\'s',
  },
  {
    service: 'Amazon API Gateway',
    types: ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi'],
    alternative: 'A reverse proxy or API gateway (NGINX, Envoy, Kong)',
    effort: 'low',
    reason: 'routes, throttling and CORS map one to one; custom authorizers need rewriting',
  },
  {
    service: 'AWS AppSync',
    types: ['AWS::AppSync::GraphQLApi', 'AWS::Serverless::GraphQLApi'],
    alternative: 'A GraphQL server (Apollo Server, Hasura)',
    effort: 'medium',
    reason: 'the schema ports; resolvers and subscriptions are AppSync-specific',
  },
  {
    service: 'Amazon SQS',
    types: ['AWS::SQS::Queue'],
    alternative: 'RabbitMQ, or another AMQP broker',
    effort: 'low',
    reason: 'send, receive and delete map onto any queue; redrive becomes a dead-letter exchange',
  },
  {
    service: 'Amazon SNS',
    types: ['AWS::SNS::Topic'],
    alternative: 'RabbitMQ fan-out exchanges, or NATS',
    effort: 'low',
    reason: 'publish/subscribe is standard; filter policies and delivery retries need re-creating',
  },
  {
    service: 'Amazon EventBridge',
    types: ['AWS::Events::EventBus', 'AWS::Events::Rule', 'AWS::Pipes::Pipe'],
    alternative: 'Kafka or NATS with routing in consumers, or Knative Eventing (CloudEvents)',
    effort: 'medium',
    reason: 'content-based rules and targets become code or broker configuration',
  },
  {
    service: 'EventBridge Scheduler',
    types: ['AWS::Scheduler::Schedule'],
    alternative: 'cron (a Kubernetes CronJob)',
    effort: 'low',
    reason: 'a schedule expression is a cron line',
  },
  {
    service: 'AWS Step Functions',
    types: ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'],
    alternative: 'A workflow engine (Temporal, Camunda, Argo Workflows)',
    effort: 'high',
    reason: 'Amazon States Language, its service integrations and retries must be rewritten as workflow code',
  },
  {
    service: 'Amazon DynamoDB',
    types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'],
    alternative: 'ScyllaDB (DynamoDB-compatible API), Cassandra, MongoDB or PostgreSQL',
    effort: 'high',
    reason: 'key design, conditional writes, streams and TTL are DynamoDB\'s; queries and data need migrating',
  },
  {
    service: 'Amazon S3',
    types: ['AWS::S3::Bucket'],
    alternative: 'MinIO or any S3-compatible object store',
    effort: 'low',
    reason: 'the S3 API is a de facto standard; event notifications need re-creating',
  },
  {
    service: 'Amazon Kinesis',
    types: ['AWS::Kinesis::Stream', 'AWS::KinesisFirehose::DeliveryStream'],
    alternative: 'Apache Kafka (with Kafka Connect for delivery)',
    effort: 'medium',
    reason: 'shards map onto partitions; producers, consumers and delivery need new clients',
  },
  {
    service: 'Amazon RDS / Aurora',
    types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBProxy'],
    alternative: 'The same engine (PostgreSQL, MySQL) anywhere',
    effort: 'low',
    reason: 'the engines are open source; only Aurora-specific features tie in',
  },
  {
    service: 'Amazon ElastiCache / MemoryDB',
    types: ['AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', 'AWS::MemoryDB::Cluster'],
    alternative: 'Redis or Valkey',
    effort: 'low',
    reason: 'the same open-source protocol',
  },
  {
    service: 'AWS Secrets Manager / SSM Parameter Store',
    types: ['AWS::SecretsManager::Secret', 'AWS::SSM::Parameter'],
    alternative: 'HashiCorp Vault, or Kubernetes Secrets',
    effort: 'low',
    reason: 'a key-value read at start-up; rotation needs re-creating',
  },
  {
    service: 'Amazon CloudWatch Logs',
    types: ['AWS::Logs::LogGroup'],
    alternative: 'OpenTelemetry collector with Loki or Elasticsearch',
    effort: 'low',
    reason: 'structured logs on stdout move as they are; queries and alarms need rewriting',
  },
]

/** The rows of the table for the services the graph has, with the resources that use each. */
export function proprietaryServices(graph: ArchitectureGraph): ProprietaryService[] {
  const nodes = sortedNodes(graph)
  return SERVICE_TABLE.flatMap((row) => {
    const resources = nodes.filter((node) => row.types.includes(node.type)).map((node) => node.id).sort(compareText)
    return resources.length === 0 ? [] : [{ service: row.service, resources, alternative: row.alternative, effort: row.effort, reason: row.reason }]
  })
}
