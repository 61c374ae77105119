import { polledQueuesOf, queueLabel } from '../../src/lint/facts/resilience.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * Lambda refuses an SQS event source mapping whose queue's visibility timeout is shorter than the
 * function's timeout: "Your function's timeout must be less than or equal to the queue's visibility
 * timeout" (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
 */
export default defineRule({
  id: 'queue-visibility-timeout-below-function-timeout',
  category: 'resilience',
  severity: 'error',
  title: 'An SQS queue polled by a function has a visibility timeout shorter than the function timeout',
  rationale:
    'Lambda hides a batch for the queue\'s visibility timeout (30 s by default) while the function works on it. When the function may run longer, ' +
    'Lambda rejects the event source mapping and the deployment fails; were it accepted, messages still being processed would reappear and be processed twice.',
  fix:
    'Set the queue\'s VisibilityTimeout to at least six times the function Timeout (plus MaximumBatchingWindowInSeconds), or lower the function Timeout.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html',
  equivalents: ['cfn-lint:E3505'],
  messages: {
    belowTimeout:
      '{{queue}} has a visibility timeout of {{visibility}} s, shorter than the {{timeout}} s Timeout of {{function}}, which polls it: ' +
      'Lambda rejects the event source mapping (set VisibilityTimeout to at least {{recommended}} s)',
  },
  kinds: ['function', 'event-source-mapping'],
  check({ graph, node, resource, report }) {
    for (const { queue, fn, visibility, timeout, window, path } of polledQueuesOf(graph, node, resource)) {
      if (visibility >= timeout) continue
      report({ node: queue, ...(path ? { path } : {}), messageId: 'belowTimeout', data: { queue: queueLabel(queue), visibility, timeout, function: fn.logicalId, recommended: 6 * timeout + window } })
    }
  },
})
