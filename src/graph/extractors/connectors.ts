import type { Path } from '../../template/positions.js'
import type { TemplateResource } from '../../template/template.js'
import { asArray, asMap, asString, type Value, type ValueMap } from '../../template/values.js'
import type { BuildContext } from '../context.js'
import { callMode } from '../iam.js'
import type { GraphNode } from '../types.js'

/**
 * SAM connectors grant a source access to a destination (`Permissions: [Read, Write]`): a
 * may-call edge, as IAM statements are. Written either as an `AWS::Serverless::Connector`
 * resource or as a `Connectors` property on the source resource.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/managing-permissions-connectors.html
 */
export function connectorResourceEdges(context: BuildContext, _node: GraphNode, resource: TemplateResource): void {
  const source = endpoint(context, resource.properties.Source)
  if (source) connectorEdges(context, source, resource.properties, resource, [])
}

export function connectorsPropertyEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  for (const [name, connector] of Object.entries(resource.connectors ?? {})) {
    const properties = asMap(asMap(connector)?.Properties)
    if (properties) connectorEdges(context, node, properties, resource, ['Connectors', name, 'Properties'])
  }
}

/** `path` is from the resource's Properties (a Connector resource) or, with `Connectors` first, from the resource itself. */
function connectorEdges(context: BuildContext, source: GraphNode, properties: ValueMap, resource: TemplateResource, path: Path): void {
  const locate = (at: Path) =>
    at[0] === 'Connectors' ? { file: context.template.file, ...context.template.locate(['Resources', resource.id, ...at]) } : context.at(resource, at)
  const permissions = asArray(properties.Permissions).map(asString).filter((permission): permission is string => permission !== undefined)
  asArray(properties.Destination).forEach((destinationValue, index) => {
    const destination = endpoint(context, destinationValue)
    if (!destination) return
    // Writing to a queue, topic or bus is a send; reading is the consumer's side.
    const actions = permissions.includes('Write') ? ['Write'] : permissions
    context.edge({
      from: source, to: destination, mode: callMode(destination.kind), via: 'connector', kind: 'may-call',
      location: locate(Array.isArray(properties.Destination) ? [...path, 'Destination', index] : [...path, 'Destination']), actions,
    })
  })
}

/** A connector endpoint: `{Id: LogicalId}` or `{Arn: ..., Type: ...}`. */
function endpoint(context: BuildContext, value: Value | undefined): GraphNode | undefined {
  const map = asMap(value)
  const id = asString(map?.Id)
  if (id) return context.node(id)
  return context.targets(map?.Arn)[0]?.node
}
