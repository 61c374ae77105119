import type { ArchitectureGraph } from '../../src/graph/graph.js'
import { matchesAction } from '../../src/graph/iam.js'
import { AWS_SERVICE_BY_KIND } from '../../src/graph/kinds.js'
import type { GraphNode, NodeKind } from '../../src/graph/types.js'
import { handlerOf, namesTemplateResource } from '../../src/lint/facts/code.js'
import { batchSourcesOf, nodeInTemplate } from '../../src/lint/facts/resilience.js'
import { functionGrants } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'
import type { TemplateResource } from '../../src/template/template.js'
import { asArray, asMap, asString, displayText, possibleValues, referencesIn } from '../../src/template/values.js'

/** Services Lambda itself uses with the function's role (logs, traces, network interfaces, keys of encrypted sources): never the code's to use. */
const LAMBDA_SERVICES = new Set(['logs', 'xray', 'ec2', 'kms'])

/** What Lambda's event source mapping does with the role on the queue or stream it polls. */
const POLL_ACTIONS = [
  'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch',
  'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard',
  'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams',
]

/** What Lambda sends, with the role, to the function's dead-letter queue and destinations. */
const FAILURE_SEND_ACTIONS = ['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents']

/** Layers that are libraries or metrics agents, not extensions calling AWS with the role. */
const LIBRARY_LAYER = /Powertools|LambdaInsightsExtension/i

/** Event sources whose pollers use the role for more than the source (secrets, network interfaces). */
const ROLE_USING_EVENTS = new Set(['MSK', 'SelfManagedKafka', 'MQ', 'DocumentDB'])

const KINDS_BY_SERVICE = new Map<string, NodeKind[]>()
for (const [kind, service] of Object.entries(AWS_SERVICE_BY_KIND) as [NodeKind, string][]) KINDS_BY_SERVICE.set(service, [...(KINDS_BY_SERVICE.get(service) ?? []), kind])

