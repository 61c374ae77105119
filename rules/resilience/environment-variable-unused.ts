import { environmentVariablesOf, handlerOf } from '../../src/lint/facts/code.js'
import { defineRule } from '../../src/lint/rule.js'

/** Variables read by the runtime, the AWS SDK, Powertools, observability agents and common libraries, not by the handler's own code. */
const CONSUMED_ELSEWHERE = new Set(['NODE_OPTIONS', 'NODE_ENV', 'NODE_EXTRA_CA_CERTS', 'TZ', 'LANG', 'LOG_LEVEL', 'DEBUG', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'])
const CONSUMED_PREFIXES = /^(?:AWS_|_AWS_|_X_AMZN_|POWERTOOLS_|OTEL_|DD_|NEW_RELIC_|SENTRY_|LUMIGO_|ELASTIC_APM_|PARAMETERS_SECRETS_EXTENSION_|SSM_PARAMETER_STORE_|SECRETS_MANAGER_)/

export default defineRule({
  id: 'environment-variable-unused',
  category: 'resilience',
  severity: 'info',
  title: 'The template sets an environment variable the code never reads',
  rationale:
    'A variable nothing reads is configuration that misleads: it suggests a dependency (a table, a queue, a flag) the function does not have, and it is ' +
    'often the trace of a rename — the code reads a new name the template no longer sets right.',
  fix: 'Remove the variable, or read it where the code meant to (check for a misspelt or renamed variable).',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html',
  equivalents: [],
  messages: {
    unused: '{{function}} sets {{variable}}, which its code never reads',
  },
  kinds: ['function'],
  check({ node, code, report }) {
    const handler = handlerOf(code, node)
    if (!handler || handler.dynamicEnvRead) return
    const variables = environmentVariablesOf(node)
    if (!variables) return
    const read = new Set(handler.envReads.map((envRead) => envRead.name))
    for (const name of variables) {
      if (read.has(name) || CONSUMED_ELSEWHERE.has(name) || CONSUMED_PREFIXES.test(name)) continue
      report({ path: ['Environment', 'Variables', name], messageId: 'unused', data: { function: node.logicalId, variable: name } })
    }
  },
})
