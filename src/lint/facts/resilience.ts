/**
 * What the resilience rules share: where a value names a resource of the same template, whether an
 * optional setting is configured at all, and the batch event sources (SQS, Kinesis, DynamoDB
 * streams) a function is polled from — from SAM `Events` or an `AWS::Lambda::EventSourceMapping`,
 * whose properties (batch size, batching window, response types) the graph does not keep.
 */
import type { ArchitectureGraph } from '../../graph/graph.js'
import type { GraphNode } from '../../graph/types.js'
import type { Path } from '../../template/positions.js'
import type { TemplateResource } from '../../template/template.js'
import { DEFAULT_VISIBILITY_TIMEOUT_SECONDS, functionTimeoutSeconds, maxNumber, minNumber } from '../helpers.js'
import { asMap, asString, displayText, possibleValues, referencesIn, Unresolved, type Value, type ValueMap } from '../../template/values.js'

/**
 * Whether an optional setting is there: some branch of the value sets it. An unresolved value
 * (a parameter, an import) counts as set: the author configured something we cannot see.
 */
export function isConfigured(value: Value | undefined): boolean {
  return possibleValues(value).some((possible) => possible !== null && possible !== false && possible !== '')
}

/**
 * Whether a nested setting is there (`configuredAt(properties.DeadLetterConfig, 'TargetArn')`),
 * through the branches of conditions; an unresolved map on the way counts as set.
 */
export function configuredAt(value: Value | undefined, ...path: string[]): boolean {
  if (path.length === 0) return isConfigured(value)
  return possibleValues(value).some((possible) => {
    if (possible instanceof Unresolved) return true
    const map = asMap(possible)
    return map !== undefined && configuredAt(map[path[0]!], ...path.slice(1))
  })
}

/** Whether some branch of the value may be `true` (or is unknown): a rule then stays silent. */
export function mayBeTrue(value: Value | undefined): boolean {
  return possibleValues(value).some((possible) => possible === true || possible === 'true' || possible instanceof Unresolved)
}

/** The node for a logical id of the same template as `near` (graph ids carry a `file#` prefix across templates). */
export function nodeInTemplate(graph: ArchitectureGraph, near: GraphNode, logicalId: string): GraphNode | undefined {
  const prefix = near.id.slice(0, near.id.length - near.logicalId.length)
  const found = graph.nodes.get(prefix + logicalId)
  if (found) return found
  // SAM names generated aliases and versions `<Function>Alias<name>` / `<Function>Version<hash>`.
  const match = /^(.+?)(Alias[A-Za-z0-9]+|Version[A-Za-z0-9]+)$/.exec(logicalId)
  const fn = match ? graph.nodes.get(prefix + match[1]!) : undefined
  return fn?.kind === 'function' ? fn : undefined
}

/** The resources of the template a value names by `Ref`/`Fn::GetAtt`/`Fn::Sub`, optionally of given types or kinds. */
export function nodesNamed(graph: ArchitectureGraph, near: GraphNode, value: Value | undefined, accept?: (node: GraphNode) => boolean): GraphNode[] {
  const found = new Map<string, GraphNode>()
  for (const reference of referencesIn(value)) {
    const node = nodeInTemplate(graph, near, reference.id.split('.')[0]!)
    if (node && (!accept || accept(node))) found.set(node.id, node)
  }
  return [...found.values()]
}

export type BatchSourceKind = 'sqs' | 'kinesis' | 'dynamodb'

/** One batch event source of a function, with the settings written for it. */
export interface BatchSource {
  kind: BatchSourceKind
  /** The queue, stream or table polled, when it is in the template (SAM's SqsSubscription queue is implicit). */
  source?: GraphNode
  /** The functions it invokes. */
  functions: GraphNode[]
  /** The event source settings: the SAM event's `Properties` or the mapping's `Properties`. */
  properties: ValueMap
  /** Where a finding about the event source belongs: the node and the path within its resource. */
  node: GraphNode
  path?: Path
  /** For messages: `SQS event Orders` or `Event source mapping OrdersMapping`. */
  description: string
  /** SAM `SNS` event with `SqsSubscription`: SAM writes the mapping, so its settings cannot be changed there. */
  generated?: boolean
}

const SAM_BATCH_EVENTS: Record<string, { kind: BatchSourceKind; property: string }> = {
  SQS: { kind: 'sqs', property: 'Queue' },
  Kinesis: { kind: 'kinesis', property: 'Stream' },
  DynamoDB: { kind: 'dynamodb', property: 'Stream' },
}

/** The service an event source ARN names, from the resource it references or the text of the ARN. */
function sourceKind(graph: ArchitectureGraph, near: GraphNode, arn: Value | undefined): { kind?: BatchSourceKind; source?: GraphNode } {
  for (const reference of referencesIn(arn)) {
    const node = nodeInTemplate(graph, near, reference.id)
    if (!node) continue
    if (node.type === 'AWS::SQS::Queue') return { kind: 'sqs', source: node }
    if (node.type === 'AWS::Kinesis::Stream' || node.type === 'AWS::Kinesis::StreamConsumer') return { kind: 'kinesis', source: node }
    if (node.kind === 'table') return { kind: 'dynamodb', source: node }
  }
  // arn:aws:sqs:..., arn:${AWS::Partition}:kinesis:..., arn:aws:dynamodb:...:table/x/stream/...
  const service = /^arn:(?:\$\{[^}]*\}|[^:]*):(sqs|kinesis|dynamodb):/.exec(displayText(arn) ?? '')?.[1]
  return service ? { kind: service as BatchSourceKind } : {}
}

