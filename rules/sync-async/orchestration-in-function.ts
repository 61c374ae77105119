import { matchesAction } from '../../src/graph/iam.js'
import type { GraphNode } from '../../src/graph/types.js'
import { handlerOf } from '../../src/lint/facts/code.js'
import { codeSynchronousCalls, directInvocations, isDurableFunction } from '../../src/lint/facts/sync-async.js'
import { functionTimeoutSeconds } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'

/** A function allowed this long is expected to wait on something (most finish in seconds). */
const LONG_TIMEOUT_SECONDS = 60
/** Steps of a workflow: this many downstream services a function coordinates. */
const MIN_TARGETS = 3
const STEP_KINDS = new Set<GraphNode['kind']>(['function', 'queue', 'state-machine', 'table'])
/** Permissions that mean waiting: running a workflow to its end or polling its status, receiving from a queue. */
const WAIT_ACTIONS: Partial<Record<GraphNode['kind'], string[]>> = {
  'state-machine': ['states:StartSyncExecution', 'states:DescribeExecution', 'states:GetExecutionHistory'],
  queue: ['sqs:ReceiveMessage'],
}

export default defineRule({
  id: 'orchestration-in-function',
  category: 'sync-async',
  severity: 'info',
  title: 'A long-running function coordinates other functions or workflows itself',
  rationale:
    'A function with a long timeout that invokes other functions (or runs or polls workflows and queues) besides its other calls is ' +
    'a workflow written in code: it is billed while it waits, it is capped at 15 minutes, and a failure half-way leaves no record of ' +
    'which steps ran, so retries repeat work. Step Functions keeps that state, retries each step and does not bill for waiting.',
  fix:
    'Move the sequence into a Step Functions state machine (Express for short, high-volume flows; Standard for long ones) whose Task ' +
    'states call the functions and the SQS/DynamoDB APIs directly, or make the function a Lambda durable function (DurableConfig) so ' +
    'its waits are checkpointed and not billed.',
  docs: 'https://docs.aws.amazon.com/step-functions/latest/dg/welcome.html',
  equivalents: [],
  messages: {
    orchestrates: '{{function}} (Timeout {{timeout}} s) waits on {{waits}}{{others}}: a workflow coded in a function, billed while it waits',
  },
  kinds: ['function'],
  check({ graph, node, resource, code, report }) {
    if (isDurableFunction(resource)) return
    const timeout = functionTimeoutSeconds(resource)
    if (timeout === undefined || timeout < LONG_TIMEOUT_SECONDS) return
    // What the function waits on: functions it invokes, workflows it runs or polls, queues it reads.
    // Where the code was analysed, what the code calls (code edges); otherwise what the template allows.
    const handler = handlerOf(code, node)
    const invoked = handler
      ? codeSynchronousCalls(graph, node, handler).filter((call) => call.to.kind === 'function').map((call) => call.to.id)
      : directInvocations(graph, node).map((edge) => edge.to)
    const waits = new Set(invoked)
    const targets = new Set<string>(waits)
    // The queue or stream the function is triggered by is read by the Lambda service, not waited on.
    const sources = new Set(graph.incoming(node.id).filter((edge) => edge.kind === 'trigger').map((edge) => edge.from))
    for (const edge of graph.outgoing(node.id)) {
      const target = graph.nodes.get(edge.to)
      if (edge.kind !== 'may-call' || !target || !STEP_KINDS.has(target.kind) || sources.has(target.id)) continue
      if (handler ? edge.via !== 'code' : edge.via === 'code') continue
      // Naming a function (e.g. to pass its ARN on) is not calling it: directInvocations decided.
      if (target.kind === 'function') continue
      targets.add(target.id)
      // A blanket grant (`sqs:*`) says nothing about what the code does with it.
      const actions = edge.via === 'iam' || edge.via === 'code' ? (edge.actions ?? []).filter((action) => action !== '*' && !action.endsWith(':*')) : []
      if (WAIT_ACTIONS[target.kind]?.some((wait) => actions.some((action) => matchesAction(action, wait)))) waits.add(target.id)
    }
    if (waits.size === 0 || targets.size < MIN_TARGETS) return
    const names = (ids: Iterable<string>) => [...ids].map((id) => graph.nodes.get(id)!.logicalId).join(', ')
    const others = [...targets].filter((id) => !waits.has(id))
    report({
      path: ['Timeout'],
      messageId: 'orchestrates',
      data: { function: node.logicalId, timeout, waits: names(waits), others: others.length > 0 ? ` and also calls ${names(others)}` : '' },
    })
  },
})
