import type { GraphNode } from '../../src/graph/types.js'
import { listOf, subnetsOf } from '../../src/lint/facts/vpc.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Template, TemplateResource } from '../../src/template/template.js'
import { asArray, asMap, asString, displayText, possibleValues, referencesIn, Unresolved, type Value } from '../../src/template/values.js'

/** Services reachable only inside a VPC (or, for a few, usually deployed so): a function using them needs the VPC. */
const VPC_SERVICE_PREFIXES = [
  'AWS::RDS::', 'AWS::ElastiCache::', 'AWS::MemoryDB::', 'AWS::MSK::', 'AWS::EFS::', 'AWS::S3Files::', 'AWS::Redshift::', 'AWS::RedshiftServerless::',
  'AWS::DocDB::', 'AWS::DocDBElastic::', 'AWS::Neptune::', 'AWS::NeptuneGraph::', 'AWS::DAX::', 'AWS::AmazonMQ::', 'AWS::FSx::', 'AWS::EKS::',
  'AWS::AutoScaling::', 'AWS::ServiceDiscovery::', 'AWS::Timestream::InfluxDB', 'AWS::OpenSearchServerless::VpcEndpoint',
]
const VPC_TYPES = new Set([
  'AWS::EC2::Instance', 'AWS::EC2::NetworkInterface', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::VPCEndpointService', 'AWS::ECS::Service',
])

/** Whether reaching this resource needs a network path inside a VPC. Unknown settings count as yes. */
function needsVpc(resource: TemplateResource | undefined, node?: GraphNode): boolean {
  if (node && (node.kind === 'database' || node.kind === 'cache')) return true
  if (!resource) return false
  const { type, properties } = resource
  if (VPC_TYPES.has(type) || VPC_SERVICE_PREFIXES.some((prefix) => type.startsWith(prefix))) return true
  switch (type) {
    // Database credentials (a username/password template, a host): the database may be anywhere,
    // e.g. attached with a SecretTargetAttachment or in another stack.
    case 'AWS::SecretsManager::Secret':
      return /\b(username|password|host|engine|dbname|port)\b/i.test(JSON.stringify(properties.GenerateSecretString ?? properties.SecretString ?? null))
    // A domain without VPCOptions has a public endpoint.
    case 'AWS::OpenSearchService::Domain':
    case 'AWS::Elasticsearch::Domain':
      return properties.VPCOptions !== undefined
    // Load balancers are internet-facing unless Scheme says internal.
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
    case 'AWS::ElasticLoadBalancing::LoadBalancer':
      return properties.Scheme !== undefined && properties.Scheme !== 'internet-facing'
    // A private REST API is reachable only through an execute-api VPC endpoint.
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::Serverless::Api':
      return /PRIVATE/.test(JSON.stringify(possibleValues(properties.EndpointConfiguration).map((value) => displayText(value) ?? asMap(value) ?? null)))
    case 'AWS::Route53::HostedZone':
      return properties.VPCs !== undefined
    case 'AWS::AppSync::GraphQLApi':
    case 'AWS::Serverless::GraphQLApi':
      return properties.Visibility === 'PRIVATE'
    default:
      return false
  }
}

/** SAM event sources whose pollers run in a VPC (the brief's "event sources that require a VPC"). */
const VPC_EVENT_TYPES = new Set(['MSK', 'MQ', 'SelfManagedKafka', 'DocumentDB'])

/** IAM actions that connect to a data plane inside a VPC (not the public management or Data APIs). */
const VPC_DATA_PLANE_ACTION = /^(rds-db:|elasticache:connect|memorydb:connect|es:eshttp|kafka-cluster:|elasticfilesystem:client|neptune-db:|dax:|s3files:client|redshift:getclustercredentials)/i
/** Managed policies for those services (but not the VPC execution role itself). */
const VPC_MANAGED_POLICY = /RDS|ElastiCache|MemoryDB|MSK|Kafka|ElasticFileSystem|OpenSearch|Elasticsearch|Redshift|DocDB|DocumentDB|Neptune|DAX|AmazonMQ|FSx/i

/**
 * Environment variable names that say "a host I connect to". When the value is a parameter, an
 * import or a literal host the template cannot follow, the function may well reach something in
 * the VPC that lives in another stack.
 */
const ENDPOINT_NAME = /HOST|ENDPOINT|DATABASE|(^|_)DB(_|$)|DB_?(NAME|URL|URI|USER|PORT|CLUSTER|SECRET)|RDS|AURORA|POSTGRES|PG_|MYSQL|MARIA|MONGO|REDIS|VALKEY|CACHE|MEMCACHE|KAFKA|BROKER|BOOTSTRAP|ELASTIC|OPENSEARCH|SEARCH_|NEPTUNE|GREMLIN|JDBC|SQL|DSN|CONNECTION|MOUNT|EFS|PROXY|SERVER|ADDRESS|(^|_)IP(_|$)|URL|URI|PORT|SMTP|LDAP/i
/** Resources that may hold connection details of a database the template does not define. */
const CONNECTION_HOLDERS = new Set(['AWS::SecretsManager::Secret', 'AWS::SSM::Parameter'])
/** Literal values that are clearly private network addresses or in-VPC service endpoints. */
const PRIVATE_HOST = /(^|[/@])(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)|\.internal\b|\.local\b|internal-|\.rds\.amazonaws\.com|\.cache\.amazonaws\.com|\.docdb\.amazonaws\.com|\.neptune\.amazonaws\.com|\.kafka\.|\.efs\.|\.es\.amazonaws\.com|\.vpce\./i
const HOST_LIKE = /^([a-z][a-z0-9+.-]*:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/.*)?$|:\d{2,5}$/i

