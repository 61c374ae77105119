import type { Location } from '../../template/positions.js'
import type { TemplateResource } from '../../template/template.js'
import { asMap, asString, displayText, referencesIn, type Value } from '../../template/values.js'
import type { BuildContext } from '../context.js'
import { callMode } from '../iam.js'
import type { GraphNode, NodeKind } from '../types.js'

const INTEGRATION_KINDS: readonly NodeKind[] = ['function', 'queue', 'topic', 'event-bus', 'state-machine', 'table', 'bucket', 'stream', 'delivery-stream']

/**
 * An API waits for a function (proxy integration) unless a non-proxy integration asks Lambda for an
 * asynchronous invocation (`X-Amz-Invocation-Type: 'Event'`); for a service integration, the service call decides.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html
 */
function integrationMode(to: GraphNode, action: string | undefined, requestParameters?: Value) {
  if (to.kind !== 'function') return callMode(to.kind, action ? [action] : [])
  return asString(asMap(requestParameters)?.['integration.request.header.X-Amz-Invocation-Type']) === "'Event'" ? 'async' as const : 'sync' as const
}

/** `arn:aws:apigateway:region:states:action/StartSyncExecution` -> `states:StartSyncExecution`. */
function serviceAction(uri: string | undefined): string | undefined {
  const match = uri ? /:([a-z0-9-]+):action\/([A-Za-z]+)/.exec(uri) : null
  return match ? `${match[1]}:${match[2]}` : undefined
}

/** `AWS::ApiGateway::Method`: REST API -> whatever its integration calls (the Uri and request templates name it). */
export function restMethodEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  const integration = asMap(properties.Integration)
  if (!integration) return
  const uri = integration.Uri
  const action = serviceAction(displayText(uri))
  const method = asString(properties.HttpMethod)?.toUpperCase()
  const path = restResourcePath(context, properties.ResourceId)
  const label = [method, path].filter(Boolean).join(' ') || undefined
  const location = context.at(resource, ['Integration'])
  const named: Value[] = [uri ?? null, ...Object.values(asMap(integration.RequestTemplates) ?? {})]
  for (const api of context.targets(properties.RestApiId, ['api'])) {
    for (const value of named) {
      const targets = typeof value === 'string' ? context.targetsInText(value, INTEGRATION_KINDS) : context.targets(value, INTEGRATION_KINDS)
      for (const target of targets) {
        context.edge({ from: api.node, to: target.node, mode: integrationMode(target.node, action, integration.RequestParameters), via: 'integration', kind: 'trigger', location, ...(label ? { label } : {}), ...(action ? { actions: [action] } : {}) })
      }
    }
  }
}

/** The path of an `AWS::ApiGateway::Resource`, following ParentId up to the root. */
function restResourcePath(context: BuildContext, resourceId: Value | undefined): string | undefined {
  const parts: string[] = []
  let current = resourceId
  for (let depth = 0; depth < 30; depth++) {
    const [reference] = referencesIn(current)
    if (!reference || reference.attribute === 'RootResourceId') break
    const pathResource = context.template.resources.get(reference.id)
    if (pathResource?.type !== 'AWS::ApiGateway::Resource') return undefined
    parts.unshift(asString(pathResource.properties.PathPart) ?? '{?}')
    current = pathResource.properties.ParentId
  }
  return '/' + parts.join('/')
}

