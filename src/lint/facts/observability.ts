/**
 * What the observability rules ask: whether a setting is on in every, some or no deployment,
 * where an API stage keeps its logging and tracing settings (SAM resource, SAM Globals for the
 * implicit APIs, CloudFormation stage or deployment), and which functions only serve
 * CloudFormation custom resources.
 */
import type { ArchitectureGraph } from '../../graph/graph.js'
import type { GraphNode } from '../../graph/types.js'
import type { Path } from '../../template/positions.js'
import { asRecord } from '../../template/sam.js'
import type { Template, TemplateResource } from '../../template/template.js'
import { asMap, Conditional, displayText, isValueMap, possibleValues, referencesIn, Unresolved, type Value, type ValueMap } from '../../template/values.js'

/**
 * Every value a nested property may take, through the conditions on the way (`Fn::If` on a parent
 * map as well as on the leaf). `undefined` is a possibility where the property is absent; an
 * `Unresolved` stands for a value (or a parent) that is only known once deployed.
 */
export function valuesAt(root: Value | undefined, path: readonly string[]): (Value | undefined)[] {
  const found: (Value | undefined)[] = []
  const visit = (current: Value | undefined, index: number): void => {
    if (current instanceof Conditional) {
      visit(current.whenTrue, index)
      visit(current.whenFalse, index)
    } else if (index === path.length || current instanceof Unresolved) found.push(current ?? undefined)
    else if (current === undefined || current === null) found.push(undefined)
    else visit(asMap(current)?.[path[index]!], index + 1)
  }
  visit(root, 0)
  return found
}

/**
 * Whether a feature is on: `on` when some deployment turns it on (a condition that enables it
 * only in production is a decision, not an oversight), `off` when every possible value is known
 * and none turns it on, `undefined` when a value is unknowable (a parameter without default,
 * an import). `isOn` judges one known value, `undefined` for a value it cannot read.
 */
export function featureState(values: readonly (Value | undefined)[], isOn: (value: Value) => boolean | undefined): 'on' | 'off' | undefined {
  let unknown = false
  for (const value of values) {
    if (value === undefined || value === null) continue
    const verdict = value instanceof Unresolved ? undefined : isOn(value)
    if (verdict === true) return 'on'
    if (verdict === undefined) unknown = true
  }
  return unknown ? undefined : 'off'
}

/** CloudFormation booleans are `true` or the string `"true"` (any case). */
export function isTrue(value: Value): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
  return undefined
}

/** The state of a boolean flag at `path` within `properties`. */
export function flagState(properties: Value | undefined, path: readonly string[]): 'on' | 'off' | undefined {
  return featureState(valuesAt(properties, path), isTrue)
}

/**
 * The longest prefix of `path` written in the resource (own properties or SAM Globals), for
 * pointing a finding at the property that is wrong; `undefined` when even the first key is absent
 * (the finding then points at the resource).
 */
export function writtenPath(resource: TemplateResource | undefined, path: Path): Path | undefined {
  let current: Value | undefined = resource?.properties
  let length = 0
  for (const segment of path) {
    if (!isValueMap(current) || typeof segment !== 'string' || !Object.hasOwn(current, segment)) break
    current = current[segment]
    length++
  }
  return length > 0 ? path.slice(0, length) : undefined
}

/** A SAM `Globals` section (`Api`, `HttpApi`, ...), resolved like the resources' own properties. */
export function samGlobals(template: Template, section: string): ValueMap | undefined {
  if (template.flavor !== 'sam') return undefined
  const raw = asRecord(asRecord(asRecord(template.document.root)?.Globals)?.[section])
  return raw ? asMap(template.resolve(raw)) : undefined
}

/**
 * Where an API stage's settings live. `properties` holds them (with `accessLog` and `tracing`
 * the property paths within it); `resource` is what a finding's path is relative to, absent for
 * SAM's implicit APIs, whose settings come from `Globals` (the finding then points at the event
 * that creates the API).
 */
export interface StageSettings {
  flavor: 'rest' | 'http' | 'websocket'
  properties: ValueMap | undefined
  resource: TemplateResource | undefined
  accessLog: readonly string[]
  /** REST only: HTTP and WebSocket APIs do not support X-Ray. */
  tracing?: readonly string[]
}

/** Resource types that hold a deployed stage's settings (besides the SAM APIs). */
export const STAGE_TYPES = ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Deployment'] as const

