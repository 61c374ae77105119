import { restResourcePath, samGlobals } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'
import type { RuleContext } from '../../src/lint/types.js'
import type { Template, TemplateResource } from '../../src/template/template.js'
import { asArray, asMap, asString, displayText, possibleValues, referencesIn, type Value, type ValueMap } from '../../src/template/values.js'

/** Sure that a setting names no authorizer: absent, or `NONE` in every deployment. */
function noAuthorizer(value: Value | undefined): boolean {
  if (value === undefined || value === null) return true
  const values = possibleValues(value)
  return values.length > 0 && values.every((candidate) => candidate === null || candidate === 'NONE')
}

/** `ApiKeyRequired: true` (a boolean or the string) in some deployment. */
function requiresApiKey(value: Value | undefined): boolean {
  return possibleValues(value).some((candidate) => candidate === true || candidate === 'true' || candidate === 'True')
}

/** A private REST API is only reachable through VPC endpoints its resource policy allows. */
function isPrivate(endpointConfiguration: Value | undefined): boolean {
  const configuration = asMap(endpointConfiguration)
  const types = configuration ? [...asArray(configuration.Types), ...asArray(configuration.Type)] : [endpointConfiguration ?? null]
  return types.flatMap(possibleValues).some((type) => type === 'PRIVATE')
}

const SAM_API_EVENTS: Record<string, { apiProperty: string; apiType: string; globals: string; flavor: string }> = {
  Api: { apiProperty: 'RestApiId', apiType: 'AWS::Serverless::Api', globals: 'Api', flavor: 'REST' },
  HttpApi: { apiProperty: 'ApiId', apiType: 'AWS::Serverless::HttpApi', globals: 'HttpApi', flavor: 'HTTP' },
}

export default defineRule({
  id: 'api-without-authorizer',
  category: 'security',
  severity: 'info',
  title: 'An API route has no authorizer: anyone who can reach the URL can call it',
  rationale:
    'A route without an authorizer (IAM, Cognito, JWT or a Lambda authorizer) accepts every request that reaches it: the backend is then the only ' +
    'place that can tell callers apart, and every anonymous request runs (and is billed to) the integration. Public routes exist, but they should be a decision.',
  fix:
    'Set a DefaultAuthorizer on the API (SAM `Auth`) or an AuthorizationType on the method or route (AWS_IAM, COGNITO_USER_POOLS, JWT, CUSTOM) and ' +
    'opt the truly public routes out explicitly (`Auth: {Authorizer: NONE}`); for WebSocket APIs, authorize the $connect route.',
  docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
  equivalents: ['checkov:CKV_AWS_59', 'cdk-nag:AwsSolutions-APIG4'],
  messages: {
    route: '{{route}} on {{api}} ({{flavor}} API) has no authorizer',
    apiKeyOnly: '{{route}} on {{api}} ({{flavor}} API) has no authorizer, only an API key: API keys identify clients for usage plans, they do not authorize',
  },
  kinds: ['function', 'state-machine'],
  types: ['AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Route'],
  check({ node, resource, template, report }) {
    if (!resource) return
    if (resource.type === 'AWS::ApiGateway::Method') return checkRestMethod(template, resource, report)
    if (resource.type === 'AWS::ApiGatewayV2::Route') return checkV2Route(template, resource, report)
    if (node.resource !== resource || !resource.type.startsWith('AWS::Serverless::')) return
    for (const [name, definition] of Object.entries(asMap(resource.properties.Events) ?? {})) {
      const event = asMap(definition)
      const kind = asString(event?.Type)
      const spec = kind && Object.hasOwn(SAM_API_EVENTS, kind) ? SAM_API_EVENTS[kind]! : undefined
      if (!event || !spec) continue
      const properties = asMap(event.Properties) ?? {}
      const method = asString(properties.Method)?.toUpperCase()
      const path = asString(properties.Path)
      if (method === 'OPTIONS') continue
      const auth = asMap(properties.Auth)
      // `Authorizer: NONE` on the event is the author's explicit opt-out of the API's authorizer: a decision, not an oversight.
      if (auth?.Authorizer !== undefined || auth?.ResourcePolicy !== undefined) continue
      const api = samApi(template, properties[spec.apiProperty], spec.apiType, spec.globals)
      if (!api || isProtectedSamApi(template, api.properties, path, method)) continue
      const route = method && path ? `${method} ${path}` : path ?? '$default'
      // An event's ApiKeyRequired overrides the API's.
      const apiKey = auth?.ApiKeyRequired !== undefined ? requiresApiKey(auth.ApiKeyRequired) : requiresApiKey(asMap(api.properties.Auth)?.ApiKeyRequired)
      report({ path: ['Events', name], messageId: apiKey && spec.flavor === 'REST' ? 'apiKeyOnly' : 'route', data: { route, api: api.name, flavor: spec.flavor } })
    }
  },
})

