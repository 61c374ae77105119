/**
 * Who waits on whom: the synchronous calls between compute that the sync-async rules judge.
 * Shared by direct-function-invocation, synchronous-chain, orchestration-in-function and the code rules.
 */
import type { ArchitectureGraph } from '../../graph/graph.js'
import { matchesAction } from '../../graph/iam.js'
import type { GraphEdge, GraphNode } from '../../graph/types.js'
import type { HandlerAnalysis } from '../../code/types.js'
import type { Location } from '../../template/positions.js'
import type { TemplateResource } from '../../template/template.js'
import { asMap } from '../../template/values.js'
import { callTargetNodes, isSyncExecutionStart, isSynchronousInvoke } from './code.js'

/**
 * A Lambda durable function (`DurableConfig`): its `context.invoke()` checkpoints and suspends the
 * caller without compute charges until the callee answers, and it is itself a workflow (starting
 * one is like starting a Step Functions execution).
 * https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
 */
export function isDurableFunction(resource: TemplateResource | undefined): boolean {
  const config = resource?.properties.DurableConfig
  return config !== undefined && config !== null
}

/**
 * CDK's custom resource provider framework invokes the user's handler by design (its
 * `USER_ON_EVENT_FUNCTION_ARN`): generated plumbing, not the user's architecture.
 */
export function isCdkProviderFramework(resource: TemplateResource | undefined): boolean {
  const variables = asMap(asMap(resource?.properties.Environment)?.Variables)
  return variables !== undefined && (Object.hasOwn(variables, 'USER_ON_EVENT_FUNCTION_ARN') || Object.hasOwn(variables, 'USER_IS_COMPLETE_FUNCTION_ARN'))
}

/**
 * A function in tenant isolation mode is invoked with a tenant id, which only a direct Invoke (or
 * API Gateway) can pass: no queue or event source can stand in for the caller.
 * https://docs.aws.amazon.com/lambda/latest/dg/tenant-isolation.html
 */
export function isTenantIsolated(resource: TemplateResource | undefined): boolean {
  const config = resource?.properties.TenancyConfig
  return config !== undefined && config !== null
}

function resourceOf(graph: ArchitectureGraph, node: GraphNode): TemplateResource | undefined {
  return node.resource ?? (node.createdBy ? node.template.resources.get(node.createdBy) : undefined)
}

/**
 * The functions `node` is permitted to invoke and names: an IAM statement or SAM policy template
 * granting `lambda:InvokeFunction` on it (the statement itself names it), or a SAM connector with
 * Write access to it. An environment variable alone is not enough: a function often passes another
 * function's ARN on (to EventBridge Scheduler, as a callback target) without calling it.
 * Calls to durable functions (they start a workflow) and to tenant-isolated functions (only a direct
 * invoke can name the tenant) are left out. One edge per callee.
 */
export function directInvocations(graph: ArchitectureGraph, node: GraphNode): GraphEdge[] {
  if (isCdkProviderFramework(resourceOf(graph, node))) return []
  const byCallee = new Map<string, GraphEdge>()
  for (const edge of graph.outgoing(node.id)) {
    if (edge.kind !== 'may-call' || byCallee.has(edge.to)) continue
    const callee = graph.nodes.get(edge.to)
    if (callee?.kind !== 'function' || callee.id === node.id) continue
    const calleeResource = resourceOf(graph, callee)
    if (isDurableFunction(calleeResource) || isTenantIsolated(calleeResource)) continue
    const invokes =
      edge.via === 'connector'
        ? (edge.actions ?? []).includes('Write')
        : edge.via === 'iam' && (edge.actions ?? []).some((action) => matchesAction(action, 'lambda:InvokeFunction'))
    if (invokes) byCallee.set(edge.to, edge)
  }
  return [...byCallee.values()]
}

/** State machines `node` may start with `StartSyncExecution` (Express workflows it waits for). */
export function syncWorkflowStarts(graph: ArchitectureGraph, node: GraphNode): GraphEdge[] {
  const byTarget = new Map<string, GraphEdge>()
  for (const edge of graph.outgoing(node.id)) {
    if (edge.kind !== 'may-call' || edge.mode !== 'sync' || byTarget.has(edge.to)) continue
    if (graph.nodes.get(edge.to)?.kind !== 'state-machine') continue
    if ((edge.actions ?? []).some((action) => matchesAction(action, 'states:StartSyncExecution'))) byTarget.set(edge.to, edge)
  }
  return [...byTarget.values()]
}

/** The environment variable of `node` that names `target`, if any (where a finding is best shown). */
export function environmentVariableNaming(graph: ArchitectureGraph, node: GraphNode, target: string): string | undefined {
  return graph.outgoing(node.id).find((edge) => edge.via === 'env' && edge.to === target && edge.label)?.label
}

/** A call the code makes and waits for: the callee, and where the code calls it. */
export interface CodeCall {
  to: GraphNode
  location: Location
}

/**
 * What an analysed function's code waits for: the functions it invokes with `RequestResponse` and
 * the Express workflows it runs with `StartSyncExecution`, each with the call's location. Calls the
 * analysis cannot resolve to a node of the template are left out. One entry per callee (the first call).
 */
export function codeSynchronousCalls(graph: ArchitectureGraph, node: GraphNode, handler: HandlerAnalysis): CodeCall[] {
  if (isCdkProviderFramework(resourceOf(graph, node))) return []
  const byCallee = new Map<string, CodeCall>()
  for (const call of handler.sdkCalls) {
    const kind = isSynchronousInvoke(call) ? 'function' : isSyncExecutionStart(call) ? 'state-machine' : undefined
    if (!kind) continue
    for (const to of callTargetNodes(graph, node, call, [kind])) {
      if (to.id !== node.id && !byCallee.has(to.id)) byCallee.set(to.id, { to, location: call.location })
    }
  }
  return [...byCallee.values()]
}
