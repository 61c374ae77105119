import { calleeName, formatLocation, handlerOf, isSyncExecutionStart } from '../../src/lint/facts/code.js'
import { isDurableFunction } from '../../src/lint/facts/sync-async.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'synchronous-wait-in-code',
  category: 'sync-async',
  severity: 'warning',
  title: 'The handler code waits for other work to finish: polling, SDK waiters, StartSyncExecution',
  rationale:
    'A function that sleeps in a loop until something is ready, runs an SDK waiter, or starts an Express workflow with ' +
    'StartSyncExecution is billed for every second it waits and holds a unit of concurrency meanwhile. Its timeout (at most 15 ' +
    'minutes) caps the wait, and when it runs out the work done so far is lost and retried from the start.',
  fix:
    'Let a service do the waiting: a Step Functions workflow with Wait states or a callback (`.waitForTaskToken`), an EventBridge ' +
    'event when the resource is ready (S3, DynamoDB streams, CloudFormation and most services emit one), or — for a request that needs ' +
    'a workflow\'s result — an Express workflow that API Gateway starts directly (StartSyncExecution integration), not a function.',
  docs: 'https://docs.aws.amazon.com/step-functions/latest/dg/callback-task-sample-sqs.html',
  equivalents: [],
  messages: {
    polls: '{{function}} sleeps in a loop ({{detail}}): it polls, and is billed while it waits',
    waiter: '{{function}} waits with the SDK waiter {{detail}}: it polls until the resource is ready, and is billed while it waits',
    syncExecution: '{{function}} starts {{workflow}} with StartSyncExecution and waits, billed, until the Express workflow ends',
  },
  kinds: ['function'],
  check({ graph, node, resource, code, report }) {
    const handler = handlerOf(code, node)
    // A durable function's waits are checkpointed and not billed.
    if (!handler || isDurableFunction(resource)) return
    const reported = new Set<string>()
    for (const call of handler.sdkCalls) {
      if (!isSyncExecutionStart(call)) continue
      reported.add(formatLocation(call.location))
      report({ location: call.location, messageId: 'syncExecution', data: { function: node.logicalId, workflow: calleeName(graph, node, call, ['state-machine'], 'a workflow') } })
    }
    for (const wait of handler.waits) {
      const key = formatLocation(wait.location)
      // StartSyncExecution is an SDK call: reported above with the workflow it starts.
      if (wait.kind === 'start-sync-execution' || reported.has(key)) continue
      reported.add(key)
      report({ location: wait.location, messageId: wait.kind === 'waiter' ? 'waiter' : 'polls', data: { function: node.logicalId, detail: wait.detail } })
    }
  },
})
