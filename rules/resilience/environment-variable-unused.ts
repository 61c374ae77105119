import type { CodeAnalysis } from '../../src/code/types.js'
import type { ArchitectureGraph } from '../../src/graph/graph.js'
import type { GraphNode } from '../../src/graph/types.js'
import { environmentVariablesOf, handlerOf } from '../../src/lint/facts/code.js'
import { rawProperty } from '../../src/lint/facts/coupling.js'
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
    unusedGlobal: 'Globals set {{variable}} for every function, and none of their code reads it',
  },
  kinds: ['function'],
  check({ graph, node, code, report }) {
    const handler = handlerOf(code, node)
    if (!handler || handler.dynamicEnvRead) return
    const variables = environmentVariablesOf(node)
    if (!variables) return
    const read = new Set(handler.envReads.map((envRead) => envRead.name))
    for (const name of variables) {
      if (read.has(name) || CONSUMED_ELSEWHERE.has(name) || CONSUMED_PREFIXES.test(name)) continue
      const path = ['Environment', 'Variables', name]
      if (!node.resource || !rawProperty(node.template, node.resource, path)?.inherited) {
        report({ path, messageId: 'unused', data: { function: node.logicalId, variable: name } })
        continue
      }
      // A variable in Globals is shared configuration: unused only when no function that inherits it reads it, and said once.
      const inheritors = functionsInheriting(graph, node, path)
      if (inheritors[0] === node && inheritors.every((fn) => readsUnknownOrNot(code, fn, name) === 'no')) {
        report({ path, messageId: 'unusedGlobal', data: { variable: name } })
      }
    }
  },
})

/** The functions of `fn`'s template that take the variable at `path` from Globals, in template order. */
function functionsInheriting(graph: ArchitectureGraph, fn: GraphNode, path: string[]): GraphNode[] {
  return [...graph.nodes.values()].filter((node) => node.kind === 'function' && node.template === fn.template && node.resource && rawProperty(node.template, node.resource, path)?.inherited)
}

/** Whether `fn`'s code reads `name`: unknown when its code was not read or reads variables by computed names. */
function readsUnknownOrNot(code: CodeAnalysis | undefined, fn: GraphNode, name: string): 'yes' | 'no' | 'unknown' {
  const handler = handlerOf(code, fn)
  if (!handler || handler.dynamicEnvRead) return 'unknown'
  return handler.envReads.some((envRead) => envRead.name === name) ? 'yes' : 'no'
}
