import type { ArchitectureGraph } from '../graph.js'
import type { EdgeKind, EdgeMode, GraphNode, NodeKind } from '../types.js'

/** Plumbing that clutters a diagram unless something points at it. */
const HIDDEN_WHEN_ISOLATED: ReadonlySet<NodeKind> = new Set(['role', 'policy', 'permission', 'log-group', 'event-source-mapping', 'subscription', 'connector', 'other', 'alarm'])

export interface DiagramEdge {
  from: string
  to: string
  mode: EdgeMode
  kind: EdgeKind
  label: string
}

/** What diagrams draw: connected nodes (and every compute and entry node), edges merged per pair, mode and kind. */
export function diagramOf(graph: ArchitectureGraph): { nodes: GraphNode[]; edges: DiagramEdge[] } {
  const merged = new Map<string, DiagramEdge & { labels: Set<string> }>()
  for (const edge of graph.edges) {
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.mode}\u0000${edge.kind}`
    const entry = merged.get(key) ?? { from: edge.from, to: edge.to, mode: edge.mode, kind: edge.kind, label: '', labels: new Set<string>() }
    // Trigger edges are named by their route, state or schedule; "event-source" adds nothing to the arrow.
    const label = edge.kind === 'trigger' && edge.label ? edge.label : edge.via === 'event-source' ? '' : edge.via
    if (label) entry.labels.add(label)
    merged.set(key, entry)
  }
  const edges = [...merged.values()].map(({ labels, ...edge }) => ({ ...edge, label: [...labels].join(', ') }))
  const connected = new Set(edges.flatMap((edge) => [edge.from, edge.to]))
  const nodes = [...graph.nodes.values()].filter((node) => connected.has(node.id) || !HIDDEN_WHEN_ISOLATED.has(node.kind))
  return { nodes, edges }
}

export const KIND_LABEL: Partial<Record<NodeKind, string>> = {
  function: 'Lambda function', api: 'API', queue: 'SQS queue', topic: 'SNS topic', 'event-bus': 'event bus', rule: 'EventBridge rule',
  schedule: 'schedule', 'state-machine': 'state machine', table: 'DynamoDB table', bucket: 'S3 bucket', stream: 'Kinesis stream',
  'delivery-stream': 'Firehose stream', 'nat-gateway': 'NAT gateway', 'internet-gateway': 'internet gateway', 'vpc-endpoint': 'VPC endpoint',
  'route-table': 'route table', 'security-group': 'security group',
}