/**
 * The stage settings a node stands for, or `undefined` when it holds none: a CloudFormation
 * `RestApi` or `ApiGatewayV2::Api` is judged at its stages, and a deployment without
 * `StageName` creates no stage.
 */
export function stageSettings(graph: ArchitectureGraph, node: GraphNode): StageSettings | undefined {
  const resource = node.resource
  if (!resource) {
    if (!node.createdBy) return undefined
    // SAM applies Globals.Api / Globals.HttpApi to the APIs it creates from function events.
    if (node.type === 'AWS::ApiGateway::RestApi') return { flavor: 'rest', properties: samGlobals(node.template, 'Api'), resource: undefined, accessLog: ['AccessLogSetting'], tracing: ['TracingEnabled'] }
    if (node.type === 'AWS::ApiGatewayV2::Api') return { flavor: 'http', properties: samGlobals(node.template, 'HttpApi'), resource: undefined, accessLog: ['AccessLogSettings'] }
    return undefined
  }
  const properties = resource.properties
  switch (resource.type) {
    case 'AWS::Serverless::Api':
    case 'AWS::ApiGateway::Stage':
      return { flavor: 'rest', properties, resource, accessLog: ['AccessLogSetting'], tracing: ['TracingEnabled'] }
    case 'AWS::Serverless::HttpApi':
      return { flavor: 'http', properties, resource, accessLog: ['AccessLogSettings'] }
    case 'AWS::ApiGatewayV2::Stage': {
      const websocket = apiOfStage(graph, node, properties.ApiId)?.resource?.properties.ProtocolType === 'WEBSOCKET'
      return { flavor: websocket ? 'websocket' : 'http', properties, resource, accessLog: ['AccessLogSettings'] }
    }
    case 'AWS::ApiGateway::Deployment':
      // `StageName` on a deployment creates the stage, configured by `StageDescription`.
      if (properties.StageName === undefined || properties.StageName === null) return undefined
      return { flavor: 'rest', properties, resource, accessLog: ['StageDescription', 'AccessLogSetting'], tracing: ['StageDescription', 'TracingEnabled'] }
    default:
      return undefined
  }
}

function apiOfStage(graph: ArchitectureGraph, stage: GraphNode, apiId: Value | undefined): GraphNode | undefined {
  if (!(apiId instanceof Unresolved)) return undefined
  const prefix = stage.id.slice(0, stage.id.length - stage.logicalId.length)
  for (const reference of apiId.references) {
    const node = graph.nodes.get(prefix + reference.id)
    if (node) return node
  }
  return undefined
}

/** The first key of `path` is absent from a SAM implicit API's Globals: report at the node. */
export function stagePath(settings: StageSettings, path: readonly string[]): Path | undefined {
  return settings.resource ? writtenPath(settings.resource, path) : undefined
}

/**
 * Functions that only serve CloudFormation custom resources: named by a custom resource's
 * `ServiceToken`, or the user handler that CDK's provider framework calls on its behalf. They run
 * during deployments, not in the request path. Logical ids, computed once per template.
 */
export function customResourceHandlers(nodes: readonly GraphNode[]): Set<string> {
  const handlers = new Set<string>()
  for (const node of nodes) {
    if (!node.resource || !(node.type.startsWith('Custom::') || node.type === 'AWS::CloudFormation::CustomResource')) continue
    for (const reference of referencesIn(node.resource.properties.ServiceToken)) handlers.add(reference.id)
  }
  for (const node of nodes) {
    if (node.kind !== 'function' || !handlers.has(node.logicalId)) continue
    const variables = asMap(asMap(node.resource?.properties.Environment)?.Variables)
    for (const name of ['USER_ON_EVENT_FUNCTION_ARN', 'USER_IS_COMPLETE_FUNCTION_ARN']) {
      for (const reference of referencesIn(variables?.[name])) handlers.add(reference.id)
    }
  }
  return handlers
}

/** Resources whose `LogGroupName` and `RetentionInDays` set a log group's retention: the log group, and CDK's `logRetention`. */
const RETENTION_TYPES: ReadonlySet<string> = new Set(['AWS::Logs::LogGroup', 'Custom::LogRetention'])

