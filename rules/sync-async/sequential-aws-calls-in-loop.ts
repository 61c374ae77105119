import type { ArchitectureGraph } from '../../src/graph/graph.js'
import type { GraphNode } from '../../src/graph/types.js'
import { handlerOf } from '../../src/lint/facts/code.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * Operations a loop has to await one after the other: pages (each request carries the previous
 * answer's token), polling and stream reads. Only the calls a loop could send together are reported.
 */
const SEQUENTIAL_BY_NATURE = /^(List|Describe|Scan|Query|Search|Receive|Poll|GetRecords|GetShardIterator|GetQueryResults|GetLogEvents|FilterLogEvents|GetExecutionHistory|GetMetricData|GetParametersByPath|LookupEvents)/

export default defineRule({
  id: 'sequential-aws-calls-in-loop',
  category: 'sync-async',
  severity: 'info',
  title: 'The handler code awaits AWS calls one by one in a loop',
  rationale:
    'An `await` inside a loop sends each request only when the previous one has answered, so the function runs (and is billed) for ' +
    'the sum of all round trips. Most services take several items per request, and independent requests can run side by side.',
  fix:
    'Use the batch APIs (SendMessageBatch and PutEvents take up to 10 entries, BatchWriteItem 25 items, PublishBatch 10 messages), ' +
    'or send independent requests together with Promise.all in bounded chunks; for many items or long work per item, a Step ' +
    'Functions Map state fans out.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html',
  equivalents: [],
  messages: {
    sequential: '{{function}} awaits {{operation}} inside a loop: each iteration waits for the previous request to answer',
  },
  kinds: ['function'],
  check({ graph, node, code, report }) {
    const handler = handlerOf(code, node)
    // Records from a stream or a FIFO queue are processed in order on purpose.
    if (!handler || hasOrderedSource(graph, node)) return
    const reported = new Set<string>()
    for (const call of handler.sdkCalls) {
      if (!call.awaitedInLoop || SEQUENTIAL_BY_NATURE.test(call.operation)) continue
      const key = `${call.location.file}:${call.location.line}:${call.location.column}`
      if (reported.has(key)) continue
      reported.add(key)
      report({ location: call.location, messageId: 'sequential', data: { function: node.logicalId, operation: `${call.service}:${call.operation}` } })
    }
  },
})

/** A Kinesis or DynamoDB stream, or a FIFO queue, triggers the function: its records are meant to be handled in order. */
function hasOrderedSource(graph: ArchitectureGraph, node: GraphNode): boolean {
  return graph.incoming(node.id).some((edge) => {
    if (edge.kind !== 'trigger') return false
    const source = graph.nodes.get(edge.from)
    if (source?.kind === 'stream' || source?.kind === 'table') return true
    const fifo = source?.kind === 'queue' ? source.resource?.properties.FifoQueue : undefined
    return fifo === true || fifo === 'true'
  })
}
