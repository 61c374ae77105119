import type { GraphNode } from '../../src/graph/types.js'
import { functionRoleStatements, isFullWildcard, isWildcardAction } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'iam-wildcard-action',
  category: 'security',
  severity: 'warning',
  title: 'A Lambda execution role allows every action of a service (`s3:*`) or every action (`*`)',
  rationale:
    'A wildcard action grants far more than the function uses: `s3:*` includes deleting objects and buckets and changing bucket policies, ' +
    '`dynamodb:*` includes deleting the table. A compromised or buggy function can then do all of it, and the policy no longer documents what the function does. ' +
    'Partial wildcards such as `s3:Get*` are not reported.',
  fix:
    'List the actions the code calls (`s3:GetObject`, `s3:PutObject`), or use a SAM policy template or connector that grants a fitting set ' +
    '(S3ReadPolicy, DynamoDBCrudPolicy, SQSSendMessagePolicy).',
  docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
  equivalents: ['serverless-rules:WS1003', 'cdk-nag:NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess'],
  messages: {
    wildcard: '{{owner}} grants a Lambda execution role {{actions}}: list the actions the function calls instead',
  },
  checkTemplate({ template, nodes, report }) {
    const nodeOf = new Map<string, GraphNode>(nodes.filter((node) => node.resource).map((node) => [node.logicalId, node]))
    const statements = functionRoleStatements(template)
    // A statement iam-full-wildcard reports (in any branch of a condition) is its error, not also this warning.
    const fullWildcards = new Set(statements.filter(isFullWildcard).map((statement) => statement.key))
    const wildcardsAt = new Map<string, { node: GraphNode; statement: (typeof statements)[number]; actions: Set<string> }>()
    for (const statement of statements) {
      const key = statement.key
      const node = nodeOf.get(statement.owner.id)
      const actions = statement.actions.filter(isWildcardAction)
      if (!node || fullWildcards.has(key) || actions.length === 0) continue
      const entry = wildcardsAt.get(key) ?? { node, statement, actions: new Set<string>() }
      for (const action of actions) entry.actions.add(action)
      wildcardsAt.set(key, entry)
    }
    for (const { node, statement, actions } of wildcardsAt.values()) {
      report({ node, path: statement.path, messageId: 'wildcard', data: { owner: statement.owner.id, actions: [...actions].map((action) => `"${action}"`).join(', ') } })
    }
  },
})
