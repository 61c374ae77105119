/**
 * Layer 1 of the cost model (design §6): a graph node (template resource) -> the typed resource a
 * service module prices, with CloudFormation/SAM defaults.
 *
 * Template values are resolved statically (src/template/values.ts): a parameter without a default,
 * a `Fn::GetAtt`, an `Fn::If` on a deployment-time condition stay symbolic. Such a value is never
 * read as a literal, and the default is not silently used in its place where the price depends on
 * it. Decided per property:
 *   - Lambda `MemorySize`, `Architectures`, `EphemeralStorage.Size`: the default is put in
 *     `resource` as a placeholder and the property is listed in `unknown` with the components it
 *     affects; the caller must show those components as unknown (their quantity is known, their
 *     price is not).
 *   - Lambda provisioned concurrency: unknown count -> `provisionedConcurrency` left out and listed
 *     in `unknown` (the provisioned components are unknown, not absent).
 *   - SQS `FifoQueue`: unresolved -> `.fifo` in a literal `QueueName` decides; otherwise unknown.
 *   - Step Functions type: unresolved -> unknown (STANDARD and EXPRESS are priced differently).
 *   - DynamoDB `BillingMode`: unresolved -> unknown; provisioned capacity unresolved -> left
 *     undefined, which the DynamoDB module already shows as "depends on usage".
 *   - Logs `LogGroupClass`: unresolved -> unknown (ingestion price differs).
 *   - API flavour comes from the node's type (and `ProtocolType` for API Gateway v2); an
 *     unresolved `ProtocolType` is unknown.
 * Properties that change nothing in the price (Timeout, say) use the default when unresolved.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import type { GraphNode } from '../graph/types.js'
import type { Location } from '../template/positions.js'
import type { Template, TemplateResource } from '../template/template.js'
import { asArray, asMap, asNumber, asString, Conditional, referencesIn, Unresolved, type Value, type ValueMap } from '../template/values.js'
import type { ApiGatewayApi, ApiKind } from './services/api-gateway.js'
import type { DynamoDbTable } from './services/dynamodb.js'
import type { EventBridgeResource } from './services/eventbridge.js'
import type { LambdaArchitecture, LambdaFunction } from './services/lambda.js'
import type { LogGroup } from './services/logs.js'
import type { NatGateway } from './services/nat-gateway.js'
import type { SnsTopic } from './services/sns.js'
import type { SqsQueue } from './services/sqs.js'
import type { StateMachine, StateMachineType } from './services/step-functions.js'

/**
 * CloudFormation/SAM defaults of AWS::Lambda::Function and AWS::Serverless::Function
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html).
 */
export const LAMBDA_DEFAULTS = { memoryMb: 128, timeoutSeconds: 3, architecture: 'x86_64' as LambdaArchitecture, ephemeralStorageMb: 512 }

/** A property whose template value could not be read; the components it affects are unknown. */
export interface UnknownProperty {
  /** The property path, e.g. `MemorySize`, `ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions`. */
  property: string
  /** Cost components whose price or quantity depends on it (names as the service module gives them, or a description). */
  affects: string
  location: Location
}

export interface TypedLambdaFunction extends LambdaFunction {
  /** Not priced; shown for context (default 3 s). */
  timeoutSeconds: number
}

interface Typed<S extends string, R> {
  service: S
  /** The graph node id (the logical id, qualified for several templates). */
  id: string
  resource: R
  /** Properties that could not be read; empty when everything is known. */
  unknown: UnknownProperty[]
}

export type TypedResource =
  | Typed<'lambda', TypedLambdaFunction>
  | Typed<'apigateway', ApiGatewayApi>
  | Typed<'sqs', SqsQueue>
  | Typed<'sns', SnsTopic>
  | Typed<'eventbridge', EventBridgeResource>
  | Typed<'stepfunctions', StateMachine>
  | Typed<'dynamodb', DynamoDbTable>
  | Typed<'logs', LogGroup>
  | Typed<'nat', NatGateway>

export type PricedService = TypedResource['service']

/** Every node of the graph that a service module prices, typed. */
export function typedResources(graph: ArchitectureGraph): TypedResource[] {
  const typed: TypedResource[] = []
  for (const node of graph.nodes.values()) {
    const resource = typedResource(node, graph)
    if (resource) typed.push(resource)
  }
  return typed
}

