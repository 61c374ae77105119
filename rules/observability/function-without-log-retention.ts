import { functionLogGroups } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'function-without-log-retention',
  category: 'observability',
  severity: 'warning',
  title: 'A Lambda function logs to a log group without a retention period',
  rationale:
    'Lambda creates the log group `/aws/lambda/<function name>` on the first invocation, with logs that never expire: storage is ' +
    'billed every month for every line ever written, and logs that may hold personal data outlive any retention policy. A log ' +
    'group created by Lambda is also outside the stack, so it stays when the stack is deleted.',
  fix:
    'Declare the log group in the template with `RetentionInDays`: `LogGroupName: !Sub /aws/lambda/${MyFunction}` (or the ' +
    'function\'s FunctionName), or name your own AWS::Logs::LogGroup in the function\'s `LoggingConfig.LogGroup`.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html',
  equivalents: ['serverless-rules:WS1004'],
  messages: {
    missing: '{{function}} has no log group with RetentionInDays in the template: Lambda creates {{logGroup}} and keeps its logs forever',
    noRetention: '{{function}} logs to {{logGroup}}, which has no RetentionInDays: its logs are kept forever',
  },
  checkTemplate({ nodes, report }) {
    for (const { function: node, logGroup, verdict } of functionLogGroups(nodes)) {
      if (verdict === 'missing') report({ node, messageId: 'missing', data: { function: node.logicalId, logGroup } })
      else if (verdict === 'no-retention') report({ node, messageId: 'noRetention', data: { function: node.logicalId, logGroup } })
    }
  },
})
