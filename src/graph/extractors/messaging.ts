import type { TemplateResource } from '../../template/template.js'
import { asArray, asMap, asString, Unresolved, type Value } from '../../template/values.js'
import type { BuildContext } from '../context.js'
import { callMode } from '../iam.js'
import type { GraphNode, NodeKind } from '../types.js'

const TARGET_KINDS: readonly NodeKind[] = ['function', 'queue', 'topic', 'event-bus', 'state-machine', 'stream', 'delivery-stream', 'api', 'log-group']

/** CloudFormation accepts some policies (RedrivePolicy) as a JSON string as well as an object. */
function objectOrJson(value: Value | undefined): Record<string, Value> | undefined {
  if (typeof value === 'string') {
    try {
      return asMap(JSON.parse(value) as Value)
    } catch {
      return undefined
    }
  }
  return asMap(value)
}

/**
 * The `deadLetterTargetArn` of a redrive policy (SQS queue, SNS subscription). A policy written as
 * JSON text with placeholders (`!Sub '{"deadLetterTargetArn": "${DLQ.Arn}", ...}'`) cannot be
 * parsed, but the only resource it can name is the DLQ: its references are the target.
 */
export function deadLetterTargetOf(policy: Value | undefined): Value | undefined {
  if (policy instanceof Unresolved) return policy
  return objectOrJson(policy)?.deadLetterTargetArn
}

/** `AWS::SQS::Queue` RedrivePolicy: messages that fail maxReceiveCount times move to the DLQ. */
export function queueEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  context.edgesTo(node, deadLetterTargetOf(resource.properties.RedrivePolicy), {
    mode: 'async', via: 'redrive', kind: 'failure', location: context.at(resource, ['RedrivePolicy']), expectedKinds: ['queue'],
  })
}

function subscriptionEdge(context: BuildContext, topic: GraphNode, endpoint: Value | undefined, protocol: string | undefined, location: GraphNode['location']): void {
  context.edgesTo(topic, endpoint, { mode: 'async', via: 'subscription', kind: 'trigger', location, expectedKinds: TARGET_KINDS, ...(protocol ? { label: protocol } : {}) })
}

/** `AWS::SNS::Topic` with inline `Subscription` entries. */
export function topicEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  asArray(resource.properties.Subscription).forEach((entry, index) => {
    const subscription = asMap(entry)
    subscriptionEdge(context, node, subscription?.Endpoint, asString(subscription?.Protocol), context.at(resource, ['Subscription', index]))
  })
}

/** `AWS::SNS::Subscription`: topic -> endpoint, and the subscription's DLQ for undeliverable messages. */
export function subscriptionEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  for (const topic of context.targets(properties.TopicArn, ['topic'])) {
    subscriptionEdge(context, topic.node, properties.Endpoint, asString(properties.Protocol), resource.location)
    context.edgesTo(topic.node, deadLetterTargetOf(properties.RedrivePolicy), {
      mode: 'async', via: 'dead-letter', kind: 'failure', location: context.at(resource, ['RedrivePolicy']), expectedKinds: ['queue'],
    })
  }
}

/** `AWS::Events::Rule`: bus -> rule -> each target, and each target's DLQ. */
export function ruleEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  context.edgesFrom(properties.EventBusName, node, { mode: 'async', via: 'event-source', kind: 'trigger', location: context.at(resource, ['EventBusName']), expectedKinds: ['event-bus'] })
  const label = asString(properties.ScheduleExpression)
  asArray(properties.Targets).forEach((entry, index) => {
    const target = asMap(entry)
    const location = context.at(resource, ['Targets', index])
    context.edgesTo(node, target?.Arn, { mode: 'async', via: 'target', kind: 'trigger', location, expectedKinds: TARGET_KINDS, ...(label ? { label } : {}) })
    context.edgesTo(node, asMap(target?.DeadLetterConfig)?.Arn, {
      mode: 'async', via: 'dead-letter', kind: 'failure', location: context.at(resource, ['Targets', index, 'DeadLetterConfig']), expectedKinds: ['queue'],
    })
  })
}

