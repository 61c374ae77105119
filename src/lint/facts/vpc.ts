/**
 * Facts the VPC rules share: which subnets a function runs in, how those subnets route, which VPC
 * endpoints exist, and which AWS service APIs a function calls. Everything unknowable (a subnet
 * or route table from outside the template, an unresolved id) answers "unknown", and the rules
 * then say nothing.
 */
import type { ArchitectureGraph } from '../../graph/graph.js'
import { matchesAction } from '../../graph/iam.js'
import type { GraphNode, NodeKind } from '../../graph/types.js'
import type { Template, TemplateResource } from '../../template/template.js'
import { asArray, asMap, asString, Conditional, displayText, possibleValues, referencesIn, Unresolved, type Value } from '../../template/values.js'

/** The subnets a function's `VpcConfig` names that are resources of the template. */
export function subnetsOf(graph: ArchitectureGraph, fn: GraphNode): GraphNode[] {
  return graph.outgoing(fn.id).filter((edge) => edge.via === 'vpc' && edge.kind === 'network').map((edge) => graph.nodes.get(edge.to)).filter((node): node is GraphNode => node?.kind === 'subnet')
}

/**
 * The subnets of a function when every entry of `SubnetIds` is a subnet of this template (the
 * whole network is visible); undefined otherwise (a parameter, an import, a literal id, a condition).
 */
export function templateSubnetsOf(graph: ArchitectureGraph, fn: GraphNode, resource: TemplateResource | undefined): GraphNode[] | undefined {
  const subnetIds = asMap(resource?.properties.VpcConfig)?.SubnetIds
  if (!Array.isArray(subnetIds) || subnetIds.length === 0) return undefined
  const subnets = subnetsOf(graph, fn)
  const byLogicalId = new Map(subnets.map((subnet) => [subnet.logicalId, subnet]))
  for (const item of subnetIds) {
    const references = item instanceof Unresolved ? item.references : []
    if (references.length !== 1 || !byLogicalId.has(references[0]!.id)) return undefined
  }
  return subnets
}

/** The VPC nodes the subnets belong to (through `VpcId`). */
export function vpcsOf(graph: ArchitectureGraph, subnets: readonly GraphNode[]): GraphNode[] {
  const vpcs = new Map<string, GraphNode>()
  for (const subnet of subnets) {
    for (const edge of graph.outgoing(subnet.id)) {
      const target = graph.nodes.get(edge.to)
      if (edge.via === 'vpc' && target?.kind === 'vpc') vpcs.set(target.id, target)
    }
  }
  return [...vpcs.values()]
}

/** The route tables explicitly associated with a subnet (none: it uses the VPC's main route table). */
export function routeTablesOf(graph: ArchitectureGraph, subnet: GraphNode): GraphNode[] {
  return graph.outgoing(subnet.id).filter((edge) => edge.via === 'route').map((edge) => graph.nodes.get(edge.to)).filter((node): node is GraphNode => node?.kind === 'route-table')
}

/** An AWS service a function calls, and the VPC endpoint service names that would carry the calls. */
export interface AwsService {
  name: string
  /** The last part of the endpoint's ServiceName: `com.amazonaws.<region>.<endpoint>`. */
  endpoints: readonly string[]
  /** S3 and DynamoDB have gateway endpoints: free, routed through the route table. */
  gateway?: boolean
}

const SERVICE_BY_KIND: Partial<Record<NodeKind, AwsService>> = {
  queue: { name: 'SQS', endpoints: ['sqs'] },
  topic: { name: 'SNS', endpoints: ['sns'] },
  function: { name: 'Lambda', endpoints: ['lambda'] },
  table: { name: 'DynamoDB', endpoints: ['dynamodb'], gateway: true },
  bucket: { name: 'S3', endpoints: ['s3'], gateway: true },
  'state-machine': { name: 'Step Functions', endpoints: ['states', 'sync-states'] },
  'event-bus': { name: 'EventBridge', endpoints: ['events'] },
  stream: { name: 'Kinesis Data Streams', endpoints: ['kinesis-streams'] },
  'delivery-stream': { name: 'Data Firehose', endpoints: ['kinesis-firehose'] },
  secret: { name: 'Secrets Manager', endpoints: ['secretsmanager'] },
  parameter: { name: 'SSM Parameter Store', endpoints: ['ssm'] },
  // Not KMS: kms:Decrypt on a key mostly serves server-side encryption (S3, SQS, DynamoDB, Secrets
  // Manager call KMS themselves), so the permission does not show the code calling KMS.
}

/**
 * Actions the Lambda service itself performs with the function's role, outside its network: the
 * event source mapping's poller reading the function's queue or stream, and the service delivering
 * failed events to the function's DLQ or destinations.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 */
const POLLER_ACTIONS = [
  'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility',
  'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards',
  'kinesis:ListStreams', 'kinesis:SubscribeToShard', 'kinesis:DescribeStreamConsumer',
  'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams',
]
const DELIVERY_ACTIONS = ['sqs:SendMessage', 'sns:Publish', 'events:PutEvents', 'lambda:InvokeFunction', 's3:PutObject']

