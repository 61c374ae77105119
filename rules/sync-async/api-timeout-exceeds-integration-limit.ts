import { apiFlavor, functionTimeoutSeconds, triggersOf } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * API Gateway stops waiting for an integration after 29 s (REST, WebSocket) or 30 s (HTTP API):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
const INTEGRATION_LIMIT_SECONDS = { rest: 29, websocket: 29, http: 30 } as const

export default defineRule({
  id: 'api-timeout-exceeds-integration-limit',
  category: 'sync-async',
  severity: 'error',
  title: 'A function behind API Gateway has a timeout longer than the API waits',
  rationale:
    'API Gateway gives up on an integration after 29 seconds (REST, WebSocket) or 30 seconds (HTTP API) and answers 504, ' +
    'while the function keeps running and is billed to its own timeout. Work that may take longer does not belong in a synchronous request.',
  fix:
    'Use the asynchronous request/response pattern: the API validates and enqueues the work (SQS or Step Functions), answers ' +
    '202 Accepted with a job id, and the client polls a status route (or is called back). Otherwise lower the Timeout below the API limit.',
  docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
  equivalents: [],
  messages: {
    exceeds: '{{function}} has Timeout {{timeout}} s but {{api}} ({{flavor}} API) stops waiting after {{limit}} s',
  },
  kinds: ['function'],
  check({ graph, node, resource, report }) {
    const timeout = functionTimeoutSeconds(resource)
    if (timeout === undefined) return
    for (const edge of triggersOf(graph, node)) {
      if (edge.mode !== 'sync') continue
      const api = graph.nodes.get(edge.from)
      const flavor = api && apiFlavor(api)
      if (!api || !flavor || !(flavor in INTEGRATION_LIMIT_SECONDS)) continue
      const limit = INTEGRATION_LIMIT_SECONDS[flavor as keyof typeof INTEGRATION_LIMIT_SECONDS]
      if (timeout > limit) {
        report({ path: ['Timeout'], messageId: 'exceeds', data: { function: node.logicalId, timeout, api: api.logicalId, flavor: flavor === 'rest' ? 'REST' : flavor === 'http' ? 'HTTP' : 'WebSocket', limit } })
        return
      }
    }
  },
})
