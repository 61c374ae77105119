import type { GraphNode } from '../../src/graph/types.js'
import { administratorAccessGrants, functionRoleStatements, isFullWildcard } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'iam-full-wildcard',
  category: 'security',
  severity: 'error',
  title: 'A Lambda execution role allows every action on every resource',
  rationale:
    'A statement with Action "*" on Resource "*" (or the AdministratorAccess managed policy) makes the function an administrator of the account: ' +
    'a bug, a vulnerable dependency or an injected payload can then delete data, create users or read every secret. ' +
    'Least privilege limits what a compromised function can do to what it was written to do.',
  fix:
    'Grant only the actions the code calls on the resources it uses: SAM policy templates (DynamoDBCrudPolicy, SQSSendMessagePolicy, ...), ' +
    'SAM connectors, or statements naming the actions and the resource ARNs. IAM Access Analyzer can generate a policy from CloudTrail activity.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
  // With iam-wildcard-action, the whole of WS1003 (this rule takes its `*`-on-`*` statements).
  equivalents: ['serverless-rules:WS1003', 'cdk-nag:NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess', 'checkov:CKV_AWS_1'],
  messages: {
    statement: '{{owner}} grants a Lambda execution role Action "*" on Resource "*": the function can do anything in the account',
    administratorAccess: '{{owner}} attaches AdministratorAccess to a Lambda execution role: the function can do anything in the account',
  },
  checkTemplate({ template, nodes, report }) {
    const nodeOf = new Map<string, GraphNode>(nodes.filter((node) => node.resource).map((node) => [node.logicalId, node]))
    const reported = new Set<string>()
    for (const statement of functionRoleStatements(template)) {
      const node = nodeOf.get(statement.owner.id)
      const key = statement.key
      if (!node || reported.has(key) || !isFullWildcard(statement)) continue
      reported.add(key)
      report({ node, path: statement.path, messageId: 'statement', data: { owner: statement.owner.id } })
    }
    for (const grant of administratorAccessGrants(template)) {
      const node = nodeOf.get(grant.owner.id)
      if (node) report({ node, path: grant.path, messageId: 'administratorAccess', data: { owner: grant.owner.id } })
    }
  },
})