/** Every action of the edge is one the service performs (a wildcard counts when it covers one of them). */
function onlyServiceActions(actions: readonly string[] | undefined, serviceActions: readonly string[]): boolean {
  if (!actions || actions.length === 0) return false
  return actions.every((action) => serviceActions.some((known) => matchesAction(action, known)))
}

export interface ServiceCall {
  service: AwsService
  targets: GraphNode[]
}

/**
 * The AWS service APIs the function's own code may call (may-call edges: IAM, environment,
 * connectors, code). Triggers, DLQs and destinations are not here, nor the permissions the Lambda
 * service uses for them: it polls and delivers outside the function's network.
 */
export function awsServiceCalls(graph: ArchitectureGraph, fn: GraphNode): ServiceCall[] {
  const calls = new Map<string, ServiceCall>()
  const polledSources = new Set(graph.incoming(fn.id).filter((edge) => edge.mode === 'poll' && edge.kind === 'trigger').map((edge) => edge.from))
  const deliveryTargets = new Set(graph.outgoing(fn.id).filter((edge) => edge.via === 'dead-letter' || edge.via === 'destination').map((edge) => edge.to))
  for (const edge of graph.outgoing(fn.id)) {
    if (edge.kind !== 'may-call') continue
    const target = graph.nodes.get(edge.to)
    const service = target && SERVICE_BY_KIND[target.kind]
    if (!target || !service) continue
    if (polledSources.has(target.id) && onlyServiceActions(edge.actions, POLLER_ACTIONS)) continue
    if (deliveryTargets.has(target.id) && onlyServiceActions(edge.actions, DELIVERY_ACTIONS)) continue
    const call = calls.get(service.name) ?? { service, targets: [] }
    if (!call.targets.includes(target)) call.targets.push(target)
    calls.set(service.name, call)
  }
  return [...calls.values()]
}

/**
 * The function sends its AWS calls somewhere the template does not show: an HTTP(S) proxy in the
 * VPC, or SDK endpoint overrides (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>).
 */
export function overridesNetworkPath(resource: TemplateResource | undefined): boolean {
  const variables = asMap(asMap(resource?.properties.Environment)?.Variables) ?? {}
  return Object.keys(variables).some((name) => /^(https?_proxy|all_proxy|aws_endpoint_url(_\w+)?)$/i.test(name))
}

/** Where a route sends traffic. `other`: somewhere that may lead out (transit gateway, peering, firewall, NAT instance, VPN...). */
export type RouteTarget = 'nat' | 'internet-gateway' | 'local' | 'other' | 'unknown'

export interface RouteFact {
  resource: TemplateResource
  target: RouteTarget
  /** The NAT gateway's logical id (or its id as written) when the target is a NAT gateway. */
  natGateway?: string
  /** `0.0.0.0/0`: the default route. Undefined when the destination is not known. */
  destination?: string
}

export interface VpcEndpointFact {
  resource: TemplateResource
  /** Logical ids of the VPCs it is in; undefined when the VPC is not known. */
  vpcs?: Set<string>
  /** The service part of ServiceName (`dynamodb`, `s3`, `sqs`, ...); undefined when unknown. */
  service?: string
  type: 'Gateway' | 'Interface' | 'other' | 'unknown'
  /** Gateway endpoints: the route tables it is attached to; undefined when not known. */
  routeTables?: Set<string>
}

/** The routes and endpoints of one template, gathered in one pass (template rules call this once). */
export interface NetworkFacts {
  routesByTable: Map<string, RouteFact[]>
  /** Route tables that also get routes from elsewhere (VPN route propagation): their routes are not all known. */
  propagatedTables: Set<string>
  endpoints: VpcEndpointFact[]
}

const OTHER_ROUTE_TARGETS = [
  'TransitGatewayId', 'VpcPeeringConnectionId', 'InstanceId', 'NetworkInterfaceId', 'EgressOnlyInternetGatewayId',
  'CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn', 'VpcEndpointId',
]

export function networkFacts(template: Template): NetworkFacts {
  const facts: NetworkFacts = { routesByTable: new Map(), propagatedTables: new Set(), endpoints: [] }
  for (const resource of template.resources.values()) {
    const properties = resource.properties
    if (resource.type === 'AWS::EC2::Route') {
      const route = routeFact(template, resource)
      for (const table of referencesIn(properties.RouteTableId)) {
        const list = facts.routesByTable.get(table.id) ?? []
        list.push(route)
        facts.routesByTable.set(table.id, list)
      }
    } else if (resource.type === 'AWS::EC2::VPNGatewayRoutePropagation') {
      for (const table of referencesIn(properties.RouteTableIds)) facts.propagatedTables.add(table.id)
    } else if (resource.type === 'AWS::EC2::VPCEndpoint') {
      facts.endpoints.push(endpointFact(resource))
    }
  }
  return facts
}

