import type { CodeAnalysis } from '../../src/code/types.js'
import type { ArchitectureGraph } from '../../src/graph/graph.js'
import type { GraphNode } from '../../src/graph/types.js'
import { formatLocation, handlerOf } from '../../src/lint/facts/code.js'
import { codeSynchronousCalls, directInvocations, isDurableFunction, syncWorkflowStarts } from '../../src/lint/facts/sync-async.js'
import { apiFlavor, functionTimeoutSeconds } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Location } from '../../src/template/positions.js'

/**
 * API Gateway stops waiting for an integration after 29 s (REST, WebSocket) or 30 s (HTTP API):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
const INTEGRATION_LIMIT_SECONDS: Partial<Record<string, number>> = { rest: 29, websocket: 29, http: 30 }
const FLAVOR_NAME: Record<string, string> = { rest: 'REST API', websocket: 'WebSocket API', http: 'HTTP API', 'function-url': 'function URL', graphql: 'GraphQL API' }

/** Paths longer than this are cut (a template with a deeper chain has bigger problems than the message). */
const MAX_DEPTH = 8
const MAX_CHAINS_PER_FUNCTION = 10

/** One step of a chain: a node, and where its code calls the next one (for analysed functions). */
interface Hop {
  node: GraphNode
  call?: Location
}

/**
 * What a function waits for synchronously: functions it invokes, Express workflows it runs with
 * StartSyncExecution. For a function whose code was analysed, the calls its code makes with their
 * locations (InvocationType 'Event' is no wait); otherwise what its permissions allow. A durable
 * function's calls are checkpointed steps of its own workflow (it suspends instead of waiting), so
 * the chain ends there, as it does at a state machine.
 */
function synchronousCallees(graph: ArchitectureGraph, code: CodeAnalysis | undefined, node: GraphNode): Array<{ to: GraphNode; call?: Location }> {
  if (node.kind !== 'function' || isDurableFunction(node.resource)) return []
  const handler = handlerOf(code, node)
  if (handler) return codeSynchronousCalls(graph, node, handler).map(({ to, location }) => ({ to, call: location }))
  return [...directInvocations(graph, node), ...syncWorkflowStarts(graph, node)].map((edge) => ({ to: graph.nodes.get(edge.to)! }))
}

/** Every maximal synchronous path that starts at `first` and goes at least one call further. */
function chainsFrom(graph: ArchitectureGraph, code: CodeAnalysis | undefined, first: GraphNode): Hop[][] {
  const chains: Hop[][] = []
  const walk = (path: Hop[]): void => {
    if (chains.length >= MAX_CHAINS_PER_FUNCTION) return
    const last = path[path.length - 1]!
    const next = path.length < MAX_DEPTH ? synchronousCallees(graph, code, last.node).filter(({ to }) => !path.some((hop) => hop.node === to)) : []
    if (next.length === 0) {
      if (path.length >= 2) chains.push(path)
      return
    }
    for (const { to, call } of next) walk([...path.slice(0, -1), { ...last, ...(call ? { call } : {}) }, { node: to }])
  }
  walk([{ node: first }])
  return chains
}

/** `OrdersApi → A (src/a.ts:12:5) → B (src/b.ts:8:3) → C`: each hop with the code that makes the next call, when known. */
function describeChain(entry: GraphNode, chain: readonly Hop[]): string {
  return [entry.logicalId, ...chain.map((hop) => (hop.call ? `${hop.node.logicalId} (${formatLocation(hop.call)})` : hop.node.logicalId))].join(' → ')
}

export default defineRule({
  id: 'synchronous-chain',
  category: 'sync-async',
  severity: 'warning',
  title: 'A request waits on a chain of synchronous calls',
  rationale:
    'Behind an API every synchronous hop adds its latency, its cold starts and its failure modes to the request, and each caller is ' +
    'billed while it waits for the next. The timeouts add up while the client (and API Gateway, which gives up after 29-30 seconds) ' +
    'waits for all of them, and one slow or throttled function at the end fails the whole request.',
  fix:
    'Keep only the work the client needs in the request: answer from the first function and hand the rest over asynchronously ' +
    '(SQS, EventBridge, SNS, or a Step Functions standard workflow started with StartExecution, answering 202 Accepted). When the steps ' +
    'must all finish first, let API Gateway start a Step Functions Express workflow (StartSyncExecution) that calls them, instead of ' +
    'functions calling functions.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/concepts-event-driven-architectures.html',
  equivalents: [],
  messages: {
    chainOverLimit: '{{chain}}: {{depth}} synchronous calls deep; the function timeouts add up to {{total}} s but the {{flavor}} waits at most {{limit}} s',
    chain: '{{chain}}: {{depth}} synchronous calls deep; each caller waits, and is billed, until the next one answers{{timeouts}}',
  },
  checkTemplate({ graph, nodes, code, report }) {
    const reported = new Set<string>()
    for (const entry of nodes) {
      if (entry.kind !== 'api') continue
      const flavor = apiFlavor(entry)
      for (const edge of graph.outgoing(entry.id)) {
        const first = graph.nodes.get(edge.to)
        if (edge.kind !== 'trigger' || edge.mode !== 'sync' || first?.kind !== 'function') continue
        for (const hops of chainsFrom(graph, code, first)) {
          const chain = hops.map((hop) => hop.node)
          const key = chain.map((node) => node.id).join('>')
          if (reported.has(key)) continue
          reported.add(key)
          const timeouts = chain.filter((node) => node.kind === 'function').map((node) => functionTimeoutSeconds(node.resource))
          const total = timeouts.every((timeout) => timeout !== undefined) ? timeouts.reduce<number>((sum, timeout) => sum + timeout!, 0) : undefined
          const limit = flavor ? INTEGRATION_LIMIT_SECONDS[flavor] : undefined
          const data = { chain: describeChain(entry, hops), depth: chain.length }
          // Where the code makes the first call, when it was analysed; otherwise the function in the template.
          const at = hops[0]!.call ? { location: hops[0]!.call } : {}
          if (total !== undefined && limit !== undefined && total > limit) {
            report({ node: first, ...at, messageId: 'chainOverLimit', data: { ...data, total, limit, flavor: FLAVOR_NAME[flavor!]! } })
          } else {
            const workflow = chain.some((node) => node.kind === 'state-machine') ? ', plus the Express workflow' : ''
            report({ node: first, ...at, messageId: 'chain', data: { ...data, timeouts: total !== undefined ? ` (function timeouts add up to ${total} s${workflow})` : '' } })
          }
        }
      }
    }
  },
})
