import { configuredAt } from '../../src/lint/facts/resilience.js'
import { isDurableFunction } from '../../src/lint/facts/sync-async.js'
import { functionsByName, functionsNamedBy, principalIdentity } from '../../src/lint/facts/security.js'
import { triggersOf } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'
import type { GraphNode } from '../../src/graph/types.js'
import type { TemplateResource } from '../../src/template/template.js'
import { asMap, asString } from '../../src/template/values.js'
import { own } from '../../src/util/own.js'

/**
 * SAM events whose source invokes the function asynchronously (the event is queued by Lambda).
 * EventBridge Scheduler (ScheduleV2) invokes Lambda targets asynchronously too.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
 */
const ASYNC_SAM_EVENTS = new Set(['SNS', 'S3', 'EventBridgeRule', 'CloudWatchEvent', 'Schedule', 'ScheduleV2', 'IoTRule', 'CloudWatchLogs'])

/**
 * Services that invoke a function asynchronously when granted `lambda:InvokeFunction` (the source
 * may be in another stack). Not iot.amazonaws.com: IoT Core also calls custom authorizers, synchronously.
 */
const ASYNC_PRINCIPALS = new Set(['sns.amazonaws.com', 'events.amazonaws.com', 's3.amazonaws.com', 'logs.amazonaws.com', 'lambda.alarms.cloudwatch.amazonaws.com'])

/** Edges by which a source hands events to Lambda's asynchronous queue (not Step Functions callbacks, which the workflow handles). */
const ASYNC_VIAS = new Set(['event-source', 'subscription', 'target', 'destination'])

const KIND_LABEL: Partial<Record<GraphNode['kind'], string>> = { topic: 'topic', rule: 'rule', schedule: 'schedule', bucket: 'bucket', 'log-group': 'log group', alarm: 'alarm', function: 'function' }

/**
 * The function's own safety net for failed asynchronous invocations: a DLQ (`DeadLetterQueue` in
 * SAM, `DeadLetterConfig` in CloudFormation) or an on-failure destination (SAM
 * `EventInvokeConfig`). A DLQ on the EventBridge rule target is not one: it only receives events
 * EventBridge could not hand to Lambda, not those the function failed on.
 */
function handlesOwnFailures(resource: TemplateResource): boolean {
  const properties = resource.properties
  if (resource.type === 'AWS::Serverless::Function') {
    return configuredAt(properties.DeadLetterQueue, 'TargetArn') || configuredAt(properties.EventInvokeConfig, 'DestinationConfig', 'OnFailure')
  }
  return configuredAt(properties.DeadLetterConfig, 'TargetArn')
}

export default defineRule({
  id: 'async-function-without-failure-destination',
  category: 'resilience',
  severity: 'warning',
  title: 'A function invoked asynchronously has no on-failure destination or dead-letter queue',
  rationale:
    'SNS, EventBridge, S3, IoT and CloudWatch Logs invoke functions asynchronously: Lambda queues the event and, when the function fails, retries it twice ' +
    'and then discards it. Without an on-failure destination or a dead-letter queue, those events are lost with no record but a log line.',
  fix:
    'Add an on-failure destination (SAM EventInvokeConfig.DestinationConfig.OnFailure, or an AWS::Lambda::EventInvokeConfig with ' +
    'DestinationConfig.OnFailure.Destination: an SQS queue, SNS topic, bus or function) — it records the error and the event — or a DeadLetterQueue ' +
    '(SAM) / DeadLetterConfig. Alarm on it. A DeadLetterConfig on an EventBridge rule target does not cover function errors.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html',
  equivalents: ['serverless-rules:ES1007', 'cdk-nag:Serverless-LambdaAsyncFailureDestination'],
  messages: {
    noDestination:
      '{{function}} is invoked asynchronously ({{sources}}) but has no on-failure destination or dead-letter queue: events that still fail after Lambda\'s retries are discarded',
  },
  checkTemplate({ graph, template, nodes, report }) {
    const byName = functionsByName(template)
    const covered = new Set<string>()
    const permitted = new Map<string, Set<string>>()
    for (const node of nodes) {
      const resource = node.resource
      if (resource?.type === 'AWS::Lambda::EventInvokeConfig') {
        if (!configuredAt(resource.properties.DestinationConfig, 'OnFailure', 'Destination')) continue
        const functions = functionsNamedBy(template, resource.properties.FunctionName, byName)
        // An on-failure destination for a function we cannot identify might be any function's.
        if (functions.length === 0) return
        for (const fn of functions) covered.add(fn.id)
      } else if (resource?.type === 'AWS::Lambda::Permission') {
        const principal = asString(resource.properties.Principal)
        const service = principal && principalIdentity(principal)
        if (!service || !ASYNC_PRINCIPALS.has(service)) continue
        for (const fn of functionsNamedBy(template, resource.properties.FunctionName, byName)) {
          permitted.set(fn.id, (permitted.get(fn.id) ?? new Set()).add(`${service} (permission ${resource.id})`))
        }
      }
    }

    for (const node of nodes) {
      const resource = node.resource
      if (node.kind !== 'function' || !resource || covered.has(resource.id) || handlesOwnFailures(resource)) continue
      // A durable function is a workflow: its steps retry and its execution records the failure.
      if (isDurableFunction(resource)) continue
      const sources: string[] = []
      const eventLocations = new Set<string>()
      for (const [name, definition] of Object.entries(asMap(resource.properties.Events) ?? {})) {
        const event = asMap(definition)
        const type = asString(event?.Type) ?? ''
        const subscription = asMap(event?.Properties)?.SqsSubscription
        // SNS with SqsSubscription: a queue between topic and function, polled, not async.
        if (!ASYNC_SAM_EVENTS.has(type) || (type === 'SNS' && subscription !== undefined && subscription !== false)) continue
        sources.push(`${type} event ${name}`)
        const location = template.locateProperty(resource.id, ['Events', name])
        eventLocations.add(`${location.line}:${location.column}`)
      }
      for (const edge of triggersOf(graph, node)) {
        const from = graph.nodes.get(edge.from)
        if (edge.mode !== 'async' || !ASYNC_VIAS.has(edge.via) || !from || from.kind === 'state-machine') continue
        if (eventLocations.has(`${edge.location.line}:${edge.location.column}`)) continue
        const label = own(KIND_LABEL, from.kind) ?? from.type.split('::').pop()
        sources.push(edge.via === 'destination' ? `on-success destination of ${from.logicalId}` : `${label} ${from.logicalId}`)
      }
      if (sources.length === 0) for (const grant of permitted.get(resource.id) ?? []) sources.push(grant)
      const unique = [...new Set(sources)]
      if (unique.length === 0) continue
      const shown = unique.length > 3 ? `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more` : unique.join(', ')
      report({ node, messageId: 'noDestination', data: { function: node.logicalId, sources: shown } })
    }
  },
})
