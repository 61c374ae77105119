import { handlerOf } from '../../src/lint/facts/code.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * An SDK client constructed inside the handler is built again on every invocation: a new
 * credentials lookup and new TLS connections each time, where a client at module scope is built
 * once per execution environment, during init, and reuses its connections.
 * https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html#function-code
 */
export default defineRule({
  id: 'sdk-client-in-handler',
  category: 'cost',
  severity: 'warning',
  title: 'An AWS SDK client is created on every invocation',
  rationale:
    'A client created inside the handler is rebuilt on each invocation: it resolves credentials and opens new TLS connections every time, which adds ' +
    'tens of milliseconds of billed duration to each call. Created at module scope, it is built once per execution environment, during init, and its ' +
    'connections are reused by every invocation that environment serves.',
  fix: 'Create the client once, at module scope (outside the handler function), and use it from the handler.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html',
  equivalents: [],
  messages: {
    clientInHandler: '{{function}} creates {{client}} inside its handler: a new client and new connections on every invocation',
  },
  kinds: ['function'],
  check({ node, code, report }) {
    const handler = handlerOf(code, node)
    if (!handler) return
    // One finding per line: `DynamoDBDocumentClient.from(new DynamoDBClient({}))` is one client to move.
    const byLine = new Map<string, { location: (typeof handler.clientsInHandler)[number]['location']; clients: string[] }>()
    for (const { client, location } of handler.clientsInHandler) {
      const key = `${location.file}:${location.line}`
      const entry = byLine.get(key)
      if (entry) entry.clients.push(client)
      else byLine.set(key, { location, clients: [client] })
    }
    for (const { location, clients } of byLine.values()) {
      report({ location, messageId: 'clientInHandler', data: { function: node.logicalId, client: [...new Set(clients)].join(' with ') } })
    }
  },
})
