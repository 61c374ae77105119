import type { ArchitectureGraph } from '../../src/graph/graph.js'
import { matchesAction } from '../../src/graph/iam.js'
import type { GraphEdge, GraphNode, NodeKind } from '../../src/graph/types.js'
import { handlerOf } from '../../src/lint/facts/code.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Location } from '../../src/template/positions.js'
import type { Template } from '../../src/template/template.js'
import { asArray, asMap, asString, possibleValues, referencesIn, type Value } from '../../src/template/values.js'

/**
 * A function that writes to the queue, topic or bucket that (directly, or through a topic -> queue
 * subscription or a bucket notification) invokes it, can invoke itself without end. Lambda's
 * recursive loop detection stops only some of these loops, after about 16 invocations, and every
 * invocation until then is billed: https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
 * EventBridge buses are left out: rules route by event pattern, and a function putting events on
 * the bus its rule listens to is the usual choreography, kept apart by the pattern.
 */
const LOOP_KINDS: ReadonlySet<NodeKind> = new Set(['queue', 'topic', 'bucket'])
/** A loop longer than this (resource -> topic -> queue -> function) is not what a template shows. */
const MAX_HOPS = 3

/** The IAM actions that put a message or object where the resource's trigger sees it. */
const SEND_ACTIONS: Partial<Record<NodeKind, string[]>> = {
  queue: ['sqs:SendMessage', 'sqs:SendMessageBatch'],
  topic: ['sns:Publish', 'sns:PublishBatch'],
}

/** The S3 notification event types (by prefix) and the actions that cause them. https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html */
const S3_EVENT_ACTIONS: Array<[RegExp, string[]]> = [
  [/^s3:ObjectCreated:/, ['s3:PutObject']],
  [/^s3:ObjectRemoved:/, ['s3:DeleteObject', 's3:DeleteObjectVersion']],
  [/^s3:ObjectTagging:/, ['s3:PutObjectTagging', 's3:DeleteObjectTagging']],
  [/^s3:ObjectAcl:/, ['s3:PutObjectAcl']],
  [/^s3:ObjectRestore:/, ['s3:RestoreObject']],
]

export default defineRule({
  id: 'recursive-loop',
  category: 'resilience',
  severity: 'error',
  title: 'A function can write to the queue, topic or bucket that invokes it',
  rationale:
    'When a function sends to the queue, publishes to the topic or writes to the bucket that triggers it, each invocation can ' +
    'cause the next: a loop that scales out to the account\'s concurrency and bills every invocation. Lambda\'s recursive loop ' +
    'detection stops only some of these loops, and only after about 16 rounds.',
  fix:
    'Write the output somewhere else (a second queue, topic or bucket). If it must be the same resource, keep the function\'s own ' +
    'writes out of its trigger: an S3 notification filter on an input prefix, an SNS subscription filter policy, or event source ' +
    'filter criteria, and carry a hop count in the message.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html',
  equivalents: [],
  messages: {
    loop: '{{function}} {{write}} {{target}}, which invokes {{function}}{{through}}: what it writes can invoke it again, without end',
  },
  checkTemplate({ graph, template, nodes, code, report }) {
    let triggers: TriggerIndex | undefined
    for (const fn of nodes) {
      if (fn.kind !== 'function') continue
      // What the code writes, where it was analysed; otherwise what the function is allowed to write.
      const writes = handlerOf(code, fn) ? codeWrites(graph, fn) : writeActions(graph, fn)
      if (writes.size === 0) continue
      triggers ??= indexTriggers(template)
      for (const loop of loopsOf(graph, fn, writes, triggers)) {
        const through = loop.chain.length > 0 ? ` through ${loop.chain.map((node) => node.logicalId).join(' and ')}` : ''
        const data = { function: fn.logicalId, write: verbOf(loop.target, loop.location !== undefined), target: loop.target.logicalId, through }
        report({ node: fn, ...(loop.location ? { location: loop.location } : {}), messageId: 'loop', data })
      }
    }
  },
})

interface Loop {
  /** The resource the function writes to, where the loop starts. */
  target: GraphNode
  /** The queues and topics between it and the function. */
  chain: GraphNode[]
  /** The code call that writes to the target, when the code was analysed. */
  location?: Location
}

/**
 * The loops through each resource the function may write to, shortest first, one per resource:
 * walked backwards from the function along the triggers that invoke it.
 */
