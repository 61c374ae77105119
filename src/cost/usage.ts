/**
 * The usage file (issue 4): the traffic and sizes the template cannot say, with infracost's key
 * names where one exists.
 *
 * ```yaml
 * version: 1
 * region: us-east-1
 * free_tier: false
 * entry_requests: 1M              # per month, at the entry points (APIs, schedules, external topics/buses/queues)
 * resources:                      # by logical id (`file#LogicalId` when several templates are read)
 *   CreateOrderFunction: {monthly_requests: 3M, request_duration_ms: 120}
 *   OrdersQueue: {monthly_requests: 9000000, request_size_kb: 8}
 * fanout:                         # edge multipliers for traffic propagation, "From->To": multiplier
 *   "ProcessOrderFunction->OrderEventsTopic": 2
 *   "GetOrderFunction->OrdersTable": 1   # also turns on an edge that does not carry traffic by default
 * ```
 *
 * Counts (`monthly_*` keys and `entry_requests`) accept `10M`, `2.5B`, `1000`, `1_000_000`;
 * other values are plain non-negative numbers. Unknown top-level keys, unknown resources and keys
 * that do not apply to the resource's type are `UserError`s at the file, line and column.
 */
import { UserError } from '../errors.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import type { GraphNode } from '../graph/types.js'
import { type ParsedDocument, parseTemplateText } from '../template/parse.js'
import type { Location } from '../template/positions.js'
import type { ApiGatewayUsage } from './services/api-gateway.js'
import type { DynamoDbUsage } from './services/dynamodb.js'
import type { EventBridgeUsage } from './services/eventbridge.js'
import type { LambdaUsage } from './services/lambda.js'
import type { LogsUsage } from './services/logs.js'
import type { NatGatewayUsage } from './services/nat-gateway.js'
import type { SnsUsage } from './services/sns.js'
import type { SqsUsage } from './services/sqs.js'
import type { StepFunctionsUsage } from './services/step-functions.js'

/** Every key a resource may have in the usage file. */
export const USAGE_KEYS = [
  'monthly_requests', 'request_duration_ms', 'request_size_kb',
  'monthly_messages', 'message_size_kb', 'monthly_connection_minutes',
  'monthly_custom_events', 'monthly_invocations',
  'monthly_transitions', 'workflow_duration_ms', 'memory_mb',
  'monthly_read_request_units', 'monthly_write_request_units', 'storage_gb',
  'monthly_data_ingested_gb', 'monthly_data_processed_gb',
] as const
export type UsageKey = (typeof USAGE_KEYS)[number]

/** The values given for one resource. */
export type ResourceUsage = Partial<Record<UsageKey, number>>

/** Which usage keys apply to which group of resources. */
export type UsageGroup = 'lambda' | 'api-rest-http' | 'api-websocket' | 'sqs' | 'sns' | 'eventbridge-bus' | 'eventbridge-schedule' | 'pipe' | 'stepfunctions' | 'dynamodb' | 'logs' | 'nat'

export const KEYS_BY_GROUP: Readonly<Record<UsageGroup, readonly UsageKey[]>> = {
  lambda: ['monthly_requests', 'request_duration_ms'],
  'api-rest-http': ['monthly_requests', 'request_size_kb'],
  'api-websocket': ['monthly_messages', 'message_size_kb', 'monthly_connection_minutes'],
  sqs: ['monthly_requests', 'request_size_kb'],
  sns: ['monthly_requests', 'request_size_kb'],
  // A rule on the default bus stands for the bus: custom events put there are priced the same way.
  'eventbridge-bus': ['monthly_custom_events', 'request_size_kb'],
  'eventbridge-schedule': ['monthly_invocations'],
  pipe: ['monthly_requests', 'request_size_kb'],
  stepfunctions: ['monthly_transitions', 'monthly_requests', 'workflow_duration_ms', 'memory_mb'],
  dynamodb: ['monthly_read_request_units', 'monthly_write_request_units', 'storage_gb'],
  logs: ['monthly_data_ingested_gb', 'storage_gb'],
  nat: ['monthly_data_processed_gb'],
}

/** Keys that are counts (accept `10M`); the rest are sizes or durations (plain numbers). */
const COUNT_KEYS: ReadonlySet<UsageKey> = new Set(USAGE_KEYS.filter(key => key.startsWith('monthly_') && !key.endsWith('_gb')))

export interface FanoutOverride {
  from: string
  to: string
  multiplier: number
  location: Location
}