interface LogGroupFact {
  node: GraphNode
  /** The names it may have (text with `${...}` for unknown parts); undefined when a name is only known once deployed. */
  names: string[] | undefined
  retention: 'set' | 'absent' | 'unknown'
}

/** Each name a value may be, or undefined when one is unknowable; a branch without a name (`AWS::NoValue`) has none. */
function nameTexts(value: Value | undefined): string[] | undefined {
  const texts: string[] = []
  for (const possible of possibleValues(value)) {
    if (possible === null) continue
    const text = displayText(possible)
    if (text === undefined) return undefined
    texts.push(text)
  }
  return texts
}

function logGroupFacts(nodes: readonly GraphNode[]): LogGroupFact[] {
  const facts: LogGroupFact[] = []
  for (const node of nodes) {
    if (!node.resource || !RETENTION_TYPES.has(node.type)) continue
    const retention = valuesAt(node.resource.properties, ['RetentionInDays']).map((value) => value !== undefined && value !== null)
    facts.push({
      node,
      names: nameTexts(node.resource.properties.LogGroupName),
      retention: retention.every(Boolean) ? 'set' : retention.some(Boolean) ? 'unknown' : 'absent',
    })
  }
  return facts
}

export type LogRetentionVerdict = 'retained' | 'missing' | 'no-retention' | 'unknown'

/** Retained if any candidate group keeps a retention; unknown if one is unknowable; otherwise none does. */
function verdictOf(groups: readonly LogGroupFact[]): LogRetentionVerdict {
  if (groups.some((group) => group.retention === 'set')) return 'retained'
  if (groups.some((group) => group.retention === 'unknown')) return 'unknown'
  return 'no-retention'
}

/**
 * For each function of a template: the log group it writes to and whether the template gives it
 * a retention. A function writes to its `LoggingConfig.LogGroup`, or else to
 * `/aws/lambda/<function name>`, which a log group names literally, through the function's
 * `Ref` (`!Sub /aws/lambda/${Fn}`, `!Join`), or through the same `FunctionName` expression.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
 */
export function functionLogGroups(nodes: readonly GraphNode[]): { function: GraphNode; logGroup: string; verdict: LogRetentionVerdict }[] {
  const groups = logGroupFacts(nodes)
  const results: { function: GraphNode; logGroup: string; verdict: LogRetentionVerdict }[] = []
  for (const node of nodes) {
    const properties = node.resource?.properties
    if (node.kind !== 'function' || !properties) continue
    const custom = valuesAt(properties, ['LoggingConfig', 'LogGroup']).filter((value) => value !== undefined && value !== null)
    if (custom.length > 0) {
      let shown: string | undefined
      const verdicts = custom.map((value) => {
        const ids = new Set(referencesIn(value).map((reference) => reference.id))
        const names = nameTexts(value) ?? []
        const named = groups.filter((group) => ids.has(group.node.logicalId) || group.names?.some((name) => names.includes(name)))
        shown ??= named[0]?.node.logicalId
        // A log group the template does not declare (shared, or made elsewhere): its retention is unknowable here.
        return named.length > 0 ? verdictOf(named) : 'unknown'
      })
      const verdict = verdicts.includes('retained') ? 'retained' : verdicts.includes('unknown') ? 'unknown' : 'no-retention'
      results.push({ function: node, logGroup: shown ?? displayText(custom[0]) ?? 'its LoggingConfig.LogGroup', verdict })
      continue
    }
    const functionNames = nameTexts(properties.FunctionName) ?? []
    const candidates = [`/aws/lambda/\${${node.logicalId}}`, ...functionNames.map((name) => `/aws/lambda/${name}`)]
    const matching = groups.filter((group) => group.names?.some((name) => candidates.includes(name)))
    const logGroup = functionNames.length === 1 ? `/aws/lambda/${functionNames[0]}` : candidates[0]!
    if (matching.length > 0) results.push({ function: node, logGroup, verdict: verdictOf(matching) })
    // A log group with a retention whose name is only known once deployed may be this function's.
    else if (groups.some((group) => group.names === undefined && group.retention !== 'absent')) results.push({ function: node, logGroup, verdict: 'unknown' })
    else results.push({ function: node, logGroup, verdict: 'missing' })
  }
  return results
}