/** The typed resource of one node, or undefined when no service module prices it. */
export function typedResource(node: GraphNode, graph?: ArchitectureGraph): TypedResource | undefined {
  const reader = new PropertyReader(node)
  switch (node.type) {
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      return { service: 'lambda', id: node.id, resource: lambdaFunction(node, reader), unknown: reader.unknown }
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::Serverless::Api':
    case 'AWS::Serverless::HttpApi':
    case 'AWS::ApiGatewayV2::Api':
      return { service: 'apigateway', id: node.id, resource: apiGatewayApi(node, reader), unknown: reader.unknown }
    case 'AWS::SQS::Queue':
      return { service: 'sqs', id: node.id, resource: sqsQueue(node, reader), unknown: reader.unknown }
    case 'AWS::SNS::Topic':
      return { service: 'sns', id: node.id, resource: snsTopic(node, reader, graph), unknown: reader.unknown }
    case 'AWS::Events::EventBus':
      return { service: 'eventbridge', id: node.id, resource: { kind: 'bus' }, unknown: [] }
    case 'AWS::Scheduler::Schedule':
      return { service: 'eventbridge', id: node.id, resource: { kind: 'schedule' }, unknown: [] }
    case 'AWS::Pipes::Pipe':
      return { service: 'eventbridge', id: node.id, resource: { kind: 'pipe' }, unknown: [] }
    case 'AWS::StepFunctions::StateMachine':
    case 'AWS::Serverless::StateMachine':
      return { service: 'stepfunctions', id: node.id, resource: stateMachine(node, reader), unknown: reader.unknown }
    case 'AWS::DynamoDB::Table':
    case 'AWS::Serverless::SimpleTable':
      return { service: 'dynamodb', id: node.id, resource: dynamoDbTable(node, reader), unknown: reader.unknown }
    case 'AWS::Logs::LogGroup':
      return { service: 'logs', id: node.id, resource: logGroup(node, reader, graph), unknown: reader.unknown }
    case 'AWS::EC2::NatGateway':
      return { service: 'nat', id: node.id, resource: {}, unknown: [] }
    // Scheduled EventBridge rules are free; rules with patterns are priced at their bus (custom events);
    // function URLs cost nothing beyond the function.
    default:
      return undefined
  }
}

/** Reads a resource's properties, telling a missing value (use the default) from an unreadable one. */
class PropertyReader {
  readonly unknown: UnknownProperty[] = []
  constructor(private readonly node: GraphNode) {}

  get properties(): ValueMap {
    return this.node.resource?.properties ?? {}
  }

  /** The value at `path`: `missing` when absent, `unknown` when symbolic (recorded), else the value. */
  read(path: readonly string[], affects: string): { state: 'missing' } | { state: 'unknown' } | { state: 'known'; value: Value } {
    let current: Value | undefined = this.properties
    for (const segment of path) {
      if (isSymbolic(current)) return this.markUnknown(path, affects)
      if (Array.isArray(current)) {
        current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined
        if (current === undefined) return { state: 'missing' }
        continue
      }
      const map = asMap(current)
      if (!map || !Object.hasOwn(map, segment)) return { state: 'missing' }
      current = map[segment]
    }
    if (current === undefined || current === null) return { state: 'missing' }
    if (isSymbolic(current)) return this.markUnknown(path, affects)
    return { state: 'known', value: current }
  }

  number(path: readonly string[], affects: string): number | 'missing' | 'unknown' {
    const found = this.read(path, affects)
    if (found.state !== 'known') return found.state
    const value = asNumber(found.value)
    return value === undefined ? this.markUnknown(path, affects).state : value
  }

  string(path: readonly string[], affects: string): string | 'missing' | 'unknown' {
    const found = this.read(path, affects)
    if (found.state !== 'known') return found.state
    const value = typeof found.value === 'string' ? found.value : typeof found.value === 'boolean' || typeof found.value === 'number' ? String(found.value) : undefined
    return value === undefined ? this.markUnknown(path, affects).state : value
  }