/**
 * The SQS, Kinesis and DynamoDB stream event sources a node declares: a SAM function's `Events`
 * (called with the function node), or an `AWS::Lambda::EventSourceMapping` (called with its node).
 * Sources of other services (Kafka, MQ, DocumentDB) and sources whose service is unknown are left out.
 */
export function batchSourcesOf(graph: ArchitectureGraph, node: GraphNode, resource: TemplateResource | undefined): BatchSource[] {
  if (!resource || resource.id !== node.logicalId) return []
  if (node.type === 'AWS::Lambda::EventSourceMapping') {
    const { kind, source } = sourceKind(graph, node, resource.properties.EventSourceArn)
    if (!kind) return []
    const functions = nodesNamed(graph, node, resource.properties.FunctionName, (candidate) => candidate.kind === 'function')
    return [{ kind, ...(source ? { source } : {}), functions, properties: resource.properties, node, description: `Event source mapping ${node.logicalId}` }]
  }
  if (node.type !== 'AWS::Serverless::Function') return []
  const sources: BatchSource[] = []
  for (const [name, definition] of Object.entries(asMap(resource.properties.Events) ?? {})) {
    const event = asMap(definition)
    const type = asString(event?.Type)
    const properties = asMap(event?.Properties) ?? {}
    const path = ['Events', name]
    if (type && Object.hasOwn(SAM_BATCH_EVENTS, type)) {
      const { kind, property } = SAM_BATCH_EVENTS[type]!
      const source = sourceKind(graph, node, properties[property]).source
      sources.push({ kind, ...(source ? { source } : {}), functions: [node], properties, node, path, description: `${type} event ${name}` })
    } else if (type === 'SNS' && properties.SqsSubscription !== undefined && properties.SqsSubscription !== false) {
      // SNS -> SQS -> function: SAM writes the queue (unless QueueArn names one) and the mapping.
      const subscription = asMap(properties.SqsSubscription)
      const source = subscription?.QueueArn !== undefined
        ? sourceKind(graph, node, subscription.QueueArn).source
        : nodeInTemplate(graph, node, `${resource.id}${name}Queue`)
      sources.push({ kind: 'sqs', ...(source ? { source } : {}), functions: [node], properties: subscription ?? {}, node, path, description: `SNS event ${name} (SqsSubscription)`, generated: true })
    }
  }
  return sources
}

/** A queue polled by a function, with the numbers that decide whether messages reappear mid-batch. */
export interface PolledQueue {
  queue: GraphNode
  fn: GraphNode
  /** The shortest visibility timeout the queue may have (30 s when unset). */
  visibility: number
  /** The longest timeout the function may have (3 s when unset). */
  timeout: number
  /** The longest batching window the event source may have (0 when unset). */
  window: number
  /** Where the visibility timeout is written, when it is. */
  path?: Path
}

/** The (queue, function) pairs of the SQS sources a node declares, when every number is known. */
export function polledQueuesOf(graph: ArchitectureGraph, node: GraphNode, resource: TemplateResource | undefined): PolledQueue[] {
  const pairs: PolledQueue[] = []
  for (const source of batchSourcesOf(graph, node, resource)) {
    const queue = source.source
    if (source.kind !== 'sqs' || queue?.kind !== 'queue') continue
    // A queue SAM creates for an SqsSubscription has the SQS defaults.
    const written = queue.resource?.properties.VisibilityTimeout
    const visibility = queue.resource ? minNumber(written, DEFAULT_VISIBILITY_TIMEOUT_SECONDS) : DEFAULT_VISIBILITY_TIMEOUT_SECONDS
    const window = maxNumber(source.properties.MaximumBatchingWindowInSeconds, 0)
    if (visibility === undefined || window === undefined) continue
    for (const fn of source.functions) {
      const timeout = functionTimeoutSeconds(fn.resource)
      if (timeout === undefined) continue
      pairs.push({ queue, fn, visibility, timeout, window, ...(written !== undefined && written !== null ? { path: ['VisibilityTimeout'] } : {}) })
    }
  }
  return pairs
}

/** A queue's name for messages: SAM's generated queues are named, but the user never wrote that name. */
export function queueLabel(queue: GraphNode): string {
  return queue.resource ? queue.logicalId : `${queue.logicalId} (the queue SAM creates)`
}

/**
 * Whether an event source has Lambda read partial batch responses: `yes` when every branch of
 * `FunctionResponseTypes` lists ReportBatchItemFailures, `no` when none does (or it is not set),
 * `unknown` when a branch cannot be read or the branches differ.
 */
export function partialBatchResponses(source: BatchSource): 'yes' | 'no' | 'unknown' {
  const value = source.properties.FunctionResponseTypes
  if (value === undefined || value === null) return 'no'
  const verdicts = new Set<'yes' | 'no' | 'unknown'>()
  for (const list of possibleValues(value)) {
    if (list instanceof Unresolved) {
      verdicts.add('unknown')
      continue
    }
    const items = list === null ? [] : Array.isArray(list) ? list.flatMap(possibleValues) : [list]
    if (items.some((item) => item === 'ReportBatchItemFailures')) verdicts.add('yes')
    else verdicts.add(items.some((item) => typeof item !== 'string' && item !== null) ? 'unknown' : 'no')
  }
  return verdicts.size === 1 ? [...verdicts][0]! : 'unknown'
}
