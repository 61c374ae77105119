/**
 * Section 5, the synchronous paths: from each API the client calls, follow the `sync` edges
 * (triggers and calls the code may make) through functions and workflows, and add up the
 * timeouts along the way. The client waits for all of them, but API Gateway stops waiting at its
 * integration limit, so a budget above the limit is a request that can answer 504 while the work
 * goes on (and is billed).
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import { KIND_LABEL } from '../graph/render/diagram.js'
import type { GraphNode } from '../graph/types.js'
import { apiFlavor, type ApiFlavor, functionTimeoutSeconds } from '../lint/helpers.js'
import { compareText, sortedNodes } from './inventory.js'
import type { SyncPath, SyncPathStep } from './types.js'

/**
 * How long each kind of entry point waits for its integration: 29 s (REST, WebSocket), 30 s (HTTP API),
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html ; AppSync resolvers 30 s,
 * https://docs.aws.amazon.com/general/latest/gr/appsync.html ; a function URL waits as long as the
 * function may run, 900 s, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const ENTRY_LIMIT_SECONDS: Readonly<Record<ApiFlavor, number>> = { rest: 29, websocket: 29, http: 30, graphql: 30, 'function-url': 900 }

const FLAVOR_NAME: Readonly<Record<ApiFlavor, string>> = { rest: 'REST API', websocket: 'WebSocket API', http: 'HTTP API', 'function-url': 'function URL', graphql: 'GraphQL API' }

/** Only compute is walked through: a table, bucket or queue answers and ends the path. */
const WALKED_KINDS = new Set(['function', 'state-machine'])
/** A longer chain is cut: a template with one has bigger problems than the report's table. */
const MAX_DEPTH = 8
const MAX_PATHS_PER_ENTRY = 20

export function syncPaths(graph: ArchitectureGraph): SyncPath[] {
  const paths: SyncPath[] = []
  for (const entry of sortedNodes(graph)) {
    if (entry.kind !== 'api') continue
    const flavor = apiFlavor(entry)
    const found: GraphNode[][] = []
    const walk = (path: GraphNode[]): void => {
      if (found.length >= MAX_PATHS_PER_ENTRY) return
      const last = path[path.length - 1]!
      const canContinue = path.length === 1 || (WALKED_KINDS.has(last.kind) && path.length <= MAX_DEPTH)
      const next = canContinue ? syncNext(graph, last).filter((node) => !path.includes(node)) : []
      if (next.length === 0) {
        if (path.length > 1) found.push(path)
        return
      }
      for (const node of next) walk([...path, node])
    }
    walk([entry])
    for (const nodes of found) paths.push(pathOf(nodes, flavor))
  }
  return paths
}

/** The nodes a node waits on: sync trigger and may-call edges (not network or failure paths), each target once, by id. */
function syncNext(graph: ArchitectureGraph, node: GraphNode): GraphNode[] {
  const targets = new Map<string, GraphNode>()
  for (const edge of graph.outgoing(node.id)) {
    if (edge.mode !== 'sync' || (edge.kind !== 'trigger' && edge.kind !== 'may-call')) continue
    const target = graph.nodes.get(edge.to)
    if (target) targets.set(target.id, target)
  }
  return [...targets.values()].sort((a, b) => compareText(a.id, b.id))
}

export function pathOf(nodes: readonly GraphNode[], flavor: ApiFlavor | undefined): SyncPath {
  const [entry, ...rest] = nodes
  const steps: SyncPathStep[] = nodes.map((node) => ({
    nodeId: node.id,
    name: node.logicalId,
    kind: KIND_LABEL[node.kind] ?? node.kind,
    // Only functions carry a Timeout of their own here (default 3 s); the rest answer within their caller's.
    timeoutSeconds: node.kind === 'function' ? functionTimeoutSeconds(node.resource) : 0,
  }))
  const timeouts = steps.slice(1).map((step) => step.timeoutSeconds)
  const budgetSeconds = timeouts.every((timeout) => timeout !== undefined) ? timeouts.reduce<number>((sum, timeout) => sum + timeout!, 0) : undefined
  const limitSeconds = flavor ? ENTRY_LIMIT_SECONDS[flavor] : undefined
  return {
    entry: entry!.logicalId,
    entryKind: flavor ? FLAVOR_NAME[flavor] : (KIND_LABEL[entry!.kind] ?? entry!.kind),
    steps,
    budgetSeconds,
    limitSeconds,
    overLimit: budgetSeconds !== undefined && limitSeconds !== undefined && budgetSeconds > limitSeconds && rest.length > 0,
  }
}