  markUnknown(path: readonly string[], affects: string): { state: 'unknown' } {
    const location = this.node.resource
      ? this.node.template.locateProperty(this.node.resource.id, path)
      : this.node.location
    this.unknown.push({ property: path.join('.'), affects, location })
    return { state: 'unknown' }
  }
}

function isSymbolic(value: Value | undefined): boolean {
  return value instanceof Unresolved || value instanceof Conditional
}

function lambdaFunction(node: GraphNode, reader: PropertyReader): TypedLambdaFunction {
  const memory = reader.number(['MemorySize'], 'duration and provisioned concurrency (memory unknown)')
  const timeout = reader.number(['Timeout'], 'nothing (timeout is not priced)')
  // The timeout is not priced: an unknown one is not worth a warning.
  if (timeout === 'unknown') reader.unknown.pop()
  const ephemeral = reader.number(['EphemeralStorage', 'Size'], 'ephemeral storage')

  let architecture: LambdaArchitecture = LAMBDA_DEFAULTS.architecture
  const architectures = reader.read(['Architectures'], 'duration and provisioned concurrency (architecture unknown)')
  if (architectures.state === 'known') {
    // Exactly one architecture; SAM concatenates Globals and own lists, so two would not deploy.
    const listed = [...new Set(asArray(architectures.value))]
    const first = listed[0]
    if (listed.length === 1 && (first === 'arm64' || first === 'x86_64')) architecture = first
    else reader.markUnknown(['Architectures'], 'duration and provisioned concurrency (architecture unknown)')
  }

  const fn: TypedLambdaFunction = {
    memoryMb: typeof memory === 'number' ? memory : LAMBDA_DEFAULTS.memoryMb,
    timeoutSeconds: typeof timeout === 'number' ? timeout : LAMBDA_DEFAULTS.timeoutSeconds,
    architecture,
    ephemeralStorageMb: typeof ephemeral === 'number' ? ephemeral : LAMBDA_DEFAULTS.ephemeralStorageMb,
  }
  const provisioned = provisionedConcurrency(node, reader)
  if (provisioned !== undefined) fn.provisionedConcurrency = provisioned
  return fn
}

/**
 * Provisioned concurrency: SAM's `ProvisionedConcurrencyConfig` on the function (with an
 * AutoPublishAlias), or CloudFormation's on the `AWS::Lambda::Alias` / `AWS::Lambda::Version`
 * resources of the function (summed: each alias keeps its own instances warm).
 */
function provisionedConcurrency(node: GraphNode, reader: PropertyReader): number | undefined {
  const affects = 'provisioned concurrency'
  let total: number | undefined
  const own = reader.number(['ProvisionedConcurrencyConfig', 'ProvisionedConcurrentExecutions'], affects)
  if (own === 'unknown') return undefined
  if (typeof own === 'number') total = own
  for (const resource of aliasesAndVersionsOf(node.template, node.logicalId)) {
    const config = resource.properties.ProvisionedConcurrencyConfig
    if (config === undefined) continue
    const count = isSymbolic(config) ? undefined : asNumber(asMap(config)?.ProvisionedConcurrentExecutions)
    if (count === undefined) {
      reader.unknown.push({
        property: `${resource.id}.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions`,
        affects,
        location: node.template.locateProperty(resource.id, ['ProvisionedConcurrencyConfig']),
      })
      return undefined
    }
    total = (total ?? 0) + count
  }
  return total
}

/** The `AWS::SNS::Subscription` resources of each topic, by topic logical id, once per template (a scan per topic is quadratic). */
const subscriptionsByTemplate = new WeakMap<Template, Map<string, TemplateResource[]>>()

function subscriptionsOf(template: Template, topicId: string): TemplateResource[] {
  let byTopic = subscriptionsByTemplate.get(template)
  if (!byTopic) {
    byTopic = new Map()
    for (const resource of template.resources.values()) {
      if (resource.type !== 'AWS::SNS::Subscription') continue
      for (const id of new Set(referencesIn(resource.properties.TopicArn).map(reference => reference.id))) {
        const list = byTopic.get(id)
        if (list) list.push(resource)
        else byTopic.set(id, [resource])
      }
    }
    subscriptionsByTemplate.set(template, byTopic)
  }
  return byTopic.get(topicId) ?? []
}

