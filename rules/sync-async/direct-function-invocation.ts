import { handlerOf } from '../../src/lint/facts/code.js'
import { directInvocations, environmentVariableNaming, isDurableFunction } from '../../src/lint/facts/sync-async.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'direct-function-invocation',
  category: 'sync-async',
  severity: 'warning',
  title: 'A function invokes another function directly',
  rationale:
    'A function that calls another with the Invoke API waits for it and is billed for the whole wait, so the work is paid twice; ' +
    'errors, throttling and timeouts of the callee become the caller\'s, and the two cannot be scaled, retried or deployed independently. ' +
    'AWS lists Lambda functions calling Lambda functions as an anti-pattern.',
  fix:
    'Hand the work over instead of waiting for it: send it to an SQS queue or publish an event (EventBridge, SNS) that the other ' +
    'function consumes, or let a Step Functions workflow (or a Lambda durable function) call both in sequence. If the code only ' +
    'shares logic, package it as a library or a layer and call it in-process.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/concepts-event-driven-architectures.html',
  equivalents: [],
  messages: {
    invokes: '{{function}} may invoke {{target}} directly ({{via}}): a synchronous call waits, and pays, while {{target}} runs, and either way ties the two together',
  },
  kinds: ['function'],
  check({ graph, node, resource, code, report }) {
    // The code says whether and how it invokes: synchronous-invoke-in-code judges each call.
    if (handlerOf(code, node)) return
    // A durable function's context.invoke() suspends the caller without compute charges: it is
    // the orchestration the fix recommends. https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
    if (isDurableFunction(resource)) return
    for (const edge of directInvocations(graph, node)) {
      const target = graph.nodes.get(edge.to)!
      const variable = environmentVariableNaming(graph, node, edge.to)
      // Point at the variable that names the callee (it is in the function's own resource); the
      // permission may live on a separate role, so otherwise the function itself.
      report({
        ...(variable && node.resource ? { path: ['Environment', 'Variables', variable] } : {}),
        messageId: 'invokes',
        data: { function: node.logicalId, target: target.logicalId, via: edge.via === 'connector' ? 'SAM connector' : 'lambda:InvokeFunction permission' },
      })
    }
  },
})
