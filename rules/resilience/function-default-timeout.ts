import { DEFAULT_TIMEOUT_SECONDS } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'function-default-timeout',
  category: 'resilience',
  // Advice: a 3-second limit fits some functions, but it is a default nobody chose.
  severity: 'info',
  title: 'A function runs with the default timeout (3 seconds)',
  rationale:
    'Without a Timeout, Lambda stops a function after 3 seconds: a cold start plus one slow downstream call is enough to ' +
    'fail an invocation that would have succeeded, and the retries that follow add load. The timeout should be chosen from ' +
    'what the function waits on and what waits for it (an API, a queue visibility timeout).',
  fix:
    'Set `Timeout` on the function (or once in SAM `Globals.Function`): a little above the longest run you expect, below the ' +
    'limit of whatever waits for it (29 s behind API Gateway, less than the SQS visibility timeout), with SDK timeouts shorter still.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html',
  equivalents: ['serverless-rules:ES1006'],
  messages: {
    missing: `{{function}} does not set Timeout and is stopped after the default ${DEFAULT_TIMEOUT_SECONDS} seconds`,
  },
  kinds: ['function'],
  check({ node, resource, report }) {
    // SAM Globals are already merged into the resource; a value under a condition or from a parameter was chosen by someone.
    if (!resource || node.resource !== resource) return
    if (resource.properties.Timeout !== undefined) return
    report({ messageId: 'missing', data: { function: node.logicalId } })
  },
})