/** The aliases and versions of each function, by function logical id, once per template (a scan per function is quadratic). */
const aliasesByTemplate = new WeakMap<Template, Map<string, TemplateResource[]>>()

function aliasesAndVersionsOf(template: Template, functionId: string): TemplateResource[] {
  let byFunction = aliasesByTemplate.get(template)
  if (!byFunction) {
    byFunction = new Map()
    for (const resource of template.resources.values()) {
      if (resource.type !== 'AWS::Lambda::Alias' && resource.type !== 'AWS::Lambda::Version') continue
      for (const id of new Set(referencesIn(resource.properties.FunctionName).map(reference => reference.id))) {
        const list = byFunction.get(id) ?? []
        list.push(resource)
        byFunction.set(id, list)
      }
    }
    aliasesByTemplate.set(template, byFunction)
  }
  return byFunction.get(functionId) ?? []
}

function apiGatewayApi(node: GraphNode, reader: PropertyReader): ApiGatewayApi {
  let kind: ApiKind = 'REST'
  if (node.type === 'AWS::Serverless::HttpApi') kind = 'HTTP'
  else if (node.type === 'AWS::ApiGatewayV2::Api') {
    const protocol = reader.string(['ProtocolType'], 'requests (HTTP or WebSocket API unknown)')
    // An implicit ServerlessHttpApi has no resource: it is an HTTP API.
    kind = protocol === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP'
  }
  return { kind }
}

function sqsQueue(node: GraphNode, reader: PropertyReader): SqsQueue {
  const affects = 'requests (standard or FIFO unknown)'
  const fifo = reader.read(['FifoQueue'], affects)
  if (fifo.state === 'known') return { fifo: fifo.value === true || fifo.value === 'true' }
  // FIFO queue names must end in .fifo; a literal name decides when FifoQueue cannot be read.
  const name = asString(reader.properties.QueueName)
  if (fifo.state === 'unknown' && name !== undefined) reader.unknown.pop()
  return { fifo: name?.endsWith('.fifo') ?? false }
}

function snsTopic(node: GraphNode, reader: PropertyReader, graph?: ArchitectureGraph): SnsTopic {
  const subscriptions: { protocol: string }[] = []
  const affects = 'deliveries (a subscription protocol is unknown)'
  // The topic's own Subscription list.
  const list = reader.read(['Subscription'], affects)
  if (list.state === 'known') {
    asArray(list.value).forEach((item, index) => {
      const protocol = asString(asMap(item)?.Protocol)
      if (protocol) subscriptions.push({ protocol })
      else reader.markUnknown(['Subscription', String(index), 'Protocol'], affects)
    })
  }
  // AWS::SNS::Subscription resources naming the topic.
  for (const resource of subscriptionsOf(node.template, node.logicalId)) {
    const protocol = asString(resource.properties.Protocol)
    if (protocol) subscriptions.push({ protocol })
    else reader.unknown.push({ property: `${resource.id}.Protocol`, affects, location: node.template.locateProperty(resource.id, ['Protocol']) })
  }
  // SAM `SNS` events on functions: SAM generates a lambda subscription (or an sqs one with SqsSubscription).
  if (graph) {
    for (const edge of graph.outgoing(node.id)) {
      if (edge.kind !== 'trigger' || edge.via !== 'event-source') continue
      const target = graph.nodes.get(edge.to)
      if (target?.kind === 'function') subscriptions.push({ protocol: 'lambda' })
    }
    for (const edge of graph.outgoing(node.id)) {
      const target = graph.nodes.get(edge.to)
      // A SAM SqsSubscription queue (implicit, or an explicit QueueArn) has a subscription edge but no Subscription resource.
      if (edge.kind === 'trigger' && edge.via === 'subscription' && target && target.template === node.template && !edge.label && target.kind === 'queue') {
        const fromResource = [...node.template.resources.values()].some(
          resource => resource.type === 'AWS::SNS::Subscription' && referencesIn(resource.properties.TopicArn).some(reference => reference.id === node.logicalId) && referencesIn(resource.properties.Endpoint).some(reference => reference.id === target.logicalId),
        )
        if (!fromResource) subscriptions.push({ protocol: 'sqs' })
      }
    }
  }
  return { subscriptions }
}