export default defineRule({
  id: 'unused-permission',
  category: 'security',
  severity: 'warning',
  title: 'The function\'s role allows actions its code never uses',
  rationale:
    'Least privilege: every action the role allows and the code does not need is an action a bug, a vulnerable dependency or stolen credentials can use — ' +
    'deleting items, reading other objects, publishing as the function. The code shows what the function does; the rest of the grant is exposure.',
  fix:
    'Grant only what the code calls: a narrower SAM policy template (DynamoDBWritePolicy instead of DynamoDBCrudPolicy) or a statement listing the exact ' +
    'actions on the resource; drop grants on resources the code never touches.',
  docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
  equivalents: [],
  messages: {
    policyTemplate: 'policy template {{policy}} grants {{function}} {{actions}} on {{target}}, which its code never uses',
    statement: '{{function}}\'s role allows {{actions}} on {{target}}, which its code never uses',
  },
  kinds: ['function'],
  check({ graph, node, template, code, report }) {
    const handler = handlerOf(code, node)
    const resource = node.resource
    if (!handler || !resource || resource.id !== node.logicalId || usesRoleOutsideCode(resource)) return
    const grants = functionGrants(template, resource)
    // A role several functions share grants what any of them uses.
    if (grants.role && grants.roleUsers.length !== 1) return

    // Only grants of services the code calls, every call naming resources of the template, can be judged: a service the
    // code never seems to call may be called in ways the analysis does not see (paginators, libraries, extensions).
    const unknownServices = new Set<string>()
    const calledServices = new Set<string>()
    for (const call of handler.sdkCalls) {
      calledServices.add(call.service)
      const kinds = KINDS_BY_SERVICE.get(call.service)
      if (!kinds || call.targets.length === 0 || !call.targets.every((value) => namesTemplateResource(graph, node, value, kinds))) unknownServices.add(call.service)
    }
    const used = new Map<string, string[]>()
    for (const edge of graph.outgoing(node.id)) {
      if (edge.via === 'code') used.set(edge.to, [...(used.get(edge.to) ?? []), ...(edge.actions ?? [])])
    }
    const lambdaUses = lambdaActionsByTarget(graph, node, resource)

    for (const grant of grants.grants) {
      if (!grant.owner || !grant.path || grant.scope.anyResource) continue
      const targets = new Map<string, GraphNode>()
      for (const reference of referencesIn(grant.scope.values)) {
        const target = nodeInTemplate(graph, node, reference.id.split('.')[0]!)
        if (target) targets.set(target.id, target)
      }
      for (const target of targets.values()) {
        const service = AWS_SERVICE_BY_KIND[target.kind]
        if (!service || LAMBDA_SERVICES.has(service) || !calledServices.has(service) || unknownServices.has(service)) continue
        const calls = used.get(target.id) ?? []
        const excused = lambdaUses.get(target.id) ?? []
        const unused = grant.actions.filter((action) =>
          action.split(':')[0]?.toLowerCase() === service &&
          !calls.some((call) => matchesAction(action, call)) &&
          !excused.some((lambdaAction) => matchesAction(action, lambdaAction)),
        )
        if (unused.length === 0) continue
        // A SAM policy template is a fixed bundle scoped to one resource: when the code uses any of its actions there, it is
        // the right template (its other actions cannot be dropped without writing the statement out). Only a template the
        // code does not use at all on that resource is worth a finding.
        if (grant.policyTemplate && unused.length < grant.actions.filter((action) => action.split(':')[0]?.toLowerCase() === service).length) continue
        const owner = grant.owner.id === resource.id ? node : nodeInTemplate(graph, node, grant.owner.id)
        const data = { function: node.logicalId, actions: unused.join(', '), target: target.logicalId, ...(grant.policyTemplate ? { policy: grant.policyTemplate } : {}) }
        const messageId = grant.policyTemplate ? 'policyTemplate' : 'statement'
        if (owner) report({ node: owner, path: grant.path, messageId, data })
        else report({ location: template.locateProperty(grant.owner.id, grant.path), messageId, data })
      }
    }
  },
})

/** Extensions (layers) and Kafka/MQ pollers call AWS with the role where the code does not show it. */
function usesRoleOutsideCode(resource: TemplateResource): boolean {
  const layers = asArray(resource.properties.Layers).flatMap(possibleValues)
  if (layers.some((layer) => layer !== null && !LIBRARY_LAYER.test(displayText(layer) ?? ''))) return true
  return Object.values(asMap(resource.properties.Events) ?? {}).some((event) => ROLE_USING_EVENTS.has(asString(asMap(event)?.Type) ?? ''))
}

/** The actions Lambda itself needs on each resource: polling the function's event sources, sending to its dead-letter queue and destinations. */
function lambdaActionsByTarget(graph: ArchitectureGraph, fn: GraphNode, resource: TemplateResource): Map<string, string[]> {
  const uses = new Map<string, string[]>()
  const add = (node: GraphNode | undefined, actions: string[]) => {
    if (node) uses.set(node.id, [...(uses.get(node.id) ?? []), ...actions])
  }
  for (const source of batchSourcesOf(graph, fn, resource)) add(source.source, POLL_ACTIONS)
  for (const edge of graph.incoming(fn.id)) {
    if (edge.kind !== 'trigger') continue
    const from = graph.nodes.get(edge.from)
    add(from, POLL_ACTIONS)
    // A mapping's on-failure destination is sent to with the function's role.
    for (const failure of from ? graph.outgoing(from.id) : []) if (failure.kind === 'failure') add(graph.nodes.get(failure.to), FAILURE_SEND_ACTIONS)
  }
  for (const edge of graph.outgoing(fn.id)) {
    if (edge.kind === 'failure' || edge.via === 'dead-letter' || edge.via === 'destination') add(graph.nodes.get(edge.to), FAILURE_SEND_ACTIONS)
  }
  return uses
}
