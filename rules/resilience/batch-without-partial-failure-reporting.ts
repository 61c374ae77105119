import { handlerOf } from '../../src/lint/facts/code.js'
import { batchSourcesOf, mayBeTrue, partialBatchResponses } from '../../src/lint/facts/resilience.js'
import { defineRule } from '../../src/lint/rule.js'
import { asArray, possibleValues, Unresolved, type Value } from '../../src/template/values.js'
import { numbersOf } from '../../src/lint/helpers.js'

const SERVICE = { sqs: 'SQS', kinesis: 'Kinesis', dynamodb: 'DynamoDB stream' } as const

/** Whether some branch of `FunctionResponseTypes` leaves `ReportBatchItemFailures` out (an unknown list: no). */
function mayLackReportBatchItemFailures(value: Value | undefined): boolean {
  const lists = value === undefined || value === null ? [null] : possibleValues(value)
  return lists.every((list) => !(list instanceof Unresolved)) &&
    lists.some((list) => {
      const items = asArray(list)
      return !items.some((item) => item === 'ReportBatchItemFailures' || item instanceof Unresolved)
    })
}

export default defineRule({
  id: 'batch-without-partial-failure-reporting',
  category: 'resilience',
  severity: 'warning',
  title: 'A batch event source does not report partial batch failures',
  rationale:
    'Without ReportBatchItemFailures, one record the function cannot process fails the whole batch: every record in it is retried — processed again, with ' +
    'duplicate side effects — and on a Kinesis or DynamoDB stream the shard stops behind it until the record expires or retries run out.',
  fix:
    'Set FunctionResponseTypes: [ReportBatchItemFailures] on the event source and return { batchItemFailures: [{ itemIdentifier }] } for the records that ' +
    'failed (Powertools for AWS Lambda has a batch processor that does this).',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html',
  equivalents: [],
  messages: {
    noPartialFailures: '{{source}} of {{function}} does not set FunctionResponseTypes: [ReportBatchItemFailures]: one failing record makes the whole batch retry',
  },
  kinds: ['function', 'event-source-mapping'],
  check({ graph, node, resource, code, report }) {
    for (const source of batchSourcesOf(graph, node, resource)) {
      // SAM writes the mapping of an SNS SqsSubscription and offers no FunctionResponseTypes for it.
      if (source.generated) continue
      const properties = source.properties
      if (!mayLackReportBatchItemFailures(properties.FunctionResponseTypes)) continue
      // Code that returns batchItemFailures to a source that ignores them: batch-response-mismatch reports it, as an error.
      if (partialBatchResponses(source) === 'no' && source.functions.length > 0 && source.functions.every((fn) => handlerOf(code, fn)?.returnsBatchItemFailures === true)) continue
      // One record per batch: the batch is the record.
      // (A batch size we cannot know might be 1.)
      const batchSizes = numbersOf(properties.BatchSize)
      if (possibleValues(properties.BatchSize).some((size) => size instanceof Unresolved)) continue
      if (batchSizes.length > 0 && batchSizes.every((size) => size === 1)) continue
      // Streams that bisect failing batches isolate the bad record: a deliberate alternative.
      if (source.kind !== 'sqs' && mayBeTrue(properties.BisectBatchOnFunctionError)) continue
      const functions = source.functions.map((fn) => fn.logicalId).join(', ') || 'its function'
      report({
        node: source.node,
        ...(source.path ? { path: source.path } : {}),
        messageId: 'noPartialFailures',
        data: { source: source.path ? source.description : `${source.description} (${SERVICE[source.kind]})`, function: functions },
      })
    }
  },
})