function stateMachine(node: GraphNode, reader: PropertyReader): StateMachine {
  // SAM: Type; CloudFormation: StateMachineType. Both default to STANDARD.
  const property = node.type === 'AWS::Serverless::StateMachine' ? 'Type' : 'StateMachineType'
  const type = reader.string([property], 'executions (STANDARD or EXPRESS unknown)')
  if (type === 'EXPRESS' || type === 'STANDARD') return { type: type as StateMachineType }
  if (typeof type === 'string' && type !== 'missing' && type !== 'unknown') reader.markUnknown([property], 'executions (STANDARD or EXPRESS unknown)')
  return { type: 'STANDARD' }
}

function dynamoDbTable(node: GraphNode, reader: PropertyReader): DynamoDbTable {
  const affects = 'request units or capacity (billing mode unknown)'
  if (node.type === 'AWS::Serverless::SimpleTable') {
    // SimpleTable: on-demand unless ProvisionedThroughput is given.
    const throughput = reader.read(['ProvisionedThroughput'], affects)
    if (throughput.state === 'missing') return { billingMode: 'PAY_PER_REQUEST' }
    if (throughput.state === 'unknown') return { billingMode: 'PROVISIONED' }
    return provisioned(reader, [['ProvisionedThroughput']])
  }
  // CloudFormation's default billing mode is PROVISIONED
  // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html).
  const mode = reader.string(['BillingMode'], affects)
  if (mode === 'PAY_PER_REQUEST') return { billingMode: 'PAY_PER_REQUEST' }
  if (mode === 'unknown') return { billingMode: 'PROVISIONED' }
  const paths: string[][] = [['ProvisionedThroughput']]
  // Each global secondary index has its own provisioned capacity, billed the same way.
  const indexes = reader.read(['GlobalSecondaryIndexes'], 'provisioned capacity of the indexes')
  if (indexes.state === 'known') asArray(indexes.value).forEach((_, index) => paths.push(['GlobalSecondaryIndexes', String(index), 'ProvisionedThroughput']))
  return provisioned(reader, paths)
}

/** Provisioned capacity summed over the table and its indexes; undefined when any part is not known. */
function provisioned(reader: PropertyReader, paths: readonly string[][]): DynamoDbTable {
  const sum = (unit: string): number | undefined => {
    let total = 0
    for (const path of paths) {
      const value = reader.number([...path, unit], 'provisioned capacity')
      if (typeof value !== 'number') {
        // Missing on the table itself: CloudFormation requires it for PROVISIONED; unknown either way.
        return undefined
      }
      total += value
    }
    return total
  }
  const table: DynamoDbTable = { billingMode: 'PROVISIONED' }
  const read = sum('ReadCapacityUnits')
  const write = sum('WriteCapacityUnits')
  if (read !== undefined) table.readCapacityUnits = read
  if (write !== undefined) table.writeCapacityUnits = write
  return table
}

function logGroup(node: GraphNode, reader: PropertyReader, graph?: ArchitectureGraph): LogGroup {
  const logGroupClass = reader.string(['LogGroupClass'], 'ingestion (log class unknown)')
  const name = asString(reader.properties.LogGroupName)
  const written = graph ? functionsLoggingTo(graph, node) : false
  return {
    logGroupClass: logGroupClass === 'INFREQUENT_ACCESS' ? 'INFREQUENT_ACCESS' : 'STANDARD',
    source: written || name?.startsWith('/aws/lambda/') ? 'lambda' : 'other',
  }
}

/** Whether a function's `LoggingConfig.LogGroup` names this log group. */
function functionsLoggingTo(graph: ArchitectureGraph, group: GraphNode): boolean {
  const groupName = asString(group.resource?.properties.LogGroupName)
  for (const node of graph.nodes.values()) {
    if (node.kind !== 'function' || node.template !== group.template) continue
    const target = asMap(node.resource?.properties.LoggingConfig)?.LogGroup
    if (referencesIn(target).some(reference => reference.id === group.logicalId)) return true
    if (groupName !== undefined && asString(target) === groupName) return true
  }
  return false
}