export interface UsageFile {
  file: string
  version: 1
  region?: string
  freeTier?: boolean
  /** Monthly requests at every entry point. */
  entryRequests?: number
  /** By graph node id (the logical id, `file#LogicalId` for several templates). */
  resources: Map<string, ResourceUsage>
  /** Where each resource's entry is written, by node id. */
  resourceLocations: Map<string, Location>
  fanout: FanoutOverride[]
}

const TOP_LEVEL_KEYS = ['version', 'region', 'free_tier', 'entry_requests', 'resources', 'fanout'] as const

const SUFFIXES: Readonly<Record<string, number>> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }

/**
 * A monthly count: `1000`, `1_000_000`, `1,000,000`, `10M`, `2.5B`, `500k` (K, M, B, T; either case).
 * Returns undefined for anything else (negative, not a number, not finite).
 */
export function parseRequestCount(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined
  const text = input.trim().replace(/[_,]/g, '')
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([kKmMbBtT]?)$/.exec(text)
  if (!match) return undefined
  const value = Number(match[1]) * (match[2] ? SUFFIXES[match[2].toUpperCase()]! : 1)
  // 2.5B is 2,500,000,000 exactly, not 2499999999.9999995.
  return Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : undefined
}

/** The usage group of a graph node; undefined when nothing about it is priced from usage. */
export function usageGroupOf(node: GraphNode): UsageGroup | undefined {
  switch (node.type) {
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      return 'lambda'
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::Serverless::Api':
    case 'AWS::Serverless::HttpApi':
      return 'api-rest-http'
    case 'AWS::ApiGatewayV2::Api': {
      const protocol = node.resource?.properties.ProtocolType
      return protocol === 'WEBSOCKET' ? 'api-websocket' : 'api-rest-http'
    }
    case 'AWS::SQS::Queue':
      return 'sqs'
    case 'AWS::SNS::Topic':
      return 'sns'
    case 'AWS::Events::EventBus':
      return 'eventbridge-bus'
    case 'AWS::Events::Rule':
      // A scheduled rule is free; a rule with a pattern on the default bus stands for that bus.
      return node.kind === 'schedule' ? undefined : 'eventbridge-bus'
    case 'AWS::Scheduler::Schedule':
      return 'eventbridge-schedule'
    case 'AWS::Pipes::Pipe':
      return 'pipe'
    case 'AWS::StepFunctions::StateMachine':
    case 'AWS::Serverless::StateMachine':
      return 'stepfunctions'
    case 'AWS::DynamoDB::Table':
    case 'AWS::Serverless::SimpleTable':
      return 'dynamodb'
    case 'AWS::Logs::LogGroup':
      return 'logs'
    case 'AWS::EC2::NatGateway':
      return 'nat'
    default:
      return undefined
  }
}

/**
 * Reads a usage file; with a graph, resources and fanout edges are checked against it.
 * `skipUnknown` is for the other side of `--compare`: a usage file written for one version of the
 * architecture applies to another, where a resource or edge it names may not exist (it was added
 * or removed in between); those entries are left out instead of being errors.
 */
export function parseUsageText(file: string, text: string, graph?: ArchitectureGraph, options: { skipUnknown?: boolean } = {}): UsageFile {
  return usageFromDocument(parseTemplateText(file, text), graph, options)
}

