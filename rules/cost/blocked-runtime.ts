import { daysUntil, displayDay, isoDay, runtimeLifecycle, runtimesOf } from '../../src/lint/facts/runtimes.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * Lambda deprecates a runtime, then blocks creating functions with it, then blocks updating them
 * (dates: src/lint/facts/runtimes.ts, from https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 * Past the create block a fresh deployment (new stack, region or account) fails; past the update
 * block so does any change to the function. That breaks deployments: an error. The earlier stage
 * (deprecated, or deprecated soon) is `deprecated-runtime`, a warning, so each can be configured
 * on its own.
 */
export default defineRule({
  id: 'blocked-runtime',
  category: 'cost',
  severity: 'error',
  title: 'A function uses a runtime Lambda no longer lets you create (or update)',
  rationale:
    'After a runtime is deprecated, Lambda blocks creating functions with it and, a month or so later, updating them. ' +
    'Existing functions keep running, but a new stack, region or account fails to deploy, and past the update block any code or configuration change fails too — ' +
    'including the urgent fix, at the worst moment.',
  fix: 'Move the function to the successor runtime (nodejs24.x, python3.14, java25, ruby3.4, provided.al2023, ...), test it, and deploy before changes are blocked.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html',
  equivalents: ['cfn-lint:E2531', 'cfn-lint:E2533'],
  messages: {
    createBlocked:
      '{{function}} uses {{runtime}}: deprecated since {{deprecated}}, creating functions with it is blocked since {{createBlocked}} ' +
      'and updating them will be blocked from {{updateBlocked}} (in {{days}} days). Move to {{successor}}',
    updateBlocked:
      '{{function}} uses {{runtime}}: deprecated since {{deprecated}}, creating functions with it is blocked since {{createBlocked}} ' +
      'and updating them since {{updateBlocked}} — this function can no longer be deployed or changed. Move to {{successor}}',
  },
  kinds: ['function'],
  check({ node, resource, today, report }) {
    const day = isoDay(today)
    // Both branches of a condition may be deployed: either one being blocked breaks that deployment.
    const runtimes = runtimesOf(resource)
    for (const runtime of runtimes) {
      const dates = runtimeLifecycle(runtime)
      if (!dates || dates.createBlocked > day) continue
      report({
        path: ['Runtime'],
        messageId: dates.updateBlocked <= day ? 'updateBlocked' : 'createBlocked',
        data: {
          function: node.logicalId, runtime, successor: dates.successor, days: daysUntil(dates.updateBlocked, today),
          deprecated: displayDay(dates.deprecated), createBlocked: displayDay(dates.createBlocked), updateBlocked: displayDay(dates.updateBlocked),
        },
      })
    }
  },
})
