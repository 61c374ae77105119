/**
 * Section 6: the serverless architecture tips, each ticked from what the lint rules found. Each tip
 * names the rules that decide it, so a tick is explainable: "none of these rules found anything".
 * A test checks every id here is a real rule.
 */
import type { Finding } from '../lint/types.js'
import type { ChecklistItem } from './types.js'

export interface ChecklistTip {
  id: string
  tip: string
  ruleIds: readonly string[]
  /** What a tick does and does not prove. */
  note: string
}

export const CHECKLIST: readonly ChecklistTip[] = [
  {
    id: 'decoupling',
    tip: 'Services are decoupled: they talk through queues, topics and events, not hard-coded names or direct invocations',
    ruleIds: ['hard-coded-resource-reference', 'direct-function-invocation', 'event-bus-without-schema'],
    note: 'references are checked in the template and handler code the analysis reads',
  },
  {
    id: 'async-where-possible',
    tip: 'Async where the client need not wait: no synchronous chains, no function orchestrating others, nothing longer than the API waits',
    ruleIds: ['synchronous-chain', 'orchestration-in-function', 'api-timeout-exceeds-integration-limit'],
    note: 'see the synchronous paths above for each request\'s latency budget',
  },
  {
    id: 'dlq-and-retries',
    tip: 'Failures are retried and land in a dead-letter queue someone watches',
    ruleIds: [
      'queue-without-redrive', 'async-function-without-failure-destination', 'eventbridge-target-without-dlq', 'sns-subscription-without-redrive',
      'stream-without-on-failure-destination', 'state-machine-task-without-retry', 'dlq-without-alarm', 'recursive-loop',
    ],
    note: 'every asynchronous hop in the graph is checked for a failure destination and retries',
  },
  {
    id: 'least-privilege',
    tip: 'Least privilege: no wildcard permissions, every invoke permission scoped to its source, no open endpoints or plain-text secrets',
    ruleIds: ['iam-full-wildcard', 'iam-wildcard-action', 'permission-without-source', 'function-multiple-principals', 'function-url-without-auth', 'api-without-authorizer', 'secret-in-environment'],
    note: 'policies written in the template; managed policies attached by ARN are not expanded',
  },
  {
    id: 'no-vpc-unless-needed',
    tip: 'No VPC unless needed, and where needed: several subnets and VPC endpoints instead of a NAT gateway',
    ruleIds: ['unneeded-vpc', 'single-subnet', 'nat-gateway-without-vpc-endpoints', 'no-route-to-aws-services'],
    note: 'ticked without a finding also when no function is in a VPC',
  },
  {
    id: 'tracing-and-logs',
    tip: 'Tracing and structured logs: X-Ray on functions, APIs and workflows; JSON access logs; log retention set',
    ruleIds: [
      'function-tracing-disabled', 'api-tracing-disabled', 'appsync-tracing-disabled', 'state-machine-tracing-disabled', 'api-access-logging-missing',
      'api-access-log-not-json', 'function-without-log-retention',
    ],
    note: 'the handlers\' own log format is not read',
  },
  {
    id: 'right-sized-memory',
    tip: 'Right-sized functions: memory and timeout chosen, not defaulted; arm64 where the runtime allows',
    ruleIds: ['function-default-memory', 'function-default-timeout', 'x86-could-be-arm64'],
    note: 'a chosen size is not proven right: measure it (e.g. AWS Lambda Power Tuning)',
  },
  {
    id: 'idempotent-consumers',
    tip: 'Idempotent consumers: duplicate deliveries are rare and harmless (visibility timeouts, partial batch failures)',
    ruleIds: ['queue-visibility-timeout-below-six-times', 'queue-visibility-timeout-below-function-timeout', 'batch-without-partial-failure-reporting'],
    note: 'the settings that cause duplicates are checked; whether the handler code is idempotent is not',
  },
]

/** Ticks each tip: none of its rules found anything. Rules switched off by the config do not decide. */
export function checklistOf(findings: readonly Finding[], rulesOff: ReadonlySet<string> = new Set(), tips: readonly ChecklistTip[] = CHECKLIST): ChecklistItem[] {
  return tips.map((tip) => {
    const active = tip.ruleIds.filter((ruleId) => !rulesOff.has(ruleId))
    const failing = active
      .map((ruleId) => ({ ruleId, count: findings.filter((finding) => finding.ruleId === ruleId).length }))
      .filter((entry) => entry.count > 0)
    return {
      id: tip.id,
      tip: tip.tip,
      ticked: active.length === 0 ? undefined : failing.length === 0,
      ruleIds: [...tip.ruleIds],
      failing,
      note: tip.note,
    }
  })
}