type Reporter = RuleContext['report']

/** The API an event attaches to: the explicit SAM API, or the implicit one (shaped by Globals). */
function samApi(template: Template, explicit: Value | undefined, apiType: string, globals: string): { name: string; properties: ValueMap } | undefined {
  if (explicit === undefined) return { name: apiType === 'AWS::Serverless::Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi', properties: samGlobals(template, globals) ?? {} }
  const [reference] = referencesIn(explicit)
  const api = reference ? template.resources.get(reference.id) : undefined
  // An API from another stack, or not a SAM API: its authorization is not known here.
  return api?.type === apiType ? { name: api.id, properties: api.properties } : undefined
}

/** Whether a SAM API protects a route: a default authorizer, a resource policy, a private endpoint, or OpenAPI `security`. */
function isProtectedSamApi(template: Template, api: ValueMap, path: string | undefined, method: string | undefined): boolean {
  const auth = asMap(api.Auth)
  if (api.Auth !== undefined && !auth) return true
  if (!noAuthorizer(auth?.DefaultAuthorizer) || auth?.ResourcePolicy !== undefined || isPrivate(api.EndpointConfiguration)) return true
  const uri = asString(api.DefinitionUri)
  if (api.DefinitionBody === undefined && api.DefinitionUri === undefined) return false
  const definition = asMap(api.DefinitionBody) ?? (uri ? asMap(attachedDefinition(template, uri)) : undefined)
  // A definition we cannot read (S3, unresolved) may well declare security.
  if (!definition) return true
  if (asArray(definition.security).length > 0) return true
  const operations = asMap(asMap(definition.paths)?.[path ?? ''])
  const operation = asMap(operations?.[method === 'ANY' ? 'x-amazon-apigateway-any-method' : (method ?? '').toLowerCase()])
  return asArray(operation?.security).length > 0
}

function attachedDefinition(template: Template, uri: string): Value | undefined {
  const attached = template.attachedFiles.get(uri)
  return attached ? template.resolve(attached.root) : undefined
}

function checkRestMethod(template: Template, resource: TemplateResource, report: Reporter): void {
  const properties = resource.properties
  const method = asString(properties.HttpMethod)?.toUpperCase()
  // CORS preflight requests carry no credentials: OPTIONS must stay open.
  if (!method || method === 'OPTIONS' || !noAuthorizer(properties.AuthorizationType)) return
  const [reference] = referencesIn(properties.RestApiId)
  const api = reference ? template.resources.get(reference.id) : undefined
  if (api && (api.properties.Policy !== undefined || isPrivate(api.properties.EndpointConfiguration))) return
  const route = `${method} ${restResourcePath(template, properties.ResourceId) ?? '{?}'}`
  const messageId = requiresApiKey(properties.ApiKeyRequired) ? 'apiKeyOnly' : 'route'
  report({ ...(properties.AuthorizationType !== undefined ? { path: ['AuthorizationType'] } : {}), messageId, data: { route, api: api?.id ?? displayText(properties.RestApiId) ?? 'its API', flavor: 'REST' } })
}

function checkV2Route(template: Template, resource: TemplateResource, report: Reporter): void {
  const properties = resource.properties
  const key = asString(properties.RouteKey)
  if (!key || !noAuthorizer(properties.AuthorizationType)) return
  const [reference] = referencesIn(properties.ApiId)
  const api = reference ? template.resources.get(reference.id) : undefined
  const protocol = api?.type === 'AWS::ApiGatewayV2::Api' ? asString(api.properties.ProtocolType) : undefined
  const httpStyle = key === '$default' || /^(ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \//.test(key)
  const websocket = protocol === 'WEBSOCKET' || (protocol === undefined && !httpStyle)
  // A WebSocket client is authorized once, when it connects; messages on the connection are not.
  if (websocket ? key !== '$connect' : key.startsWith('OPTIONS ')) return
  report({ ...(properties.AuthorizationType !== undefined ? { path: ['AuthorizationType'] } : {}), messageId: 'route', data: { route: key, api: api?.id ?? displayText(properties.ApiId) ?? 'its API', flavor: websocket ? 'WebSocket' : 'HTTP' } })
}
