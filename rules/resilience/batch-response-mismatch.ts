import { handlerOf } from '../../src/lint/facts/code.js'
import { batchSourcesOf, partialBatchResponses } from '../../src/lint/facts/resilience.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * The event source and the handler must agree on partial batch responses: Lambda reads
 * `batchItemFailures` only when the event source sets FunctionResponseTypes:
 * [ReportBatchItemFailures], and then reads nothing else.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
export default defineRule({
  id: 'batch-response-mismatch',
  category: 'resilience',
  severity: 'error',
  title: 'The event source and the handler disagree on partial batch responses',
  rationale:
    'With ReportBatchItemFailures, Lambda takes the records listed in the returned batchItemFailures as failed and every other record as processed: ' +
    'a handler that never returns that list has records it failed to process deleted as successes when it returns normally. Without it, Lambda ' +
    'ignores the list: a handler that returns the failed records and returns normally has the whole batch deleted, failed records included.',
  fix:
    'Make both sides agree: set FunctionResponseTypes: [ReportBatchItemFailures] on the event source and return { batchItemFailures: [{ itemIdentifier }] } ' +
    'for the records that failed (Powertools for AWS Lambda has a batch processor that does this), or neither, and throw to fail the batch.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html',
  equivalents: [],
  messages: {
    neverReturned:
      '{{source}} sets ReportBatchItemFailures but {{function}} never returns batchItemFailures: records it fails without throwing are deleted as processed',
    ignored:
      '{{function}} returns batchItemFailures but {{source}} does not set FunctionResponseTypes: [ReportBatchItemFailures]: Lambda ignores the list and deletes the failed records with the batch',
  },
  kinds: ['function', 'event-source-mapping'],
  check({ graph, node, resource, code, report }) {
    if (!code) return
    for (const source of batchSourcesOf(graph, node, resource)) {
      // SAM writes the mapping of an SNS SqsSubscription without FunctionResponseTypes.
      const enabled = source.generated ? 'no' : partialBatchResponses(source)
      if (enabled === 'unknown') continue
      for (const fn of source.functions) {
        const returns = handlerOf(code, fn)?.returnsBatchItemFailures
        if (enabled === 'yes' && returns === false) {
          const path = source.path ? [...source.path, 'Properties', 'FunctionResponseTypes'] : ['FunctionResponseTypes']
          report({ node: source.node, path, messageId: 'neverReturned', data: { source: source.description, function: fn.logicalId } })
        } else if (enabled === 'no' && returns === true) {
          const location = handlerOf(code, fn)?.handlerLocation
          report({
            node: fn,
            ...(location ? { location } : source.path ? { node: source.node, path: source.path } : { node: source.node }),
            messageId: 'ignored',
            data: { source: source.description, function: fn.logicalId },
          })
        }
      }
    }
  },
})
