import { AWS_SERVICE_BY_KIND } from '../../src/graph/kinds.js'
import { matchesAction } from '../../src/graph/iam.js'
import { formatLocation, handlerOf } from '../../src/lint/facts/code.js'
import { type Coverage, functionGrants, grantCovers, hasResourcePolicy } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * A call the code makes on a resource of the template that the function's role does not allow:
 * AccessDenied at run time. Judged only when every grant of the role can be read (statements of
 * the template, SAM policy templates, the AWS managed policies for Lambda) and no resource-based
 * policy or connector may allow the call another way.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 */
export default defineRule({
  id: 'code-call-not-allowed',
  category: 'security',
  severity: 'error',
  title: 'The code calls a resource the function\'s role does not allow',
  rationale:
    'Lambda runs the code with the function\'s execution role: a call the role does not allow fails with AccessDenied — at run time, on the path that makes ' +
    'it, which tests with other credentials do not exercise. The template deploys without complaint.',
  fix:
    'Grant the action on that resource: a SAM policy template (DynamoDBCrudPolicy, SQSSendMessagePolicy, ...), a connector, or a statement naming the ' +
    'resource with !GetAtt/!Ref — only the actions the code needs.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
  equivalents: [],
  messages: {
    notAllowed: '{{function}} calls {{operation}} on {{target}} but its role does not allow {{actions}} on it: AccessDenied at run time',
  },
  kinds: ['function'],
  check({ graph, node, template, code, report }) {
    const handler = handlerOf(code, node)
    if (!handler || !node.resource || node.resource.id !== node.logicalId) return
    const grants = functionGrants(template, node.resource)
    if (!grants.complete) return
    const outgoing = graph.outgoing(node.id)
    const connected = new Set(outgoing.filter((edge) => edge.via === 'connector').map((edge) => edge.to))
    const reported = new Set<string>()
    for (const edge of outgoing) {
      if (edge.via !== 'code' || !edge.actions?.length) continue
      const target = graph.nodes.get(edge.to)
      if (!target || target.template !== template || target.kind === 'key' || connected.has(target.id) || hasResourcePolicy(template, target.logicalId)) continue
      const service = AWS_SERVICE_BY_KIND[target.kind]
      // One of the call's actions allowed (or maybe allowed) is enough: some operations need only one of theirs (TransactWriteItems).
      const coverage = (action: string): Coverage => {
        let best: Coverage = 'no'
        for (const grant of grants.grants) {
          if (!grant.actions.some((pattern) => matchesAction(pattern, action))) continue
          const covers = grantCovers(grant, target, service)
          if (covers === 'yes') return 'yes'
          if (covers === 'maybe') best = 'maybe'
        }
        return best
      }
      if (edge.actions.some((action) => coverage(action) !== 'no')) continue
      const key = `${formatLocation(edge.location)} ${target.id}`
      if (reported.has(key)) continue
      reported.add(key)
      report({
        location: edge.location,
        messageId: 'notAllowed',
        data: { function: node.logicalId, operation: edge.operation ?? edge.label ?? 'a call', target: target.logicalId, actions: edge.actions.join(', ') },
      })
    }
  },
})
