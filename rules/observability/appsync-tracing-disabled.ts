import { flagState, writtenPath } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'appsync-tracing-disabled',
  category: 'observability',
  // Advice: the API answers the same without X-Ray (see function-tracing-disabled).
  severity: 'info',
  title: 'An AppSync GraphQL API does not have X-Ray tracing',
  rationale:
    'A GraphQL query resolves fields through several data sources (functions, tables, HTTP endpoints); without tracing the slow ' +
    'resolver behind a slow query cannot be seen, and the API is missing from the X-Ray service map of the requests it serves.',
  fix: 'Set `XrayEnabled: true` on the AWS::AppSync::GraphQLApi (or AWS::Serverless::GraphQLApi).',
  docs: 'https://docs.aws.amazon.com/appsync/latest/devguide/x-ray-tracing.html',
  equivalents: ['serverless-rules:WS3000', 'cdk-nag:Serverless-AppSyncTracing'],
  messages: {
    disabled: '{{api}} does not have X-Ray tracing enabled (XrayEnabled)',
  },
  types: ['AWS::AppSync::GraphQLApi', 'AWS::Serverless::GraphQLApi'],
  check({ node, resource, report }) {
    if (!resource || resource !== node.resource) return
    if (flagState(resource.properties, ['XrayEnabled']) !== 'off') return
    const written = writtenPath(resource, ['XrayEnabled'])
    report({ ...(written ? { path: written } : {}), messageId: 'disabled', data: { api: node.logicalId } })
  },
})
