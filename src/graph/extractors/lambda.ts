import type { TemplateResource } from '../../template/template.js'
import { asMap, type Value } from '../../template/values.js'
import type { BuildContext } from '../context.js'
import { addStatementEdges, callMode, type RolePolicies, samPolicyEdges } from '../iam.js'
import type { GraphNode, NodeKind } from '../types.js'

/** Kinds an environment variable may name that are worth an edge (not roles, policies or permissions). */
const CALLABLE_KINDS: readonly NodeKind[] = [
  'function', 'api', 'queue', 'topic', 'event-bus', 'state-machine', 'table', 'bucket', 'stream', 'delivery-stream',
  'secret', 'parameter', 'key', 'database', 'cache',
]

/** What every Lambda function has, in CloudFormation or SAM: environment, DLQ, VPC, role. */
export function functionEdges(context: BuildContext, node: GraphNode, resource: TemplateResource, roles: RolePolicies): void {
  const properties = resource.properties
  const variables = asMap(asMap(properties.Environment)?.Variables) ?? {}
  for (const [name, value] of Object.entries(variables)) {
    context.edgesTo(node, value, {
      via: 'env', kind: 'may-call', mode: (to) => callMode(to.kind), label: name,
      location: () => context.at(resource, ['Environment', 'Variables', name]), expectedKinds: CALLABLE_KINDS,
    })
  }

  const deadLetter = resource.type === 'AWS::Serverless::Function' ? asMap(properties.DeadLetterQueue) : asMap(properties.DeadLetterConfig)
  const deadLetterPath = resource.type === 'AWS::Serverless::Function' ? 'DeadLetterQueue' : 'DeadLetterConfig'
  context.edgesTo(node, deadLetter?.TargetArn, {
    via: 'dead-letter', kind: 'failure', mode: 'async', location: () => context.at(resource, [deadLetterPath, 'TargetArn']), expectedKinds: ['queue', 'topic'],
  })

  const vpc = asMap(properties.VpcConfig)
  for (const key of ['SubnetIds', 'SecurityGroupIds']) {
    context.edgesTo(node, vpc?.[key], { via: 'vpc', kind: 'network', mode: 'sync', location: () => context.at(resource, ['VpcConfig', key]), expectedKinds: ['subnet', 'security-group'] })
  }

  for (const role of context.targets(properties.Role, ['role'])) addStatementEdges(context, node, roles.of(role.node.logicalId))

  if (resource.type === 'AWS::Serverless::Function') {
    samPolicyEdges(context, node, resource)
    destinationEdges(context, node, resource, asMap(asMap(properties.EventInvokeConfig)?.DestinationConfig), ['EventInvokeConfig', 'DestinationConfig'])
    if (asMap(properties.FunctionUrlConfig)) {
      const url = context.implicitNode(`${resource.id}Url`, 'AWS::Lambda::Url', resource, context.at(resource, ['FunctionUrlConfig']))
      context.edge({ from: url, to: node, mode: 'sync', via: 'integration', kind: 'trigger', location: url.location, label: 'function URL' })
    }
  }
}

/** OnSuccess / OnFailure destinations of asynchronous invocations and stream event sources. */
export function destinationEdges(context: BuildContext, from: GraphNode, resource: TemplateResource, destinations: Record<string, Value> | undefined, path: (string | number)[]): void {
  for (const outcome of ['OnFailure', 'OnSuccess'] as const) {
    const destination = asMap(destinations?.[outcome])?.Destination
    context.edgesTo(from, destination, {
      via: 'destination', kind: outcome === 'OnFailure' ? 'failure' : 'trigger', mode: 'async', label: outcome,
      location: () => context.at(resource, [...path, outcome, 'Destination']), expectedKinds: ['queue', 'topic', 'function', 'event-bus', 'bucket'],
    })
  }
}

/** `AWS::Lambda::EventSourceMapping`: the source is polled and the function invoked with batches. */
export function eventSourceMappingEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  for (const fn of context.targets(properties.FunctionName, ['function'])) {
    context.edgesFrom(properties.EventSourceArn, fn.node, {
      via: 'event-source', kind: 'trigger', mode: 'poll', location: resource.location, expectedKinds: ['queue', 'stream', 'table', 'other', 'database'],
    })
    destinationEdges(context, fn.node, resource, asMap(properties.DestinationConfig), ['DestinationConfig'])
  }
}

/** `AWS::Lambda::EventInvokeConfig`: destinations of a function's asynchronous invocations. */
export function eventInvokeConfigEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  for (const fn of context.targets(resource.properties.FunctionName, ['function'])) {
    destinationEdges(context, fn.node, resource, asMap(resource.properties.DestinationConfig), ['DestinationConfig'])
  }
}

/** `AWS::Lambda::Url`: an HTTPS endpoint that invokes the function synchronously. */
export function functionUrlEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  context.edgesTo(node, resource.properties.TargetFunctionArn, {
    via: 'integration', kind: 'trigger', mode: 'sync', location: context.at(resource, ['TargetFunctionArn']), expectedKinds: ['function'], label: 'function URL',
  })
}
