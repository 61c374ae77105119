import type { GraphNode } from '../../src/graph/types.js'
import { FUNCTION_TYPES, functionsByName, functionsNamedBy, principalIdentity, samEventPrincipal } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'
import { asMap, asString, displayText } from '../../src/template/values.js'

export default defineRule({
  id: 'function-multiple-principals',
  category: 'security',
  severity: 'warning',
  title: 'Several AWS services (or accounts) may invoke the same function',
  rationale:
    'Each service that invokes a function sends its own event shape: one handler for API Gateway, SNS and EventBridge events must tell them apart ' +
    'and is easily confused by one it did not expect. The function also needs the permissions of every path, and its resource policy ' +
    'grows with each principal, widening who can reach the code.',
  fix:
    'Give each invocation source its own function (and handler), sharing code through a library or layer. If the sources carry the same ' +
    'business event, route them through one channel first (an EventBridge bus or an SQS queue) so the function receives one event shape.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
  equivalents: ['serverless-rules:WS1002'],
  messages: {
    principals: '{{function}} may be invoked by {{count}} principals ({{principals}}): one handler for several event shapes',
  },
  checkTemplate({ template, nodes, report }) {
    const principalsOf = new Map<string, Set<string>>()
    const add = (functionId: string, principal: string) => {
      const set = principalsOf.get(functionId) ?? new Set<string>()
      set.add(principalIdentity(principal))
      principalsOf.set(functionId, set)
    }
    const byName = functionsByName(template)
    for (const resource of template.resources.values()) {
      if (resource.type === 'AWS::Lambda::Permission') {
        const principal = displayText(resource.properties.Principal)
        // A principal only known once deployed (`!Ref Principal`) is not counted.
        if (!principal || /^\$\{[^}]*\}$/.test(principal)) continue
        for (const fn of functionsNamedBy(template, resource.properties.FunctionName, byName)) add(fn.id, principal)
      } else if (resource.type === 'AWS::Serverless::Function') {
        // The permissions SAM generates from events (and from a public function URL).
        for (const event of Object.values(asMap(resource.properties.Events) ?? {})) {
          const principal = asMap(event) && samEventPrincipal(asMap(event)!)
          if (principal) add(resource.id, principal)
        }
        if (asString(asMap(resource.properties.FunctionUrlConfig)?.AuthType) === 'NONE') add(resource.id, '*')
      }
    }
    const nodeOf = new Map<string, GraphNode>(nodes.filter((node) => node.resource && FUNCTION_TYPES.has(node.type)).map((node) => [node.logicalId, node]))
    for (const [functionId, principals] of principalsOf) {
      const node = nodeOf.get(functionId)
      if (!node || principals.size < 2) continue
      report({ node, messageId: 'principals', data: { function: functionId, count: principals.size, principals: [...principals].sort().map((principal) => (principal === '*' ? 'anyone (*)' : principal)).join(', ') } })
    }
  },
})