/** `AWS::Scheduler::Schedule`: the schedule invokes its target asynchronously; failed deliveries go to its DLQ. */
export function scheduleEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const target = asMap(resource.properties.Target)
  const label = asString(resource.properties.ScheduleExpression)
  context.edgesTo(node, target?.Arn, { mode: 'async', via: 'target', kind: 'trigger', location: context.at(resource, ['Target', 'Arn']), expectedKinds: TARGET_KINDS, ...(label ? { label } : {}) })
  context.edgesTo(node, asMap(target?.DeadLetterConfig)?.Arn, {
    mode: 'async', via: 'dead-letter', kind: 'failure', location: context.at(resource, ['Target', 'DeadLetterConfig']), expectedKinds: ['queue'],
  })
}

/** `AWS::S3::Bucket` notifications: S3 invokes functions and sends to queues and topics asynchronously. */
export function bucketEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const notifications = asMap(resource.properties.NotificationConfiguration)
  const kinds = [['LambdaConfigurations', 'Function'], ['QueueConfigurations', 'Queue'], ['TopicConfigurations', 'Topic']] as const
  for (const [list, property] of kinds) {
    asArray(notifications?.[list]).forEach((entry, index) => {
      const label = asString(asMap(entry)?.Event)
      context.edgesTo(node, asMap(entry)?.[property], {
        mode: 'async', via: 'event-source', kind: 'trigger', location: context.at(resource, ['NotificationConfiguration', list, index]), ...(label ? { label } : {}),
      })
    })
  }
}

/** `AWS::CloudWatch::Alarm` actions: the alarm notifies its topics when it changes state. */
export function alarmEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  for (const property of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) {
    context.edgesTo(node, resource.properties[property], { mode: 'async', via: 'target', kind: 'trigger', location: context.at(resource, [property]), expectedKinds: ['topic', 'function'] })
  }
}

/** `AWS::Logs::SubscriptionFilter`: log events are pushed to the destination asynchronously. */
export function logSubscriptionEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  for (const group of context.targets(resource.properties.LogGroupName, ['log-group'])) {
    context.edgesTo(group.node, resource.properties.DestinationArn, { mode: 'async', via: 'subscription', kind: 'trigger', location: resource.location, expectedKinds: TARGET_KINDS })
  }
}

/** `AWS::Pipes::Pipe`: the pipe polls its source, optionally enriches, and delivers to its target. */
export function pipeEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  context.edgesFrom(properties.Source, node, { mode: 'poll', via: 'event-source', kind: 'trigger', location: context.at(resource, ['Source']) })
  context.edgesTo(node, properties.Enrichment, { mode: 'sync', via: 'target', kind: 'trigger', location: context.at(resource, ['Enrichment']), label: 'enrichment' })
  context.edgesTo(node, properties.Target, { mode: (to) => (to.kind === 'function' ? 'sync' : callMode(to.kind)), via: 'target', kind: 'trigger', location: context.at(resource, ['Target']) })
}

/** `AWS::IoT::TopicRule`: IoT invokes functions asynchronously and sends to queues and topics. */
export function iotRuleEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const actions = asArray(asMap(resource.properties.TopicRulePayload)?.Actions)
  actions.forEach((entry, index) => {
    for (const action of Object.values(asMap(entry) ?? {})) {
      const config = asMap(action)
      const named = config?.FunctionArn ?? config?.QueueUrl ?? config?.TargetArn ?? config?.StateMachineName
      context.edgesTo(node, named, { mode: 'async', via: 'target', kind: 'trigger', location: context.at(resource, ['TopicRulePayload', 'Actions', index]), expectedKinds: TARGET_KINDS })
    }
  })
}