/** `AWS::ApiGatewayV2::Integration`: HTTP or WebSocket API -> function or service, labelled with its routes. */
export function v2IntegrationEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  const subtype = asString(properties.IntegrationSubtype)
  const action = subtype ? subtype.replace(/-/, ':').replace(/^(\w+):/, (_, service: string) => `${service.toLowerCase() === 'stepfunctions' ? 'states' : service.toLowerCase()}:`) : undefined
  const requestParameters = Object.values(asMap(properties.RequestParameters) ?? {})
  const routes = routesOf(context, resource.id)
  for (const api of context.targets(properties.ApiId, ['api'])) {
    for (const value of [properties.IntegrationUri ?? null, ...requestParameters]) {
      for (const target of context.targets(value, INTEGRATION_KINDS)) {
        for (const label of routes.length > 0 ? routes : [undefined]) {
          context.edge({ from: api.node, to: target.node, mode: integrationMode(target.node, action), via: 'integration', kind: 'trigger', location: resource.location, ...(label ? { label } : {}), ...(action ? { actions: [action] } : {}) })
        }
      }
    }
  }
}

function routesOf(context: BuildContext, integrationId: string): string[] {
  // Indexed once per template: scanning every route for every integration is quadratic.
  const routesByIntegration = context.memo('routes-by-integration', () => {
    const index = new Map<string, string[]>()
    for (const route of context.template.resources.values()) {
      const key = route.type === 'AWS::ApiGatewayV2::Route' ? asString(route.properties.RouteKey) : undefined
      if (!key) continue
      for (const reference of referencesIn(route.properties.Target)) index.set(reference.id, [...(index.get(reference.id) ?? []), key])
    }
    return index
  })
  return routesByIntegration.get(integrationId) ?? []
}

/** `AWS::ApiGatewayV2::Api` quick create: `Target` is the function every route invokes. */
export function v2ApiEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  context.edgesTo(node, resource.properties.Target, { mode: 'sync', via: 'integration', kind: 'trigger', location: context.at(resource, ['Target']), expectedKinds: ['function'] })
}

/**
 * SAM `AWS::Serverless::Api` / `HttpApi` with an OpenAPI definition (inline `DefinitionBody` or a
 * local `DefinitionUri` file): each operation's `x-amazon-apigateway-integration` uri names its target.
 */
export function openApiEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const inline = asMap(resource.properties.DefinitionBody)
  const uri = asString(resource.properties.DefinitionUri)
  const attached = uri ? context.template.attachedFiles.get(uri) : undefined
  const definition = inline ?? (attached ? asMap(context.template.resolve(attached.root)) : undefined)
  const locate = (path: (string | number)[]): Location =>
    inline ? context.at(resource, ['DefinitionBody', ...path]) : { file: attached!.file, ...attached!.positions.locate(attached!.root, path) }
  for (const [path, operations] of Object.entries(asMap(definition?.paths) ?? {})) {
    for (const [method, operation] of Object.entries(asMap(operations) ?? {})) {
      const integration = asMap(asMap(operation)?.['x-amazon-apigateway-integration'])
      const integrationUri = integration?.uri
      if (integrationUri === undefined) continue
      const action = serviceAction(displayText(integrationUri))
      const targets = typeof integrationUri === 'string' ? context.targetsInText(integrationUri, INTEGRATION_KINDS) : context.targets(integrationUri, INTEGRATION_KINDS)
      const label = `${method === 'x-amazon-apigateway-any-method' ? 'ANY' : method.toUpperCase()} ${path}`
      for (const target of targets) {
        context.edge({ from: node, to: target.node, mode: integrationMode(target.node, action, integration?.requestParameters), via: 'integration', kind: 'trigger', location: locate(['paths', path, method]), label })
      }
    }
  }
}

/** `AWS::AppSync::DataSource`: a GraphQL API resolves fields synchronously with a function or a table. */
export function appSyncDataSourceEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  const label = asString(properties.Name)
  for (const api of context.targets(properties.ApiId, ['api'])) {
    const named = [asMap(properties.LambdaConfig)?.LambdaFunctionArn, asMap(properties.DynamoDBConfig)?.TableName]
    for (const value of named) {
      context.edgesTo(api.node, value, { mode: 'sync', via: 'integration', kind: 'trigger', location: resource.location, expectedKinds: ['function', 'table'], ...(label ? { label } : {}) })
    }
  }
}