/** As parseUsageText, from the file already parsed (estimate reads it once and applies it to two graphs for --compare). */
export function usageFromDocument(document: ParsedDocument, graph?: ArchitectureGraph, { skipUnknown = false } = {}): UsageFile {
  const known = (name: string): boolean => !skipUnknown || !graph || tryFindNode(graph, name) !== undefined
  const { file } = document
  const { positions } = document
  const root = document.root
  const at = (container: object, key?: string | number): Location => ({ file, ...(positions.positionOf(container, key) ?? { line: 1, column: 1 }) })
  if (!isRecord(root)) throw new UserError('the usage file is not a map', { file, line: 1, column: 1 }, 'start with `version: 1`')

  for (const key of Object.keys(root)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      throw new UserError(`unknown key "${key}" in the usage file`, at(root, key), `the keys are ${TOP_LEVEL_KEYS.join(', ')}`)
    }
  }
  if (root.version !== 1) {
    throw new UserError(
      root.version === undefined ? 'the usage file has no version' : `unsupported usage file version ${JSON.stringify(root.version)}`,
      root.version === undefined ? { file, line: 1, column: 1 } : at(root, 'version'),
      'write `version: 1`',
    )
  }
  const usage: UsageFile = { file, version: 1, resources: new Map(), resourceLocations: new Map(), fanout: [] }

  if (root.region !== undefined && root.region !== null) {
    if (typeof root.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(root.region)) {
      throw new UserError(`region must be an AWS region name such as us-east-1, not ${JSON.stringify(root.region)}`, at(root, 'region'))
    }
    usage.region = root.region
  }
  if (root.free_tier !== undefined && root.free_tier !== null) {
    if (typeof root.free_tier !== 'boolean') throw new UserError('free_tier must be true or false', at(root, 'free_tier'))
    usage.freeTier = root.free_tier
  }
  if (root.entry_requests !== undefined && root.entry_requests !== null) {
    usage.entryRequests = countValue(root.entry_requests, 'entry_requests', at(root, 'entry_requests'))
  }

  const resources = root.resources
  if (resources !== undefined && resources !== null) {
    if (!isRecord(resources)) throw new UserError('resources must be a map of logical ids to usage keys', at(root, 'resources'))
    for (const [name, values] of Object.entries(resources)) {
      const where = at(resources, name)
      if (!known(name)) continue
      const node = graph ? findNode(graph, name, where) : undefined
      const id = node?.id ?? name
      if (usage.resources.has(id)) throw new UserError(`${name} is given twice (as ${id})`, where)
      const group = node ? usageGroupOf(node) : undefined
      if (node && !group) {
        throw new UserError(`${name} (${node.type}) has no usage-based price`, where, 'remove it from the usage file')
      }
      if (values === null) {
        usage.resources.set(id, {})
        usage.resourceLocations.set(id, where)
        continue
      }
      if (!isRecord(values)) throw new UserError(`the usage of ${name} must be a map of keys to values`, where)
      const parsed: ResourceUsage = {}
      for (const [key, value] of Object.entries(values)) {
        // Located only for an error: a usage file for 1,000 functions has thousands of keys.
        const keyWhere = (): Location => at(values, key)
        if (!(USAGE_KEYS as readonly string[]).includes(key)) {
          const allowed = group ? KEYS_BY_GROUP[group] : USAGE_KEYS
          throw new UserError(`unknown usage key "${key}" for ${name}`, keyWhere(), `keys for ${node ? node.type : 'a resource'}: ${allowed.join(', ')}`)
        }
        const usageKey = key as UsageKey
        if (group && !KEYS_BY_GROUP[group].includes(usageKey)) {
          throw new UserError(`${key} does not apply to ${name} (${node!.type})`, keyWhere(), `keys for ${node!.type}: ${KEYS_BY_GROUP[group].join(', ')}`)
        }
        parsed[usageKey] = COUNT_KEYS.has(usageKey) ? countValue(value, key, keyWhere) : numberValue(value, key, keyWhere)
      }
      usage.resources.set(id, parsed)
      usage.resourceLocations.set(id, where)
    }
  }

  const fanout = root.fanout
  if (fanout !== undefined && fanout !== null) {
    if (!isRecord(fanout)) throw new UserError('fanout must be a map of "From->To" to multipliers', at(root, 'fanout'))
    for (const [edge, value] of Object.entries(fanout)) {
      const where = at(fanout, edge)
      const parts = edge.split('->').map(part => part.trim())
      if (parts.length !== 2 || !parts[0] || !parts[1]) {
        throw new UserError(`fanout key "${edge}" is not "From->To"`, where, 'e.g. "OrdersQueue->ProcessOrderFunction": 0.1')
      }
      let [from, to] = parts as [string, string]
      if (!known(from) || !known(to)) continue
      if (graph) {
        const fromNode = findNode(graph, from, where)
        const toNode = findNode(graph, to, where)
        from = fromNode.id
        to = toNode.id
        if (!graph.outgoing(from).some(candidate => candidate.to === to)) {
          if (skipUnknown) continue
          throw new UserError(`fanout: the graph has no edge from ${from} to ${to}`, where, 'run `lambdawise graph` to see the edges')
        }
      }
      usage.fanout.push({ from, to, multiplier: numberValue(value, `fanout "${edge}"`, where), location: where })
    }
  }
  return usage
}

function tryFindNode(graph: ArchitectureGraph, name: string): GraphNode | undefined {
  return graph.nodes.get(name) ?? [...graph.nodes.values()].find(node => node.logicalId === name)
}

function findNode(graph: ArchitectureGraph, name: string, where: Location): GraphNode {
  const exact = graph.nodes.get(name)
  if (exact) return exact
  const byLogicalId = [...graph.nodes.values()].filter(node => node.logicalId === name)
  if (byLogicalId.length === 1) return byLogicalId[0]!
  if (byLogicalId.length > 1) {
    throw new UserError(`${name} is in several templates`, where, `qualify it: ${byLogicalId.map(node => node.id).join(', ')}`)
  }
  throw new UserError(`unknown resource ${name}: the templates have no resource with that logical id`, where, 'use the logical ids `lambdawise graph` shows')
}

