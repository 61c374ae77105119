/** Section 1, "what the system is": the resources that make up the architecture, by role. */
import type { ArchitectureGraph } from '../graph/graph.js'
import { DATA_STORE_KINDS } from '../graph/kinds.js'
import type { GraphNode, NodeKind } from '../graph/types.js'
import type { InventoryGroup } from './types.js'

/** Kinds that take traffic from outside when nothing in the template produces into them. */
const EXTERNAL_SOURCE_KINDS: ReadonlySet<NodeKind> = new Set(['topic', 'event-bus', 'queue', 'stream'])

/**
 * Where requests come in: APIs and schedules always; a topic, bus, queue or stream only when
 * nothing in the template feeds it (no trigger, no failure path, no async hand-over into it), as
 * the cost model's traffic propagation decides (src/cost/propagate.ts).
 */
export function isEntryPoint(graph: ArchitectureGraph, node: GraphNode): boolean {
  if (node.kind === 'api' || node.kind === 'schedule') return true
  if (!EXTERNAL_SOURCE_KINDS.has(node.kind)) return false
  return !graph.incoming(node.id).some((edge) => edge.kind === 'trigger' || edge.kind === 'failure' || (edge.kind === 'may-call' && edge.mode === 'async'))
}

/** A queue that only receives failures (a DLQ): listed apart, it is not part of the flow. */
function isDeadLetterQueue(graph: ArchitectureGraph, node: GraphNode): boolean {
  const incoming = graph.incoming(node.id)
  return node.kind === 'queue' && incoming.length > 0 && incoming.every((edge) => edge.kind === 'failure')
}

export function entryPoints(graph: ArchitectureGraph): GraphNode[] {
  return sortedNodes(graph).filter((node) => isEntryPoint(graph, node))
}

export function inventoryOf(graph: ArchitectureGraph): InventoryGroup[] {
  const nodes = sortedNodes(graph)
  const names = (filter: (node: GraphNode) => boolean) => nodes.filter(filter).map((node) => node.id)
  const groups: InventoryGroup[] = [
    { label: 'entry points', names: names((node) => isEntryPoint(graph, node)) },
    { label: 'functions', names: names((node) => node.kind === 'function') },
    { label: 'queues', names: names((node) => node.kind === 'queue' && !isDeadLetterQueue(graph, node)) },
    { label: 'dead-letter queues', names: names((node) => isDeadLetterQueue(graph, node)) },
    { label: 'topics', names: names((node) => node.kind === 'topic') },
    { label: 'event buses and rules', names: names((node) => node.kind === 'event-bus' || node.kind === 'rule') },
    { label: 'streams', names: names((node) => node.kind === 'stream' || node.kind === 'delivery-stream') },
    { label: 'workflows', names: names((node) => node.kind === 'state-machine') },
    { label: 'data stores', names: names((node) => DATA_STORE_KINDS.has(node.kind)) },
  ]
  return groups.filter((group) => group.names.length > 0)
}

/** Graph nodes in id order: the report's order does not depend on the template's. */
export function sortedNodes(graph: ArchitectureGraph): GraphNode[] {
  return [...graph.nodes.values()].sort((a, b) => compareText(a.id, b.id))
}

/** Code-point order: unlike localeCompare it does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