function loopsOf(graph: ArchitectureGraph, fn: GraphNode, writes: Map<string, WriteGrant>, triggers: TriggerIndex): Loop[] {
  const loops = new Map<string, Loop>()
  let frontier: Array<{ node: GraphNode; downstream: GraphNode[] }> = [{ node: fn, downstream: [] }]
  for (let hops = 1; hops <= MAX_HOPS && frontier.length > 0; hops++) {
    const next: typeof frontier = []
    for (const { node, downstream } of frontier) {
      for (const edge of graph.incoming(node.id)) {
        const source = triggerSource(graph, edge)
        if (!source || source === fn || downstream.includes(source)) continue
        const hop = triggers.get(hopKey(source, node)) ?? [UNFILTERED]
        // Filters that keep the function's own writes out of its trigger end the loop here.
        const open = hop.filter((config) => !config.filtered)
        if (open.length === 0) continue
        const grant = writes.get(source.id)
        const covered = grant && !loops.has(source.id) ? grant.covers(requiredActions(source, open)) : false
        if (covered) {
          const chain = [node, ...downstream].filter((member) => member !== fn)
          loops.set(source.id, { target: source, chain, ...(covered !== true ? { location: covered } : {}) })
        }
        next.push({ node: source, downstream: [node, ...downstream] })
      }
    }
    frontier = next
  }
  return [...loops.values()]
}

/** The queue, topic or bucket an edge carries events from, when it is a trigger a loop can pass through. */
function triggerSource(graph: ArchitectureGraph, edge: GraphEdge): GraphNode | undefined {
  if (edge.kind !== 'trigger' || (edge.via !== 'event-source' && edge.via !== 'subscription')) return undefined
  const source = graph.nodes.get(edge.from)
  return source && LOOP_KINDS.has(source.kind) ? source : undefined
}

/** The actions that put something into `source` that the open trigger configurations pass on. */
function requiredActions(source: GraphNode, open: readonly TriggerConfig[]): string[] {
  if (source.kind !== 'bucket') return SEND_ACTIONS[source.kind] ?? []
  const actions = new Set<string>()
  for (const config of open) {
    // Unknown event types: assume object creation, the notification nearly every trigger uses.
    for (const event of config.events ?? ['s3:ObjectCreated:*']) {
      if (event === 's3:*') S3_EVENT_ACTIONS.forEach(([, list]) => list.forEach((action) => actions.add(action)))
      for (const [pattern, list] of S3_EVENT_ACTIONS) if (pattern.test(event)) list.forEach((action) => actions.add(action))
    }
  }
  return [...actions]
}

/** `can send messages to` (allowed by the template), `sends messages to` (the code does). */
function verbOf(target: GraphNode, inCode: boolean): string {
  if (inCode) return target.kind === 'queue' ? 'sends messages to' : target.kind === 'topic' ? 'publishes to' : 'writes objects to'
  return target.kind === 'queue' ? 'can send messages to' : target.kind === 'topic' ? 'can publish to' : 'can write objects to'
}

interface WriteGrant {
  /** Whether any of `actions` is granted (or made by the code): `false`, or where (a code call), or `true`. */
  covers(actions: readonly string[]): Location | boolean
}

/** What the function's code writes to each queue, topic or bucket (code edges), with the first call making each write. */
function codeWrites(graph: ArchitectureGraph, fn: GraphNode): Map<string, WriteGrant> {
  const calls = new Map<string, GraphEdge[]>()
  for (const edge of graph.outgoing(fn.id)) {
    if (edge.kind !== 'may-call' || edge.via !== 'code' || !edge.actions) continue
    const target = graph.nodes.get(edge.to)
    if (target && LOOP_KINDS.has(target.kind)) calls.set(target.id, [...(calls.get(target.id) ?? []), edge])
  }
  const grants = new Map<string, WriteGrant>()
  for (const [id, edges] of calls) {
    grants.set(id, { covers: (actions) => edges.find((edge) => edge.actions!.some((made) => actions.some((action) => matchesAction(made, action))))?.location ?? false })
  }
  return grants
}

/**
 * What the function is allowed to do to each queue, topic or bucket (IAM statements, SAM policy
 * templates, connectors with Write). An environment variable alone says nothing about writing.
 * `s3:Put*` names the writes; `s3:*` (S3FullAccessPolicy) only says access was not narrowed.
 */
function writeActions(graph: ArchitectureGraph, fn: GraphNode): Map<string, WriteGrant> {
  const patterns = new Map<string, string[]>()
  for (const edge of graph.outgoing(fn.id)) {
    if (edge.kind !== 'may-call' || (edge.via !== 'iam' && edge.via !== 'connector')) continue
    const target = graph.nodes.get(edge.to)
    if (!target || !LOOP_KINDS.has(target.kind) || !edge.actions) continue
    // A connector's Write permission grants sending, publishing and writing objects. A whole-service
    // wildcard (`sqs:*`, `*`) says nothing about what the code does: only named actions count.
    const granted = edge.via === 'connector' ? (edge.actions.includes('Write') ? ['*'] : []) : edge.actions.filter((action) => !/(^|:)\*$/.test(action))
    patterns.set(target.id, [...(patterns.get(target.id) ?? []), ...granted])
  }
  const grants = new Map<string, WriteGrant>()
  for (const [id, granted] of patterns) {
    if (granted.length > 0) grants.set(id, { covers: (actions) => actions.some((action) => granted.some((pattern) => matchesAction(pattern, action))) })
  }
  return grants
}