/** `where` may be given as a function: the location is looked up only for the error. */
function countValue(value: unknown, key: string, where: Location | (() => Location)): number {
  const parsed = typeof value === 'string' || typeof value === 'number' ? parseRequestCount(value) : undefined
  if (parsed === undefined) {
    throw new UserError(`${key} must be a count such as 1000000, 10M or 2.5B, not ${JSON.stringify(value)}`, typeof where === 'function' ? where() : where)
  }
  return parsed
}

function numberValue(value: unknown, key: string, where: Location | (() => Location)): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new UserError(`${key} must be a number, 0 or more, not ${JSON.stringify(value)}`, typeof where === 'function' ? where() : where)
  }
  return value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Typed usage for each service module (layer 2's inputs), from one resource's keys.

export function lambdaUsageOf(usage: ResourceUsage = {}): LambdaUsage {
  return defined({ monthlyRequests: usage.monthly_requests, requestDurationMs: usage.request_duration_ms })
}

export function apiGatewayUsageOf(usage: ResourceUsage = {}): ApiGatewayUsage {
  return defined({
    monthlyRequests: usage.monthly_requests,
    requestSizeKb: usage.request_size_kb,
    monthlyMessages: usage.monthly_messages,
    messageSizeKb: usage.message_size_kb,
    monthlyConnectionMinutes: usage.monthly_connection_minutes,
  })
}

export function sqsUsageOf(usage: ResourceUsage = {}): SqsUsage {
  return defined({ monthlyRequests: usage.monthly_requests, requestSizeKb: usage.request_size_kb })
}

export function snsUsageOf(usage: ResourceUsage = {}): SnsUsage {
  return defined({ monthlyRequests: usage.monthly_requests, requestSizeKb: usage.request_size_kb })
}

export function eventBridgeUsageOf(usage: ResourceUsage = {}): EventBridgeUsage {
  return defined({
    monthlyCustomEvents: usage.monthly_custom_events,
    monthlyInvocations: usage.monthly_invocations,
    monthlyRequests: usage.monthly_requests,
    requestSizeKb: usage.request_size_kb,
  })
}

export function stepFunctionsUsageOf(usage: ResourceUsage = {}): StepFunctionsUsage {
  return defined({
    monthlyTransitions: usage.monthly_transitions,
    monthlyRequests: usage.monthly_requests,
    workflowDurationMs: usage.workflow_duration_ms,
    memoryMb: usage.memory_mb,
  })
}

export function dynamoDbUsageOf(usage: ResourceUsage = {}): DynamoDbUsage {
  return defined({
    monthlyReadRequestUnits: usage.monthly_read_request_units,
    monthlyWriteRequestUnits: usage.monthly_write_request_units,
    storageGb: usage.storage_gb,
  })
}

export function logsUsageOf(usage: ResourceUsage = {}): LogsUsage {
  return defined({ monthlyDataIngestedGb: usage.monthly_data_ingested_gb, storageGb: usage.storage_gb })
}

export function natGatewayUsageOf(usage: ResourceUsage = {}): NatGatewayUsage {
  return defined({ monthlyDataProcessedGb: usage.monthly_data_processed_gb })
}

/** Drops undefined fields (the service modules' inputs are optional properties, exactOptionalPropertyTypes-safe). */
function defined<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const result: Record<string, unknown> = {}
  for (const key in value) if (value[key] !== undefined) result[key] = value[key]
  return result as T
}

/**
 * The traffic a resource's usage entry fixes for propagation (the same unit propagation uses:
 * invocations, requests, messages, events, executions), or undefined when its keys say nothing
 * about traffic (e.g. a Standard workflow's transitions, a table's request units).
 */
export function trafficOverrideOf(group: UsageGroup | undefined, usage: ResourceUsage): number | undefined {
  switch (group) {
    case 'lambda':
    case 'api-rest-http':
    case 'sqs':
    case 'sns':
    case 'pipe':
    case 'stepfunctions':
      return usage.monthly_requests
    case 'api-websocket':
      return usage.monthly_messages
    case 'eventbridge-bus':
      return usage.monthly_custom_events
    case 'eventbridge-schedule':
      return usage.monthly_invocations
    default:
      return undefined
  }
}

/** The per-resource traffic overrides of a usage file, by node id, for `propagateTraffic`. */
export function trafficOverrides(usage: UsageFile, graph: ArchitectureGraph): Map<string, number> {
  const overrides = new Map<string, number>()
  for (const [id, values] of usage.resources) {
    const node = graph.nodes.get(id)
    const value = node ? trafficOverrideOf(usageGroupOf(node), values) : undefined
    if (value !== undefined) overrides.set(id, value)
  }
  return overrides
}