/**
 * SQS metrics that show messages waiting in a dead-letter queue. `NumberOfMessagesSent` counts
 * messages sent with SendMessage (Lambda, EventBridge and SNS send to their DLQs), but not those a
 * redrive policy moves: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
const BACKLOG_METRICS: ReadonlySet<string> = new Set(['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage'])
export const SENT_METRIC = 'NumberOfMessagesSent'

/** An alarm's watch on a queue: the metric, and where the `QueueName` dimension is written. */
export interface QueueWatch {
  alarm: GraphNode
  /** Undefined when the metric name is only known once deployed. */
  metric: string | undefined
  /** What the dimension gives: the queue's name, or (a mistake) its URL (`Ref`) or ARN. */
  namedBy: 'name' | 'URL' | 'ARN'

  dimensionPath: Path
}

export interface QueueWatches {
  /** By the queue's logical id. */
  byQueue: Map<string, QueueWatch[]>
  /** Some SQS alarm names a queue only known once deployed: it may watch any queue. */
  opaque: boolean
}

/**
 * `Ref` to a queue is its URL and `GetAtt Arn` its ARN: a `QueueName` dimension with either
 * matches no metric. Anything else that derives from the queue (`Select`/`Split` of the URL) is
 * taken as its name. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html
 */
function namedBy(value: Value | undefined, reference: { id: string; attribute?: string }): QueueWatch['namedBy'] {
  if (!(value instanceof Unresolved)) return 'name'
  const whole = value.intrinsic === 'Ref' || value.intrinsic === 'Fn::GetAtt' || (value.intrinsic === 'Fn::Sub' && /^\$\{[^}]+\}$/.test(value.text ?? ''))
  if (!whole) return 'name'
  if (reference.attribute === undefined || reference.attribute === 'QueueUrl') return 'URL'
  return reference.attribute === 'Arn' ? 'ARN' : 'name'
}

export function isBacklogMetric(metric: string): boolean {
  return BACKLOG_METRICS.has(metric)
}

/** The queues a template's CloudWatch alarms watch: `QueueName` dimensions of AWS/SQS metrics, also inside metric math. */
export function queueWatches(nodes: readonly GraphNode[]): QueueWatches {
  const queueNames = new Map<string, string[]>()
  for (const node of nodes) {
    if (node.kind !== 'queue') continue
    for (const name of nameTexts(node.resource?.properties.QueueName) ?? []) queueNames.set(name, [...(queueNames.get(name) ?? []), node.logicalId])
  }
  const watches: QueueWatches = { byQueue: new Map(), opaque: false }
  const add = (id: string, watch: QueueWatch) => watches.byQueue.set(id, [...(watches.byQueue.get(id) ?? []), watch])
  for (const alarm of nodes) {
    const properties = alarm.resource?.properties
    if (alarm.type !== 'AWS::CloudWatch::Alarm' || !properties) continue
    const metrics: { metric: ValueMap; path: Path }[] = [{ metric: properties, path: [] }]
    const list = properties.Metrics
    if (Array.isArray(list)) {
      list.forEach((query, index) => {
        const metric = asMap(asMap(asMap(query)?.MetricStat)?.Metric)
        if (metric) metrics.push({ metric, path: ['Metrics', index, 'MetricStat', 'Metric'] })
      })
    }
    for (const { metric, path } of metrics) {
      const namespace = metric.Namespace
      if (typeof namespace === 'string' && namespace !== 'AWS/SQS') continue
      const metricName = typeof metric.MetricName === 'string' ? metric.MetricName : undefined
      const dimensions = metric.Dimensions
      if (!Array.isArray(dimensions)) {
        if (dimensions !== undefined && dimensions !== null) watches.opaque = true
        continue
      }
      dimensions.forEach((entry, index) => {
        const dimension = asMap(entry)
        if (dimension?.Name !== 'QueueName') return
        const dimensionPath = [...path, 'Dimensions', index, 'Value']
        const value = dimension.Value
        const references = referencesIn(value)
        for (const reference of references) {
          add(reference.id, { alarm, metric: metricName, namedBy: namedBy(value, reference), dimensionPath })
        }
        if (references.length > 0) return
        const names = nameTexts(value)
        if (names === undefined) watches.opaque = true
        for (const name of names ?? []) {
          const ids = queueNames.get(name)
          for (const id of ids ?? []) add(id, { alarm, metric: metricName, namedBy: 'name', dimensionPath })
          if (!ids && name.includes('${')) watches.opaque = true
        }
      })
    }
  }
  return watches
}
