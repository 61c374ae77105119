import { apiFlavor, functionTimeoutSeconds, maxNumber, triggersOf } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Template } from '../../src/template/template.js'
import { asMap, referencesIn, type Value } from '../../src/template/values.js'

/**
 * API Gateway stops waiting for an integration after 29 s (REST, WebSocket) or 30 s (HTTP API):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
const INTEGRATION_LIMIT_SECONDS = { rest: 29, websocket: 29, http: 30 } as const

/**
 * Since June 2024 a Regional or private REST API's integration timeout can be raised above 29 s
 * (`TimeoutInMillis`, with a quota increase): the largest one set for this function's integrations,
 * null when none is set, undefined when one is set but unresolved.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
function restIntegrationTimeoutSeconds(template: Template, functionId: string): number | null | undefined {
  const settings: Array<Value | undefined> = []
  const fn = template.resources.get(functionId)
  for (const event of Object.values(asMap(fn?.properties.Events) ?? {})) {
    const properties = asMap(asMap(event)?.Properties)
    if (asMap(event)?.Type === 'Api' && properties?.TimeoutInMillis !== undefined) settings.push(properties.TimeoutInMillis)
  }
  for (const method of template.resources.values()) {
    const integration = method.type === 'AWS::ApiGateway::Method' ? asMap(method.properties.Integration) : undefined
    if (integration?.TimeoutInMillis !== undefined && referencesIn(integration.Uri).some((reference) => reference.id === functionId)) settings.push(integration.TimeoutInMillis)
  }
  if (settings.length === 0) return null
  const milliseconds = settings.map((setting) => maxNumber(setting, 0))
  if (milliseconds.some((value) => value === undefined)) return undefined
  return Math.max(...(milliseconds as number[])) / 1000
}

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
  check({ graph, node, resource, template, report }) {
    const timeout = functionTimeoutSeconds(resource)
    if (timeout === undefined) return
    for (const edge of triggersOf(graph, node)) {
      if (edge.mode !== 'sync') continue
      const api = graph.nodes.get(edge.from)
      const flavor = api && apiFlavor(api)
      if (!api || !flavor || !(flavor in INTEGRATION_LIMIT_SECONDS)) continue
      const raised = flavor === 'rest' ? restIntegrationTimeoutSeconds(template, node.logicalId) : null
      // A REST integration timeout the template sets but we cannot resolve: no finding rather than a false one.
      if (raised === undefined) continue
      const limit = Math.max(INTEGRATION_LIMIT_SECONDS[flavor as keyof typeof INTEGRATION_LIMIT_SECONDS], raised ?? 0)
      if (timeout > limit) {
        report({ path: ['Timeout'], messageId: 'exceeds', data: { function: node.logicalId, timeout, api: api.logicalId, flavor: flavor === 'rest' ? 'REST' : flavor === 'http' ? 'HTTP' : 'WebSocket', limit } })
        return
      }
    }
  },
})
