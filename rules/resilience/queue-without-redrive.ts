import { isConfigured } from '../../src/lint/facts/resilience.js'
import { isDeadLetterTarget } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'
import { asMap, asString, possibleValues, type Value } from '../../src/template/values.js'

/** Names people give dead-letter queues: `OrdersDLQ`, `orders-dlq`, `OrdersDeadLetterQueue`. */
const DEAD_LETTER_NAME = /dlq|dead[-_]?letter/i

/** A RedriveAllowPolicy that lets other queues use this one as their DLQ (anything but `denyAll`). */
function allowsRedrive(policy: Value | undefined): boolean {
  return possibleValues(policy).some((value) => {
    if (value === null) return false
    let parsed: Value | undefined = value
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value) as Value
      } catch {
        return true
      }
    }
    const map = asMap(parsed)
    return !map || map.redrivePermission !== 'denyAll'
  })
}

export default defineRule({
  id: 'queue-without-redrive',
  category: 'resilience',
  severity: 'warning',
  title: 'An SQS queue has no redrive policy (dead-letter queue)',
  rationale:
    'Without a redrive policy a message that cannot be processed (a poison message) is received and fails again and again until the retention period ' +
    '(4 days by default) runs out, and is then deleted: the data is lost, and every attempt costs an invocation. With a dead-letter queue it is set aside after ' +
    'maxReceiveCount attempts, where it can be inspected, alarmed on and redriven.',
  fix:
    'Add a RedrivePolicy with deadLetterTargetArn naming a second queue (the DLQ, with a longer MessageRetentionPeriod) and a maxReceiveCount ' +
    '(e.g. 3-5); put an alarm on the DLQ\'s ApproximateNumberOfMessagesVisible.',
  docs: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html',
  equivalents: ['serverless-rules:ES6000', 'cdk-nag:Serverless-SQSRedrivePolicy', 'cdk-nag:AwsSolutions-SQS3'],
  messages: {
    noRedrive: '{{queue}} has no RedrivePolicy: messages that keep failing are retried until they expire, then lost',
  },
  kinds: ['queue'],
  check({ graph, node, report }) {
    // Queues SAM creates (SqsSubscription, event DLQs) cannot take a redrive policy where they are declared.
    const properties = node.resource?.properties
    if (!properties || isConfigured(properties.RedrivePolicy)) return
    // A dead-letter queue needs no dead-letter queue of its own: one that receives failures from
    // another queue, a function, a rule target or a subscription, one that allows redrive into it,
    // or one named as a DLQ (its source may be in another stack).
    if (isDeadLetterTarget(graph, node) || allowsRedrive(properties.RedriveAllowPolicy)) return
    if (DEAD_LETTER_NAME.test(node.logicalId) || DEAD_LETTER_NAME.test(asString(properties.QueueName) ?? '')) return
    report({ messageId: 'noRedrive', data: { queue: node.logicalId } })
  },
})
