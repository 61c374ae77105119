import { environmentVariablesOf, handlerOf, LAMBDA_PROVIDED_VARIABLES } from '../../src/lint/facts/code.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * The code reads an environment variable the template never sets and Lambda does not provide: it
 * is `undefined` at run time — a table name of `undefined`, a URL of `undefined/orders`.
 */
export default defineRule({
  id: 'environment-variable-not-set',
  category: 'resilience',
  severity: 'error',
  title: 'The code reads an environment variable the template does not set',
  rationale:
    'An environment variable the function\'s configuration does not set is undefined at run time: the SDK call that gets it as a table name or queue URL ' +
    'fails (or, worse, the code carries on with a default it did not mean). Nothing fails at deployment; the first invocation that reaches the read does.',
  fix:
    'Set it in the function\'s Environment.Variables (or Globals.Function.Environment), from the resource it names (!Ref, !GetAtt), or give the read a ' +
    'fallback (`process.env.NAME ?? \'default\'`) when unset is legitimate.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html',
  equivalents: [],
  messages: {
    notSet: '{{function}} reads process.env.{{variable}}, which its template does not set: it is undefined at run time',
  },
  kinds: ['function'],
  check({ node, code, report }) {
    const handler = handlerOf(code, node)
    if (!handler) return
    const variables = environmentVariablesOf(node)
    if (!variables) return
    const reported = new Set<string>()
    for (const read of handler.envReads) {
      if (read.defaulted || variables.has(read.name) || LAMBDA_PROVIDED_VARIABLES.has(read.name) || reported.has(read.name)) continue
      reported.add(read.name)
      report({ location: read.location, messageId: 'notSet', data: { function: node.logicalId, variable: read.name } })
    }
  },
})