/** How one source reaches one target: filtered (a filter may keep the function's own writes out), and the S3 event types. */
interface TriggerConfig {
  filtered: boolean
  events?: string[]
}

const UNFILTERED: TriggerConfig = { filtered: false }

/** Trigger configurations by `source\0target` logical ids. */
type TriggerIndex = Map<string, TriggerConfig[]>

function hopKey(source: GraphNode, target: GraphNode): string {
  return `${source.logicalId}\u0000${target.logicalId}`
}

/**
 * Indexes, once per template, the filters on each trigger: SNS subscription filter policies
 * (subscription resources and SAM SNS events), S3 notification key filters and event types
 * (bucket notifications and SAM S3 events), and event source mapping filter criteria.
 */
function indexTriggers(template: Template): TriggerIndex {
  const index: TriggerIndex = new Map()
  const add = (sources: Value | undefined, targets: Value | undefined, config: TriggerConfig) => {
    for (const source of ids(sources)) {
      for (const target of ids(targets)) {
        const key = `${source}\u0000${target}`
        index.set(key, [...(index.get(key) ?? []), config])
      }
    }
  }
  for (const resource of template.resources.values()) {
    const properties = resource.properties
    switch (resource.type) {
      case 'AWS::SNS::Subscription':
        add(properties.TopicArn, properties.Endpoint, { filtered: present(properties.FilterPolicy) })
        break
      case 'AWS::SNS::Topic':
        for (const subscription of asArray(properties.Subscription)) add(resource.id, asMap(subscription)?.Endpoint, UNFILTERED)
        break
      case 'AWS::Lambda::EventSourceMapping':
        add(properties.EventSourceArn, properties.FunctionName, { filtered: present(properties.FilterCriteria) })
        break
      case 'AWS::S3::Bucket': {
        const notifications = asMap(properties.NotificationConfiguration)
        for (const [list, key] of [['LambdaConfigurations', 'Function'], ['QueueConfigurations', 'Queue'], ['TopicConfigurations', 'Topic']] as const) {
          for (const entry of asArray(notifications?.[list])) {
            const config = asMap(entry)
            add(resource.id, config?.[key], { filtered: s3Filtered(config?.Filter), events: eventTypes(config?.Event) })
          }
        }
        break
      }
      case 'AWS::Serverless::Function':
        for (const [name, definition] of Object.entries(asMap(properties.Events) ?? {})) {
          const event = asMap(definition)
          const eventProperties = asMap(event?.Properties) ?? {}
          switch (asString(event?.Type)) {
            case 'SNS': {
              // With SqsSubscription, SAM subscribes a queue (its own, or the one named) and polls it.
              const subscription = eventProperties.SqsSubscription
              const endpoint = subscription === undefined || subscription === false ? resource.id : asMap(subscription)?.QueueArn ?? `${resource.id}${name}Queue`
              add(eventProperties.Topic, endpoint, { filtered: present(eventProperties.FilterPolicy) })
              break
            }
            case 'SQS':
            case 'Kinesis':
            case 'DynamoDB':
              add(eventProperties.Queue ?? eventProperties.Stream, resource.id, { filtered: present(eventProperties.FilterCriteria) })
              break
            case 'S3':
              add(eventProperties.Bucket, resource.id, { filtered: s3Filtered(eventProperties.Filter), events: eventTypes(eventProperties.Events) })
              break
          }
        }
        break
    }
  }
  return index
}

/** Logical ids a value names (`!Ref`, `!GetAtt`, `!Sub`), or the id itself when given as a string. */
function ids(value: Value | undefined): string[] {
  return typeof value === 'string' && !value.includes(':') ? [value] : referencesIn(value).map((reference) => reference.id)
}

/** A filter is present in some deployment (a filter whose content is unknown may still keep the writes out). */
function present(value: Value | undefined): boolean {
  return possibleValues(value).some((candidate) => candidate !== null && !(Array.isArray(candidate) && candidate.length === 0))
}

/** An S3 notification filter with key rules (prefix or suffix): the documented way to keep outputs out of the trigger. */
function s3Filtered(filter: Value | undefined): boolean {
  return possibleValues(filter).some((candidate) => {
    const rules = asMap(candidate)?.S3Key
    return rules !== undefined && (asMap(rules) === undefined || present(asMap(rules)?.Rules))
  })
}

/** The S3 event types a notification listens to; undefined when any is unknown. */
function eventTypes(value: Value | undefined): string[] | undefined {
  const events = asArray(value).flatMap((event) => possibleValues(event))
  if (events.length === 0 || events.some((event) => typeof event !== 'string')) return undefined
  return events as string[]
}
