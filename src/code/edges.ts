/**
 * Code edges (design §1): each SDK call a function's code makes becomes a `may-call` edge via
 * `code` to the resource it names, with the operation, the IAM actions and the mode the code shows
 * (an Invoke with `InvocationType: 'Event'` is async whatever IAM allows). Targets are matched
 * the way the template's own edges are: an environment variable through its template value
 * (`Ref`/`GetAtt`/`Sub`, both branches of `Fn::If`), a literal by physical name, ARN or queue URL.
 */
import { BuildContext, type Target } from '../graph/context.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import { AWS_SERVICE_BY_KIND } from '../graph/kinds.js'
import type { GraphNode, NodeKind } from '../graph/types.js'
import type { Template } from '../template/template.js'
import { asMap } from '../template/values.js'
import type { CodeAnalysis, CodeValue, SdkCall } from './types.js'

/** Kinds a call to a service without its own node kind may still name (not roles, policies or permissions). */
const CALLABLE_KINDS: readonly NodeKind[] = [
  'function', 'api', 'queue', 'topic', 'event-bus', 'state-machine', 'table', 'bucket', 'stream', 'delivery-stream',
  'secret', 'parameter', 'key', 'database', 'cache', 'schedule', 'log-group',
]

/** The node kinds each IAM service prefix acts on (the inverse of the graph's kind → service table). */
const KINDS_BY_SERVICE = new Map<string, NodeKind[]>()
for (const [kind, service] of Object.entries(AWS_SERVICE_BY_KIND) as [NodeKind, string][]) {
  KINDS_BY_SERVICE.set(service, [...(KINDS_BY_SERVICE.get(service) ?? []), kind])
}
KINDS_BY_SERVICE.set('scheduler', ['schedule'])

/** Adds an edge from each analysed function to every resource its SDK calls name. */
export function addCodeEdges(graph: ArchitectureGraph, analysis: CodeAnalysis): void {
  const contexts = new Map<Template, BuildContext>()
  for (const [functionId, handler] of analysis.handlers) {
    const fn = graph.nodes.get(functionId)
    if (!fn) continue
    let context = contexts.get(fn.template)
    if (!context) {
      context = contextOf(graph, fn.template)
      contexts.set(fn.template, context)
    }
    for (const call of handler.sdkCalls) addCallEdges(context, fn, call)
  }
}

/** The resources one call names, as edges from the function. */
function addCallEdges(context: BuildContext, fn: GraphNode, call: SdkCall): void {
  const expectedKinds = KINDS_BY_SERVICE.get(call.service) ?? CALLABLE_KINDS
  for (const target of callTargets(context, fn, call.targets, expectedKinds)) {
    const condition = target.condition ?? fn.resource?.condition ?? target.node.resource?.condition
    context.graph.addEdge({
      from: fn.id,
      to: target.node.id,
      // A call whose mode the code does not show may wait: the cautious reading.
      mode: call.mode === 'unknown' ? 'sync' : call.mode,
      via: 'code',
      kind: 'may-call',
      location: call.location,
      // The operation is the label too, so two different operations on one resource stay two edges.
      label: call.operation,
      actions: call.actions,
      operation: call.operation,
      ...(condition ? { condition } : {}),
    })
  }
}

/** The graph nodes a call's target values name. */
export function callTargets(context: BuildContext, fn: GraphNode, values: readonly CodeValue[], expectedKinds: readonly NodeKind[]): Target[] {
  const found = new Map<string, Target>()
  const add = (targets: Target[]): void => {
    for (const target of targets) if (!found.has(target.node.id)) found.set(target.node.id, target)
  }
  const variables = asMap(asMap(fn.resource?.properties.Environment)?.Variables)
  const visit = (value: CodeValue): void => {
    if (value.kind === 'env') {
      const templateValue = variables && Object.hasOwn(variables, value.name) ? variables[value.name] : undefined
      add(context.targets(templateValue, expectedKinds))
    } else if (value.kind === 'literal') add(context.targets(value.text, expectedKinds))
    // A literal fragment of a built name (`${prefix}-orders`) names nothing on its own: only the env parts.
    else if (value.kind === 'composite') value.parts.filter((part) => part.kind === 'env').forEach(visit)
  }
  values.forEach(visit)
  return [...found.values()]
}

/**
 * A BuildContext over the nodes of one template already in the graph, for its name matching and
 * `targets` (the graph's builder keeps its contexts to itself). Node ids carry the `file#` prefix
 * when the graph spans several templates.
 */
function contextOf(graph: ArchitectureGraph, template: Template): BuildContext {
  const nodes = [...graph.nodes.values()].filter((node) => node.template === template)
  const sample = nodes[0]
  const prefix = sample ? sample.id.slice(0, sample.id.length - sample.logicalId.length) : ''
  const context = new BuildContext(template, graph, prefix)
  for (const node of nodes) context.registerNode(node)
  return context
}
