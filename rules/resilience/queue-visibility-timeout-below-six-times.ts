import { polledQueuesOf, queueLabel } from '../../src/lint/facts/resilience.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * AWS recommends a visibility timeout of at least six times the function timeout, so that Lambda
 * can retry a batch when the function is throttled before the messages reappear; with a batching
 * window, messages are already in flight while the batch is gathered, so the window adds to it.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
const FACTOR = 6

export default defineRule({
  id: 'queue-visibility-timeout-below-six-times',
  category: 'resilience',
  severity: 'warning',
  title: 'An SQS queue polled by a function has a visibility timeout under six times the function timeout',
  rationale:
    'When the function is throttled or a batch has to be retried, messages whose visibility timeout runs out reappear in the queue while still in flight: ' +
    'they are received again (duplicates) and their receive count climbs, so healthy messages can end up in the dead-letter queue. ' +
    'AWS recommends at least six times the function timeout, plus the batching window.',
  fix: 'Set the queue\'s VisibilityTimeout to at least 6 × the function Timeout + MaximumBatchingWindowInSeconds, or lower the function Timeout.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html',
  equivalents: [],
  messages: {
    belowSixTimes:
      '{{queue}} has a visibility timeout of {{visibility}} s; AWS recommends at least {{recommended}} s for {{function}} ' +
      '(6 × its {{timeout}} s Timeout{{window}}), or messages may reappear and be processed twice',
  },
  kinds: ['function', 'event-source-mapping'],
  check({ graph, node, resource, report }) {
    for (const { queue, fn, visibility, timeout, window, path } of polledQueuesOf(graph, node, resource)) {
      const recommended = FACTOR * timeout + window
      // Shorter than the function timeout is queue-visibility-timeout-below-function-timeout (an error).
      if (visibility < timeout || visibility >= recommended) continue
      report({
        node: queue,
        ...(path ? { path } : {}),
        messageId: 'belowSixTimes',
        data: { queue: queueLabel(queue), visibility, recommended, function: fn.logicalId, timeout, window: window > 0 ? ` + the ${window} s batching window` : '' },
      })
    }
  },
})
