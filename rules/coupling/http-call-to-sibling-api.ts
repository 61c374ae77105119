import type { CodeValue } from '../../src/code/types.js'
import { describeCodeValue, environmentVariablesIn, handlerOf, nodesNamedBy } from '../../src/lint/facts/code.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'http-call-to-sibling-api',
  category: 'coupling',
  severity: 'warning',
  title: 'The handler code calls an API of the same application over HTTP',
  rationale:
    'A function that calls another API of its own application over HTTP waits for it: its latency, throttling, errors and ' +
    'deployments become the caller\'s, and both run (and are billed) at once. The request also leaves AWS\'s private paths through ' +
    'the public endpoint, with its authorizer, throttling and 29-30 second integration limit on the way.',
  fix:
    'Hand the work over asynchronously (an SQS queue, an EventBridge event or SNS) when no answer is needed; when the data is needed, ' +
    'read it where it lives (the other service\'s table or an event-fed copy) or compose both steps in a Step Functions workflow.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/concepts-event-driven-architectures.html',
  equivalents: [],
  messages: {
    calls: '{{function}} calls {{api}} over HTTP ({{url}}): a synchronous call to a service of the same application, which it waits for and fails with',
  },
  kinds: ['function'],
  check({ graph, node, code, report }) {
    const handler = handlerOf(code, node)
    if (!handler) return
    for (const call of handler.httpCalls) {
      // Only the environment variables in the URL say where it goes (literal execute-api URLs: hard-coded-resource-in-code).
      const variables = environmentVariablesIn(call.url).map((name): CodeValue => ({ kind: 'env', name, location: call.url.location }))
      const apis = nodesNamedBy(graph, node, variables, ['api'])
      if (apis.length === 0) continue
      report({
        location: call.location,
        messageId: 'calls',
        data: { function: node.logicalId, api: apis.map((api) => api.logicalId).join(' or '), url: describeCodeValue(call.url) ?? 'its URL' },
      })
    }
  },
})
