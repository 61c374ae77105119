import { isBacklogMetric, queueWatches, SENT_METRIC, type QueueWatches } from '../../src/lint/facts/observability.js'
import { isDeadLetterTarget } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'dlq-without-alarm',
  category: 'observability',
  severity: 'warning',
  title: 'A dead-letter queue has no CloudWatch alarm',
  rationale:
    'A dead-letter queue only helps if someone notices it filling: nothing else reports that events failed. Without an alarm on ' +
    'its backlog, failed messages pile up unseen until SQS deletes them at the end of the retention period (4 days by default, ' +
    '14 at most) and the failures are lost for good.',
  fix:
    'Add an AWS::CloudWatch::Alarm on the queue\'s `ApproximateNumberOfMessagesVisible` (Namespace AWS/SQS, Dimensions ' +
    '`QueueName: !GetAtt MyDLQ.QueueName`, Statistic Maximum, Threshold 0, ComparisonOperator GreaterThanThreshold) with an ' +
    'action that reaches a person (an SNS topic), and set the DLQ\'s MessageRetentionPeriod to 14 days.',
  docs: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/dead-letter-queues-alarms-cloudwatch.html',
  equivalents: [],
  messages: {
    missing: '{{queue}} receives failed messages from {{sources}} but no CloudWatch alarm watches its ApproximateNumberOfMessagesVisible',
    redriveNotCounted:
      '{{queue}} receives failed messages by redrive from {{sources}}, which NumberOfMessagesSent does not count: alarm {{alarm}} ' +
      'does not fire for them (watch ApproximateNumberOfMessagesVisible)',
    wrongDimension:
      'alarm {{alarm}} gives the {{namedBy}} of {{queue}} as its QueueName dimension, which matches no metric, so it never fires: ' +
      'use !GetAtt {{queue}}.QueueName',
  },
  checkTemplate({ graph, nodes, report }) {
    let watches: QueueWatches | undefined
    for (const node of nodes) {
      if (node.kind !== 'queue') continue
      if (!isDeadLetterTarget(graph, node)) continue
      const failures = graph.incoming(node.id).filter((edge) => edge.kind === 'failure')
      watches ??= queueWatches(nodes)
      const sources = [...new Set(failures.map((edge) => graph.nodes.get(edge.from)?.logicalId ?? edge.from))].join(', ')
      const queueWatched = watches.byQueue.get(node.logicalId) ?? []
      const named = queueWatched.filter((watch) => watch.namedBy === 'name')
      // An alarm whose metric or queue is only known once deployed may be the one: not judged.
      if (named.some((watch) => watch.metric === undefined || isBacklogMetric(watch.metric))) continue
      const redriven = failures.some((edge) => edge.via === 'redrive')
      const sent = named.find((watch) => watch.metric === SENT_METRIC)
      // Lambda, EventBridge and SNS send to their DLQs with SendMessage, which NumberOfMessagesSent counts.
      if (sent && !redriven) continue
      const misnamed = queueWatched.filter((watch) => watch.namedBy !== 'name' && (watch.metric === undefined || isBacklogMetric(watch.metric) || watch.metric === SENT_METRIC))
      for (const watch of misnamed) {
        report({ node: watch.alarm, path: watch.dimensionPath, messageId: 'wrongDimension', data: { alarm: watch.alarm.logicalId, queue: node.logicalId, namedBy: watch.namedBy } })
      }
      if (misnamed.length > 0) continue
      if (sent) report({ node, messageId: 'redriveNotCounted', data: { queue: node.logicalId, sources, alarm: sent.alarm.logicalId } })
      else if (!watches.opaque) report({ node, messageId: 'missing', data: { queue: node.logicalId, sources } })
    }
  },
})
