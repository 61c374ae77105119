import type { GraphNode } from '../../src/graph/types.js'
import { stagePath, stageSettings } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Path } from '../../src/template/positions.js'
import { asArray, asMap, possibleValues, referencesIn, Unresolved, type Value, type ValueMap } from '../../src/template/values.js'

/**
 * Without stage throttling an API is limited only by the account's quota for the Region (10,000
 * requests per second, burst 5,000), shared by every API in the account:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
const LIMITS = ['ThrottlingBurstLimit', 'ThrottlingRateLimit'] as const

export default defineRule({
  id: 'api-without-throttling',
  category: 'resilience',
  severity: 'warning',
  title: 'An API stage has no default throttling',
  rationale:
    'Without stage throttling an API accepts up to the account-wide quota (10,000 requests per second in a Region, shared by ' +
    'every API), so one client or a retry storm can exhaust Lambda concurrency and the databases behind it, and throttle the ' +
    'other APIs in the account. A default limit sized for what the backend can take turns overload into fast 429s.',
  fix:
    'Set `ThrottlingBurstLimit` and `ThrottlingRateLimit` for every route: on a REST API in a `MethodSettings` entry with ' +
    '`HttpMethod: "*"` and `ResourcePath: "/*"`; on an HTTP or WebSocket API in `DefaultRouteSettings` (for SAM implicit APIs, ' +
    'in `Globals.Api` or `Globals.HttpApi`). Size them from the backend\'s capacity (reserved concurrency, table throughput).',
  docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
  equivalents: ['serverless-rules:ES2003'],
  messages: {
    missing: '{{api}} has no default throttling: set {{missing}} in {{where}}',
  },
  checkTemplate({ graph, nodes, report }) {
    let usagePlans: Set<string> | undefined
    for (const node of nodes) {
      const settings = stageSettings(graph, node)
      if (!settings) continue
      const properties = settings.properties ?? {}
      const implicit = !settings.resource
      let verdict: Verdict
      let path: string[]
      let where: string
      if (settings.flavor === 'rest') {
        const deployment = node.type === 'AWS::ApiGateway::Deployment'
        const holder = deployment ? asMap(properties.StageDescription) : properties
        if (deployment && properties.StageDescription instanceof Unresolved) continue
        path = deployment ? ['StageDescription', 'MethodSettings'] : ['MethodSettings']
        // A deployment's StageDescription takes the stage-wide limits directly, as well as method settings.
        verdict = combine([restDefaultThrottling(holder?.MethodSettings), ...(deployment ? [throttling(holder)] : [])])
        where = deployment ? 'StageDescription' : `${implicit ? 'Globals.Api ' : ''}MethodSettings (an entry for HttpMethod "*" and ResourcePath "/*")`
        if (verdict.state === 'missing') {
          usagePlans ??= apisThrottledByUsagePlans(nodes)
          if (throttledByUsagePlan(node, properties, usagePlans)) continue
        }
      } else {
        path = ['DefaultRouteSettings']
        verdict = throttling(properties.DefaultRouteSettings)
        where = `${implicit ? 'Globals.HttpApi ' : ''}DefaultRouteSettings`
      }
      if (verdict.state !== 'missing') continue
      const written: Path | undefined = stagePath(settings, path)
      report({
        node,
        ...(written ? { path: written } : {}),
        messageId: 'missing',
        data: { api: node.logicalId, missing: verdict.missing.join(' and '), where },
      })
    }
  },
})

/**
 * A usage plan with throttling limits every API key's client; with keys required that is the
 * API's throttling, chosen per client rather than per stage. SAM writes it as `Auth.UsagePlan`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 */
function throttledByUsagePlan(node: GraphNode, properties: ValueMap, usagePlans: ReadonlySet<string>): boolean {
  const samPlan = asMap(asMap(properties.Auth)?.UsagePlan)
  if (samPlan && samPlan.CreateUsagePlan !== 'NONE' && samPlan.Throttle !== undefined) return true
  const apiIds = node.type === 'AWS::Serverless::Api' ? [node.logicalId] : referencesIn(properties.RestApiId).map((reference) => reference.id)
  return apiIds.some((id) => usagePlans.has(id))
}

/** Logical ids of the REST APIs a usage plan with throttling (for the plan, or for the API's stage) applies to. */
function apisThrottledByUsagePlans(nodes: readonly GraphNode[]): Set<string> {
  const apis = new Set<string>()
  for (const node of nodes) {
    if (node.type !== 'AWS::ApiGateway::UsagePlan' || !node.resource) continue
    const planThrottle = node.resource.properties.Throttle !== undefined
    for (const entry of asArray(node.resource.properties.ApiStages)) {
      const stage = asMap(entry)
      if (!planThrottle && stage?.Throttle === undefined) continue
      for (const reference of referencesIn(stage?.ApiId)) apis.add(reference.id)
    }
  }
  return apis
}

type Verdict = { state: 'set' | 'unknown' } | { state: 'missing'; missing: string[] }

/** The default `*` `/*` method setting's throttling; unknown when an entry's method or path is not known. */
function restDefaultThrottling(methodSettings: Value | undefined): Verdict {
  if (methodSettings instanceof Unresolved) return { state: 'unknown' }
  const verdicts: Verdict[] = []
  for (const list of possibleValues(methodSettings ?? null)) {
    if (list instanceof Unresolved) return { state: 'unknown' }
    const defaults: Verdict[] = []
    for (const item of asArray(list).flatMap((entry) => possibleValues(entry))) {
      const setting = asMap(item)
      if (!setting) {
        if (item instanceof Unresolved) defaults.push({ state: 'unknown' })
        continue
      }
      const method = setting.HttpMethod
      const resourcePath = setting.ResourcePath
      if (method instanceof Unresolved || resourcePath instanceof Unresolved) defaults.push({ state: 'unknown' })
      else if (method === '*' && resourcePath === '/*') defaults.push(throttling(setting))
    }
    verdicts.push(defaults.length > 0 ? combine(defaults) : { state: 'missing', missing: [...LIMITS] })
  }
  return combine(verdicts)
}

/** Whether a settings map sets both limits (each branch of a condition judged on its own). */
function throttling(settings: Value | undefined): Verdict {
  const verdicts: Verdict[] = []
  for (const candidate of possibleValues(settings ?? null)) {
    if (candidate instanceof Unresolved) return { state: 'unknown' }
    const map = asMap(candidate) ?? {}
    const missing = LIMITS.filter((limit) => map[limit] === undefined || map[limit] === null)
    verdicts.push(missing.length === 0 ? { state: 'set' } : { state: 'missing', missing })
  }
  return combine(verdicts)
}

/**
 * Set when any deployment sets it (a limit only in production is a decision), unknown when a
 * value is unknowable, missing only when every possibility lacks it.
 */
function combine(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.some((verdict) => verdict.state === 'set')) return { state: 'set' }
  if (verdicts.length === 0 || verdicts.some((verdict) => verdict.state === 'unknown')) return { state: 'unknown' }
  const missing = new Set(verdicts.flatMap((verdict) => (verdict.state === 'missing' ? verdict.missing : [])))
  return { state: 'missing', missing: LIMITS.filter((limit) => missing.has(limit)) }
}