function routeFact(template: Template, resource: TemplateResource): RouteFact {
  const properties = resource.properties
  const destination = asString(properties.DestinationCidrBlock) ?? asString(properties.DestinationIpv6CidrBlock)
  const base = { resource, ...(destination ? { destination } : {}) }
  if (properties.NatGatewayId !== undefined) {
    const [reference] = referencesIn(properties.NatGatewayId)
    const nat = reference ? template.resources.get(reference.id) : undefined
    // A private NAT gateway reaches other networks, not the internet.
    if (nat && nat.properties.ConnectivityType !== undefined && nat.properties.ConnectivityType !== 'public') return { ...base, target: 'other' }
    return { ...base, target: 'nat', natGateway: reference?.id ?? displayText(properties.NatGatewayId) ?? 'a NAT gateway' }
  }
  if (OTHER_ROUTE_TARGETS.some((key) => properties[key] !== undefined)) return { ...base, target: 'other' }
  const gateway = properties.GatewayId
  if (gateway === undefined) return { ...base, target: 'unknown' }
  if (gateway === 'local') return { ...base, target: 'local' }
  if (typeof gateway === 'string') return { ...base, target: gateway.startsWith('igw-') ? 'internet-gateway' : 'other' }
  const [reference] = referencesIn(gateway)
  const type = reference ? template.resources.get(reference.id)?.type : undefined
  if (type === 'AWS::EC2::InternetGateway') return { ...base, target: 'internet-gateway' }
  return { ...base, target: type ? 'other' : 'unknown' }
}

function endpointFact(resource: TemplateResource): VpcEndpointFact {
  const properties = resource.properties
  const known = (value: Value | undefined): Set<string> | undefined => {
    const items = asArray(value)
    if (value instanceof Conditional || items.some((item) => !(item instanceof Unresolved) || item.references.length !== 1)) return undefined
    return new Set(items.map((item) => (item as Unresolved).references[0]!.id))
  }
  const vpcs = known(properties.VpcId)
  // com.amazonaws.us-east-1.dynamodb, com.amazonaws.${AWS::Region}.s3, aws.sagemaker.<region>.notebook
  const service = /^(?:[a-z]+\.)?com\.amazonaws\.[^.]+\.(.+)$/.exec(displayText(properties.ServiceName) ?? '')?.[1]
  const typeValue = properties.VpcEndpointType
  // CloudFormation's default endpoint type is Gateway.
  const type = typeValue === undefined || typeValue === 'Gateway' ? 'Gateway' : typeValue === 'Interface' ? 'Interface' : typeof typeValue === 'string' ? 'other' : 'unknown'
  const routeTables = properties.RouteTableIds === undefined ? new Set<string>() : known(properties.RouteTableIds)
  return { resource, type, ...(vpcs ? { vpcs } : {}), ...(service ? { service } : {}), ...(routeTables ? { routeTables } : {}) }
}

/**
 * Whether some endpoint in the VPC carries calls to the service from subnets using these route
 * tables. Unknowns count as covering (no finding rather than a false one). An interface endpoint
 * without private DNS still counts: the code may be configured with its DNS name.
 */
export function endpointCovers(facts: NetworkFacts, service: AwsService, vpc: string, routeTables: readonly string[]): boolean {
  return facts.endpoints.some((endpoint) => {
    if (endpoint.vpcs && !endpoint.vpcs.has(vpc)) return false
    if (endpoint.service !== undefined && !service.endpoints.includes(endpoint.service)) return false
    if (endpoint.type === 'other') return false
    if (endpoint.type === 'Gateway') return !endpoint.routeTables || routeTables.some((table) => endpoint.routeTables!.has(table))
    return true
  })
}

/** `0.0.0.0/0` or `::/0`. */
export function isDefaultRoute(route: RouteFact): boolean {
  return route.destination === '0.0.0.0/0' || route.destination === '::/0'
}

/** A readable list: `A, B and C`. */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/**
 * The Availability Zone of a subnet of the template as a comparable key, or undefined when it is
 * not known. Identical expressions (`!Select [0, !GetAZs '']` twice) name the same zone within a
 * stack, so the raw expression is a key too; the display text says which zone.
 */
export function availabilityZoneOf(template: Template, subnet: GraphNode): { key: string; display: string } | undefined {
  const properties = subnet.resource?.properties
  if (!properties) return undefined
  const zone = properties.AvailabilityZone ?? properties.AvailabilityZoneId
  if (typeof zone === 'string') return { key: `zone:${zone}`, display: zone }
  if (zone === undefined || possibleValues(zone).length !== 1) return undefined
  const resources = (template.document.root as { Resources?: Record<string, { Properties?: Record<string, unknown> }> } | undefined)?.Resources
  const raw = resources && Object.hasOwn(resources, subnet.logicalId) ? resources[subnet.logicalId]?.Properties : undefined
  const expression = raw?.AvailabilityZone ?? raw?.AvailabilityZoneId
  if (expression === undefined) return undefined
  const select = (expression as { 'Fn::Select'?: unknown[] })['Fn::Select']
  const display = Array.isArray(select) && (select[1] as { 'Fn::GetAZs'?: unknown } | undefined)?.['Fn::GetAZs'] !== undefined ? `AZ #${String(select[0])} of !GetAZs` : 'the same AZ'
  return { key: `raw:${JSON.stringify(expression)}`, display }
}
