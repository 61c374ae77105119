/**
 * What the handler code says (src/code): shared by the code rules. Rules read the analysis and the
 * code edges; they never read code.
 */
import { BuildContext } from '../../graph/context.js'
import type { ArchitectureGraph } from '../../graph/graph.js'
import type { GraphNode, NodeKind } from '../../graph/types.js'
import { callTargets } from '../../code/edges.js'
import type { CodeAnalysis, CodeValue, HandlerAnalysis, HandlerReference, SdkCall } from '../../code/types.js'
import type { Location } from '../../template/positions.js'
import type { Template } from '../../template/template.js'
import { asMap } from '../../template/values.js'

/** The analysis of a function's code, when it was read (absent with `--no-code` or when the code was not found). */
export function handlerOf(code: CodeAnalysis | undefined, node: GraphNode): HandlerAnalysis | undefined {
  return node.kind === 'function' ? code?.handlers.get(node.id) : undefined
}

/** `src/orders.ts:12:5`, as a chain or a message shows a call. */
export function formatLocation(location: Location): string {
  return `${location.file}:${location.line}:${location.column}`
}

const contexts = new WeakMap<ArchitectureGraph, Map<Template, BuildContext>>()

/** A name-matching context over one template's nodes in the graph, built once per graph and template. */
function contextOf(graph: ArchitectureGraph, template: Template): BuildContext {
  let byTemplate = contexts.get(graph)
  if (!byTemplate) contexts.set(graph, (byTemplate = new Map()))
  let context = byTemplate.get(template)
  if (!context) {
    const nodes = [...graph.nodes.values()].filter((node) => node.template === template)
    const sample = nodes[0]
    const prefix = sample ? sample.id.slice(0, sample.id.length - sample.logicalId.length) : ''
    context = new BuildContext(template, graph, prefix)
    for (const node of nodes) context.registerNode(node)
    byTemplate.set(template, context)
  }
  return context
}

/**
 * The nodes of the function's template that code values name, matched as the code edges are (an
 * environment variable through its template value, a literal by physical name, ARN or URL).
 */
export function nodesNamedBy(graph: ArchitectureGraph, fn: GraphNode, values: readonly CodeValue[], kinds: readonly NodeKind[]): GraphNode[] {
  return callTargets(contextOf(graph, fn.template), fn, values, kinds).map((target) => target.node)
}

/** The resources one SDK call acts on, of the given kinds. */
export function callTargetNodes(graph: ArchitectureGraph, fn: GraphNode, call: SdkCall, kinds: readonly NodeKind[]): GraphNode[] {
  return nodesNamedBy(graph, fn, call.targets, kinds)
}

/** A code value as a message names it: `process.env.WORKER_NAME`, `'orders-worker'`. */
export function describeCodeValue(value: CodeValue): string | undefined {
  switch (value.kind) {
    case 'env':
      return `process.env.${value.name}`
    case 'literal':
      return `'${value.text.length > 80 ? `${value.text.slice(0, 77)}...` : value.text}'`
    case 'composite': {
      const parts = value.parts.map((part) => (part.kind === 'literal' ? part.text : part.kind === 'env' ? `\${process.env.${part.name}}` : '${…}'))
      return `\`${parts.join('')}\``
    }
    default:
      return undefined
  }
}

/**
 * What a call names, for a message: the template resources it resolves to, else the variable or
 * literal the code passes, else `fallback`.
 */
export function calleeName(graph: ArchitectureGraph, fn: GraphNode, call: SdkCall, kinds: readonly NodeKind[], fallback: string): string {
  const nodes = callTargetNodes(graph, fn, call, kinds)
  if (nodes.length > 0) return nodes.map((node) => node.logicalId).join(' or ')
  const named = call.targets.map(describeCodeValue).filter((text): text is string => text !== undefined)
  return named.length > 0 ? [...new Set(named)].join(' or ') : fallback
}

/** A Lambda `Invoke` that waits for the callee's answer (InvocationType absent or `RequestResponse`). */
export function isSynchronousInvoke(call: SdkCall): boolean {
  return call.service === 'lambda' && call.operation === 'Invoke' && call.mode === 'sync'
}

/** A Step Functions `StartSyncExecution`: the caller waits for the Express workflow to finish. */
export function isSyncExecutionStart(call: SdkCall): boolean {
  return call.service === 'states' && call.operation === 'StartSyncExecution'
}

/** The environment variable names a code value reads (directly or as parts of a built string). */
export function environmentVariablesIn(value: CodeValue): string[] {
  if (value.kind === 'env') return [value.name]
  if (value.kind === 'composite') return value.parts.flatMap(environmentVariablesIn)
  return []
}

const referencesByAnalysis = new WeakMap<CodeAnalysis, Map<string, HandlerReference>>()

/** Where the template says a function's code is (every function whose code was looked for has one). */
export function handlerReferenceOf(code: CodeAnalysis, node: GraphNode): HandlerReference | undefined {
  let byId = referencesByAnalysis.get(code)
  if (!byId) referencesByAnalysis.set(code, (byId = new Map(code.references.map((reference) => [reference.functionId, reference]))))
  return byId.get(node.id)
}

/**
 * Whether a code value names a resource of the template: an environment variable whose template
 * value references one, a literal the code edges matched, a built string whose variable parts all
 * do. False for `unknown` and for variables the template does not set.
 */
export function namesTemplateResource(graph: ArchitectureGraph, fn: GraphNode, value: CodeValue, kinds: readonly NodeKind[]): boolean {
  if (value.kind === 'unknown') return false
  if (value.kind === 'composite') {
    const variables = value.parts.filter((part) => part.kind === 'env')
    return variables.length > 0 && value.parts.every((part) => part.kind !== 'unknown') && variables.every((part) => namesTemplateResource(graph, fn, part, kinds))
  }
  return nodesNamedBy(graph, fn, [value], kinds).length > 0
}

/**
 * The environment variables Lambda sets in every function (reserved or defined by the runtime):
 * reading them without setting them is fine.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export const LAMBDA_PROVIDED_VARIABLES: ReadonlySet<string> = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_LAMBDA_LOG_FORMAT',
  'AWS_LAMBDA_LOG_LEVEL', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'LANG', 'PATH', 'LD_LIBRARY_PATH', 'NODE_PATH', 'TZ',
  'AWS_XRAY_CONTEXT_MISSING', 'AWS_XRAY_DAEMON_ADDRESS', '_AWS_XRAY_DAEMON_ADDRESS', '_AWS_XRAY_DAEMON_PORT', 'NODE_EXTRA_CA_CERTS',
])

/**
 * The variables a function's template sets (Globals applied), or undefined when the map cannot be
 * read (it comes whole from a parameter, a condition or another intrinsic).
 */
export function environmentVariablesOf(fn: GraphNode): Set<string> | undefined {
  const properties = fn.resource?.properties
  if (!properties) return undefined
  const environment = properties.Environment
  if (environment === undefined || environment === null) return new Set()
  const map = asMap(environment)
  if (!map) return undefined
  const variables = map.Variables
  if (variables === undefined || variables === null) return new Set()
  const names = asMap(variables)
  return names ? new Set(Object.keys(names)) : undefined
}