/**
 * A VPC-attached function pays for the VPC (NAT gateway hours and per-GB processing to reach
 * anything outside, interface endpoints, IP addresses per subnet, cold-start network setup) and
 * loses availability if its subnets' AZs fail. Worth it only for what lives in the VPC.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
 */
export default defineRule({
  id: 'unneeded-vpc',
  category: 'vpc',
  severity: 'warning',
  title: 'A function is attached to a VPC but uses nothing that lives in one',
  rationale:
    'Lambda functions reach AWS services and the internet without a VPC. Attaching one to a VPC only pays off for resources inside it (RDS, ElastiCache, EFS, MSK, internal load balancers...); ' +
    'otherwise it adds a NAT gateway or VPC endpoints to pay for, subnet IP addresses to manage, and a network path that can break, for no benefit.',
  fix:
    'Remove VpcConfig if the function only calls AWS services and public APIs. Keep it — and suppress this finding with the reason — if the VPC is there for something the template ' +
    'cannot show: a database in another stack, a fixed egress IP allow-listed by a partner, or a compliance rule that requires VPC attachment.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
  equivalents: [],
  messages: {
    unneeded:
      '{{function}} is attached to a VPC (subnets {{subnets}}) but nothing it references lives in one{{calls}}. Remove VpcConfig unless something outside this template requires it',
  },
  kinds: ['function'],
  check({ graph, template, node, resource, report }) {
    if (!resource) return
    const properties = resource.properties
    const subnets = subnetsOf(graph, node)
    // Subnets from another stack belong to a VPC whose other resources this template cannot see.
    if (subnets.length === 0 || asArray(properties.FileSystemConfigs).length > 0) return
    if (Object.values(asMap(properties.Events) ?? {}).some((event) => VPC_EVENT_TYPES.has(asString(asMap(event)?.Type) ?? ''))) return

    const uses = new Set<string>()
    for (const edge of graph.incoming(node.id)) {
      const source = graph.nodes.get(edge.from)
      if (edge.kind === 'trigger' && source && needsVpc(source.resource, source)) return
    }
    for (const edge of graph.outgoing(node.id)) {
      if (edge.kind === 'network') continue
      const target = graph.nodes.get(edge.to)
      if (!target) continue
      if (needsVpc(target.resource, target)) return
      if (edge.kind === 'may-call') uses.add(target.logicalId)
    }
    const { VpcConfig: _network, ...rest } = properties
    for (const reference of referencesIn(rest)) {
      if (needsVpc(template.resources.get(reference.id))) return
    }
    if (usesVpcDataPlane(template, properties)) return
    if (namesUnseenEndpoint(template, asMap(asMap(properties.Environment)?.Variables) ?? {})) return

    report({
      path: ['VpcConfig'],
      messageId: 'unneeded',
      data: {
        function: node.logicalId,
        subnets: subnets.map((subnet) => subnet.logicalId).join(', '),
        calls: uses.size > 0 ? ` (it calls ${listOf([...uses])}, reachable without a VPC)` : '',
      },
    })
  },
})

/** IAM permissions (SAM Policies, the execution role's inline policies and managed policies) for an in-VPC data plane. */
function usesVpcDataPlane(template: Template, properties: Record<string, Value>): boolean {
  const policies: Value[] = [...asArray(properties.Policies)]
  for (const role of referencesIn(properties.Role)) {
    const roleResource = template.resources.get(role.id)
    if (roleResource?.type !== 'AWS::IAM::Role') continue
    for (const policy of asArray(roleResource.properties.Policies)) policies.push(asMap(policy)?.PolicyDocument ?? null)
    policies.push(...asArray(roleResource.properties.ManagedPolicyArns))
  }
  for (const policy of policies) {
    const text = displayText(policy)
    if (text !== undefined) {
      if (VPC_MANAGED_POLICY.test(text)) return true
      continue
    }
    for (const statement of asArray(asMap(policy)?.Statement).flatMap((value) => possibleValues(value))) {
      const actions = asArray(asMap(statement)?.Action).map(asString)
      if (actions.some((action) => action !== undefined && VPC_DATA_PLANE_ACTION.test(action))) return true
    }
  }
  return false
}

/** An environment variable that names a host or endpoint the template cannot follow. */
function namesUnseenEndpoint(template: Template, variables: Record<string, Value>): boolean {
  return Object.entries(variables).some(([name, value]) => {
    const endpointName = ENDPOINT_NAME.test(name.replace(/DYNAMO_?DB|DDB/gi, ''))
    return possibleValues(value).some((candidate) => {
      if (candidate instanceof Unresolved) {
        // Template resources are judged by their type; a parameter or an import is unseen, and so is
        // the database whose connection details a DB_SECRET-like secret or parameter holds.
        if (!endpointName) return false
        return candidate.references.length === 0 || candidate.references.some(({ id }) => CONNECTION_HOLDERS.has(template.resources.get(id)?.type ?? ''))
      }
      const text = displayText(candidate)
      if (text === undefined || text.startsWith('arn:')) return false
      if (PRIVATE_HOST.test(text)) return true
      // A public AWS endpoint (https://sqs.us-east-1.amazonaws.com/...) needs no VPC.
      return endpointName && HOST_LIKE.test(text) && !/\.amazonaws\.com(\/|:|$)/i.test(text)
    })
  })
}
