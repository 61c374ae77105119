import { daysUntil, displayDay, isoDay, runtimeLifecycle, runtimesOf } from '../../src/lint/facts/runtimes.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * How far ahead to warn: a runtime upgrade is a code change (dependencies, tests, sometimes the
 * language version's breaking changes), so it is planned over months; six months before the
 * deprecation date leaves time to do it before the create block that follows about a month later.
 */
const WARN_DAYS_AHEAD = 180

/**
 * A runtime that is deprecated (no more security patches, no support) or will be within 180 days,
 * while functions can still be created with it. Once creation is blocked, `blocked-runtime`
 * (an error) reports it instead. Dates: src/lint/facts/runtimes.ts.
 */
export default defineRule({
  id: 'deprecated-runtime',
  category: 'cost',
  severity: 'warning',
  title: 'A function uses a runtime that is deprecated or will be within 180 days',
  rationale:
    'A deprecated runtime gets no more security patches and no technical support, and weeks later Lambda blocks creating, then updating, functions that use it. ' +
    'A runtime upgrade is a code change that needs testing, so it should be planned before the deprecation date, not after the deploy fails.',
  fix: 'Plan the move to the successor runtime (nodejs24.x, python3.14, java25, ruby3.4, provided.al2023, ...) now: update dependencies, run the tests on the new runtime, and deploy before the create block date.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html',
  equivalents: ['cfn-lint:W2531'],
  messages: {
    deprecated:
      '{{function}} uses {{runtime}}, deprecated since {{deprecated}} (no security patches): creating functions with it is blocked from {{createBlocked}} (in {{days}} days), updating them from {{updateBlocked}}. Move to {{successor}}',
    soon:
      '{{function}} uses {{runtime}}, which Lambda deprecates on {{deprecated}} (in {{days}} days): creating functions with it is blocked from {{createBlocked}}, updating them from {{updateBlocked}}. Plan the move to {{successor}}',
  },
  kinds: ['function'],
  check({ node, resource, today, report }) {
    const day = isoDay(today)
    const runtimes = runtimesOf(resource)
    for (const runtime of runtimes) {
      const dates = runtimeLifecycle(runtime)
      // Blocked already: blocked-runtime's error says it; not yet within the window: nothing to plan.
      if (!dates || dates.createBlocked <= day || daysUntil(dates.deprecated, today) > WARN_DAYS_AHEAD) continue
      const deprecated = dates.deprecated <= day
      report({
        path: ['Runtime'],
        messageId: deprecated ? 'deprecated' : 'soon',
        data: {
          function: node.logicalId, runtime, successor: dates.successor,
          days: daysUntil(deprecated ? dates.createBlocked : dates.deprecated, today),
          deprecated: displayDay(dates.deprecated), createBlocked: displayDay(dates.createBlocked), updateBlocked: displayDay(dates.updateBlocked),
        },
      })
    }
  },
})
