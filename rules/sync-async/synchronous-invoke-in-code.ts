import { calleeName, handlerOf, isSynchronousInvoke } from '../../src/lint/facts/code.js'
import { isCdkProviderFramework, isDurableFunction } from '../../src/lint/facts/sync-async.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'synchronous-invoke-in-code',
  category: 'sync-async',
  severity: 'warning',
  title: 'The handler code invokes a function and waits for its answer',
  rationale:
    'Lambda `Invoke` without `InvocationType: \'Event\'` is a RequestResponse call: the caller waits, and is billed, for as long as the ' +
    'callee runs, so the work is paid twice. The callee\'s errors, throttling and timeouts become the caller\'s, and the two cannot be ' +
    'scaled, retried or deployed independently. AWS lists Lambda functions calling Lambda functions as an anti-pattern.',
  fix:
    'Hand the work over instead of waiting for it: send it to an SQS queue or publish an event (EventBridge, SNS) the other function ' +
    'consumes; let a Step Functions workflow call both in sequence; or, when no answer is needed, invoke with `InvocationType: \'Event\'` ' +
    'and give the callee an on-failure destination.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/concepts-event-driven-architectures.html',
  equivalents: [],
  messages: {
    invokes: '{{function}} invokes {{callee}} synchronously (RequestResponse): it waits, and is billed, while {{callee}} runs',
  },
  kinds: ['function'],
  check({ graph, node, resource, code, report }) {
    const handler = handlerOf(code, node)
    // A durable function is itself a workflow; CDK's provider framework invokes the user's handler by design.
    if (!handler || isDurableFunction(resource) || isCdkProviderFramework(resource)) return
    for (const call of handler.sdkCalls) {
      if (!isSynchronousInvoke(call)) continue
      report({ location: call.location, messageId: 'invokes', data: { function: node.logicalId, callee: calleeName(graph, node, call, ['function'], 'another function') } })
    }
  },
})
