/**
 * Which Price List usage types stand for which of our price keys (`pricing update`, design §6).
 *
 * Usage types are matched without their region prefix (`EU-`, `APN1-`, `USE1-`, …). The names
 * come from /work/shared/data/pricing/attribute-map-derived.json, the real items in
 * test/fixtures/pricing, and the usage-type filters of public Price List readers (infracost's
 * resource filters; open-source price-book builders filtering AWSLambda `Request|Lambda-GB-Second
 * (-ARM)`, AmazonDynamoDB `ReadRequestUnits|WriteRequestUnits|TimedStorage-ByteHrs|
 * ReadCapacityUnit-Hrs|WriteCapacityUnit-Hrs`, AWSQueueService `Requests-RBP|Requests-FIFO-RBP`,
 * AmazonSNS `Requests-Tier1|DeliveryAttempts-*`, AmazonStates `StateTransition|StepFunctions-Request|
 * StepFunctions-GB-Second`, AWSEvents `Event-64K-Chunks`, AmazonECS `Fargate-(ARM-)?(vCPU-Hours:perCPU|
 * GB-Hours)`). A usage type we do not know keeps its own name (`usagetype:<usagetype>`), so nothing
 * fetched is lost; the snapshot keeps pricing what no usage type is mapped to.
 */

export interface UsageTypeMapping {
  /** Our price key name within the service. */
  name: string
  /** The unit the cost model prices in (the Price List spells units its own way: `Requests`, `GB-Mo`). */
  unit: string
  /**
   * How many Price List units make one of ours, when they differ: Step Functions express duration
   * is sold per GB-second and modelled per GB-hour (3,600). Default 1.
   */
  factor?: number
}

const GB_SECONDS_PER_GB_HOUR = 3600

export const USAGE_TYPE_KEYS: Readonly<Record<string, Readonly<Record<string, UsageTypeMapping>>>> = {
  lambda: {
    Request: { name: 'requests', unit: 'requests' },
    'Request-ARM': { name: 'requests-arm64', unit: 'requests' },
    'Lambda-GB-Second': { name: 'duration-x86', unit: 'GB-seconds' },
    'Lambda-GB-Second-ARM': { name: 'duration-arm64', unit: 'GB-seconds' },
    'Lambda-Provisioned-Concurrency': { name: 'provisioned-concurrency-x86', unit: 'GB-seconds' },
    'Lambda-Provisioned-Concurrency-ARM': { name: 'provisioned-concurrency-arm64', unit: 'GB-seconds' },
    'Lambda-Provisioned-GB-Second': { name: 'provisioned-duration-x86', unit: 'GB-seconds' },
    'Lambda-Provisioned-GB-Second-ARM': { name: 'provisioned-duration-arm64', unit: 'GB-seconds' },
  },
  apigateway: {
    ApiGatewayRequest: { name: 'rest-requests', unit: 'requests' },
    ApiGatewayHttpRequest: { name: 'http-requests', unit: 'requests' },
    ApiGatewayMessage: { name: 'websocket-messages', unit: 'messages' },
    ApiGatewayMinute: { name: 'websocket-connection-minutes', unit: 'minutes' },
  },
  sqs: {
    // us-east-1 names them `-RBP`, other regions `-Tier1` (eu-west-1: `EU-Requests-Tier1`).
    'Requests-RBP': { name: 'requests-standard', unit: 'requests' },
    'Requests-Tier1': { name: 'requests-standard', unit: 'requests' },
    'Requests-FIFO-RBP': { name: 'requests-fifo', unit: 'requests' },
    'Requests-FIFO-Tier1': { name: 'requests-fifo', unit: 'requests' },
  },
  sns: {
    'Requests-Tier1': { name: 'publishes', unit: 'requests' },
    'DeliveryAttempts-HTTP': { name: 'deliveries-http', unit: 'notifications' },
    'DeliveryAttempts-SMTP': { name: 'deliveries-email', unit: 'notifications' },
    'DeliveryAttempts-SQS': { name: 'deliveries-sqs', unit: 'notifications' },
    'DeliveryAttempts-LAMBDA': { name: 'deliveries-lambda', unit: 'notifications' },
  },
  eventbridge: {
    'Event-64K-Chunks': { name: 'custom-events', unit: 'events' },
  },
  stepfunctions: {
    StateTransition: { name: 'standard-transitions', unit: 'transitions' },
    'StepFunctions-Request': { name: 'express-requests', unit: 'requests' },
    'StepFunctions-GB-Second': { name: 'express-duration', unit: 'GB-hours', factor: GB_SECONDS_PER_GB_HOUR },
  },
  dynamodb: {
    ReadRequestUnits: { name: 'read-request-units', unit: 'RRU' },
    WriteRequestUnits: { name: 'write-request-units', unit: 'WRU' },
    'TimedStorage-ByteHrs': { name: 'storage', unit: 'GB-month' },
    'ReadCapacityUnit-Hrs': { name: 'read-capacity-unit-hours', unit: 'RCU-hours' },
    'WriteCapacityUnit-Hrs': { name: 'write-capacity-unit-hours', unit: 'WCU-hours' },
  },
  logs: {
    'DataProcessing-Bytes': { name: 'ingestion-standard', unit: 'GB' },
    'TimedStorage-ByteHrs': { name: 'storage', unit: 'GB-month' },
  },
  nat: {
    'NatGateway-Hours': { name: 'hours', unit: 'hours' },
    'NatGateway-Bytes': { name: 'data-processed', unit: 'GB' },
  },
  fargate: {
    'Fargate-vCPU-Hours:perCPU': { name: 'vcpu-hours-x86', unit: 'vCPU-hours' },
    'Fargate-GB-Hours': { name: 'gb-hours-x86', unit: 'GB-hours' },
    'Fargate-ARM-vCPU-Hours:perCPU': { name: 'vcpu-hours-arm64', unit: 'vCPU-hours' },
    'Fargate-ARM-GB-Hours': { name: 'gb-hours-arm64', unit: 'GB-hours' },
  },
}
