/**
 * Facts rules ask about resources and the graph, each answered once here. Every helper returns
 * `undefined` (or nothing) for what is unresolved: a rule must not judge a value it cannot know.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import type { GraphEdge, GraphNode } from '../graph/types.js'
import type { TemplateResource } from '../template/template.js'
import { asMap, asNumber, asString, possibleValues, type Value } from '../template/values.js'

/** CloudFormation/SAM defaults. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html */
export const DEFAULT_TIMEOUT_SECONDS = 3
export const DEFAULT_MEMORY_MB = 128
/** https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30

/** Every number a value may be (both branches of a condition); empty when unresolved. */
export function numbersOf(value: Value | undefined): number[] {
  return possibleValues(value).map(asNumber).filter((number): number is number => number !== undefined)
}

/** The largest value a numeric property may take, the default when absent, undefined when unknowable. */
export function maxNumber(value: Value | undefined, fallback: number): number | undefined {
  if (value === undefined || value === null) return fallback
  const numbers = numbersOf(value)
  return numbers.length > 0 && numbers.length === possibleValues(value).length ? Math.max(...numbers) : undefined
}

/** The smallest value a numeric property may take (see maxNumber). */
export function minNumber(value: Value | undefined, fallback: number): number | undefined {
  if (value === undefined || value === null) return fallback
  const numbers = numbersOf(value)
  return numbers.length > 0 && numbers.length === possibleValues(value).length ? Math.min(...numbers) : undefined
}

export function functionTimeoutSeconds(fn: TemplateResource | undefined): number | undefined {
  return maxNumber(fn?.properties.Timeout, DEFAULT_TIMEOUT_SECONDS)
}

export type ApiFlavor = 'rest' | 'http' | 'websocket' | 'function-url' | 'graphql'

export function apiFlavor(node: GraphNode): ApiFlavor | undefined {
  switch (node.type) {
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::Serverless::Api':
      return 'rest'
    case 'AWS::Serverless::HttpApi':
      return 'http'
    case 'AWS::ApiGatewayV2::Api':
      return asString(node.resource?.properties.ProtocolType) === 'WEBSOCKET' ? 'websocket' : 'http'
    case 'AWS::Lambda::Url':
      return 'function-url'
    case 'AWS::AppSync::GraphQLApi':
    case 'AWS::Serverless::GraphQLApi':
      return 'graphql'
    default:
      return undefined
  }
}

/** Edges that invoke this node (events flowing in). */
export function triggersOf(graph: ArchitectureGraph, node: GraphNode): GraphEdge[] {
  return graph.incoming(node.id).filter((edge) => edge.kind === 'trigger')
}

/** A queue (or topic) that receives failures from somewhere: it is itself a DLQ. */
export function isDeadLetterTarget(graph: ArchitectureGraph, node: GraphNode): boolean {
  return graph.incoming(node.id).some((edge) => edge.kind === 'failure')
}

/** Where a function's failed asynchronous invocations go: its DLQ or on-failure destination edges. */
export function failureDestinations(graph: ArchitectureGraph, node: GraphNode): GraphEdge[] {
  return graph.outgoing(node.id).filter((edge) => edge.kind === 'failure' && (edge.via === 'dead-letter' || edge.via === 'destination'))
}

export function nodeOf(graph: ArchitectureGraph, id: string): GraphNode | undefined {
  return graph.nodes.get(id)
}

/** A property of a nested map, e.g. property(resource, 'TracingConfig', 'Mode'). */
export function property(resource: TemplateResource | undefined, ...path: string[]): Value | undefined {
  let current: Value | undefined = resource?.properties
  for (const key of path) current = asMap(current)?.[key]
  return current
}
