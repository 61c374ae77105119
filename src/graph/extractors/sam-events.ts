import type { Location } from '../../template/positions.js'
import type { TemplateResource } from '../../template/template.js'
import { asMap, asString, type Value, type ValueMap } from '../../template/values.js'
import type { BuildContext } from '../context.js'
import { callMode } from '../iam.js'
import type { GraphNode } from '../types.js'
import { destinationEdges } from './lambda.js'
import { deadLetterTargetOf } from './messaging.js'
import { own } from '../../util/own.js'

/**
 * SAM `Events` on a function or state machine. Each event is an edge from its source; events
 * that make SAM generate a resource (implicit APIs, rules, schedules) get that resource as a node,
 * with the logical id SAM gives it, located at the event.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html
 */
export function samEventEdges(context: BuildContext, target: GraphNode, resource: TemplateResource): void {
  const events = asMap(resource.properties.Events) ?? {}
  for (const [name, definition] of Object.entries(events)) {
    const event = asMap(definition)
    const type = asString(event?.Type)
    if (!event || !type) continue
    const properties = asMap(event.Properties) ?? {}
    const location = context.at(resource, ['Events', name])
    const handler = own(EVENT_HANDLERS, type)
    handler?.({ context, target, resource, eventName: name, properties, location })
  }
}

interface EventInput {
  context: BuildContext
  target: GraphNode
  resource: TemplateResource
  eventName: string
  properties: ValueMap
  location: Location
}

type EventHandler = (input: EventInput) => void

/** A function answers an API synchronously; a state machine behind an API is started (async). */
function apiMode(target: GraphNode) {
  return target.kind === 'function' ? 'sync' as const : callMode(target.kind, ['states:StartExecution'])
}

function apiEvent(implicitId: string, implicitType: string, apiProperty: string): EventHandler {
  return ({ context, target, resource, properties, location }) => {
    const method = asString(properties.Method)?.toUpperCase()
    const path = asString(properties.Path)
    const label = method && path ? `${method === 'ANY' ? 'ANY' : method} ${path}` : path ?? '$default'
    const explicit = properties[apiProperty]
    const apis = explicit === undefined
      ? [{ node: context.implicitNode(implicitId, implicitType, resource, location) }]
      : context.targets(explicit, ['api'])
    for (const api of apis) context.edge({ from: api.node, to: target, mode: apiMode(target), via: 'event-source', kind: 'trigger', location, label })
  }
}

function pollEvent(sourceProperty: string): EventHandler {
  return ({ context, target, resource, eventName, properties, location }) => {
    context.edgesFrom(properties[sourceProperty], target, { mode: 'poll', via: 'event-source', kind: 'trigger', location })
    destinationEdges(context, target, resource, asMap(properties.DestinationConfig), ['Events', eventName, 'Properties', 'DestinationConfig'])
  }
}

/** The DLQ of an event's generated rule or schedule: an ARN, or a queue SAM creates (`Type: SQS`). */
function eventDeadLetter(input: EventInput, source: GraphNode): void {
  const { context, resource, eventName, properties } = input
  const config = asMap(properties.DeadLetterConfig)
  if (!config) return
  const location = context.at(resource, ['Events', eventName, 'Properties', 'DeadLetterConfig'])
  if (config.Arn !== undefined) {
    context.edgesTo(source, config.Arn, { mode: 'async', via: 'dead-letter', kind: 'failure', location, expectedKinds: ['queue'] })
  } else if (config.Type === 'SQS') {
    const queueId = asString(config.QueueLogicalId) ?? `${resource.id}${eventName}Queue`
    const queue = context.implicitNode(queueId, 'AWS::SQS::Queue', resource, location)
    context.edge({ from: source, to: queue, mode: 'async', via: 'dead-letter', kind: 'failure', location })
  }
}

function ruleEvent(type: string, kind: 'rule' | 'schedule', expressionProperty?: string): EventHandler {
  return (input) => {
    const { context, target, resource, eventName, properties, location } = input
    const rule = context.implicitNode(`${resource.id}${eventName}`, type, resource, location, kind)
    const label = expressionProperty ? asString(properties[expressionProperty]) : undefined
    if (kind === 'rule') {
      context.edgesFrom(properties.EventBusName, rule, { mode: 'async', via: 'event-source', kind: 'trigger', location, expectedKinds: ['event-bus'] })
    }
    context.edge({ from: rule, to: target, mode: 'async', via: 'target', kind: 'trigger', location, ...(label ? { label } : {}) })
    eventDeadLetter(input, rule)
  }
}

function asyncSourceEvent(sourceProperty: string, mode: 'async' | 'sync' = 'async'): EventHandler {
  return ({ context, target, properties, location }) => {
    context.edgesFrom(properties[sourceProperty], target, { mode, via: 'event-source', kind: 'trigger', location })
  }
}

const snsEvent: EventHandler = ({ context, target, resource, eventName, properties, location }) => {
  // The subscription's DLQ for messages SNS cannot deliver (passed to AWS::SNS::Subscription RedrivePolicy).
  for (const topic of context.targets(properties.Topic, ['topic'])) {
    context.edgesTo(topic.node, deadLetterTargetOf(properties.RedrivePolicy), {
      mode: 'async', via: 'dead-letter', kind: 'failure', location: context.at(resource, ['Events', eventName, 'Properties', 'RedrivePolicy']), expectedKinds: ['queue'],
    })
  }
  const subscription = properties.SqsSubscription as Value | undefined
  if (subscription === undefined || subscription === false) {
    context.edgesFrom(properties.Topic, target, { mode: 'async', via: 'event-source', kind: 'trigger', location, expectedKinds: ['topic'] })
    return
  }
  // SqsSubscription: SAM puts a queue between the topic and the function.
  const queueArn = asMap(subscription)?.QueueArn
  const queues = queueArn !== undefined
    ? context.targets(queueArn, ['queue']).map((found) => found.node)
    : [context.implicitNode(`${resource.id}${eventName}Queue`, 'AWS::SQS::Queue', resource, location)]
  for (const queue of queues) {
    context.edgesFrom(properties.Topic, queue, { mode: 'async', via: 'subscription', kind: 'trigger', location, expectedKinds: ['topic'] })
    context.edge({ from: queue, to: target, mode: 'poll', via: 'event-source', kind: 'trigger', location })
  }
}

const EVENT_HANDLERS: Record<string, EventHandler> = {
  Api: apiEvent('ServerlessRestApi', 'AWS::ApiGateway::RestApi', 'RestApiId'),
  HttpApi: apiEvent('ServerlessHttpApi', 'AWS::ApiGatewayV2::Api', 'ApiId'),
  SQS: pollEvent('Queue'),
  Kinesis: pollEvent('Stream'),
  DynamoDB: pollEvent('Stream'),
  DocumentDB: pollEvent('Cluster'),
  MSK: pollEvent('Stream'),
  MQ: pollEvent('Broker'),
  SNS: snsEvent,
  S3: asyncSourceEvent('Bucket'),
  CloudWatchLogs: asyncSourceEvent('LogGroupName'),
  // Cognito triggers are synchronous: sign-up waits for the function.
  Cognito: asyncSourceEvent('UserPool', 'sync'),
  Schedule: ruleEvent('AWS::Events::Rule', 'schedule', 'Schedule'),
  ScheduleV2: ruleEvent('AWS::Scheduler::Schedule', 'schedule', 'ScheduleExpression'),
  EventBridgeRule: ruleEvent('AWS::Events::Rule', 'rule'),
  CloudWatchEvent: ruleEvent('AWS::Events::Rule', 'rule'),
}
