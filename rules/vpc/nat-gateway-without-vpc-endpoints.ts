import { awsServiceCalls, endpointCovers, isDefaultRoute, listOf, networkFacts, overridesNetworkPath, routeTablesOf, subnetsOf, vpcsOf } from '../../src/lint/facts/vpc.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * NAT gateway, us-east-1 (https://aws.amazon.com/vpc/pricing/): $0.045 per hour per gateway and
 * $0.045 per GB processed. A month is 730 hours, as AWS prices it.
 */
const NAT_PER_HOUR = 0.045
const NAT_PER_GB = 0.045
const HOURS_PER_MONTH = 730

/**
 * A VPC function whose default route goes through a NAT gateway, calling AWS services for which
 * the VPC has no endpoint: every byte to S3, DynamoDB, SQS... is NAT-processed and billed per GB.
 * A template rule: it reads the template's routes and endpoints once.
 */
export default defineRule({
  id: 'nat-gateway-without-vpc-endpoints',
  category: 'vpc',
  severity: 'warning',
  title: 'A VPC function reaches AWS services through a NAT gateway instead of VPC endpoints',
  rationale:
    `A NAT gateway costs $${NAT_PER_HOUR} per hour ($${(NAT_PER_HOUR * HOURS_PER_MONTH).toFixed(2)} per month) and $${NAT_PER_GB} for every GB it processes (us-east-1), ` +
    'so a function moving data to S3 or DynamoDB through it pays per GB for traffic that never needed to leave AWS, and stops working when the NAT gateway or its AZ fails. ' +
    'VPC endpoints keep the calls inside the VPC.',
  fix:
    'Add gateway endpoints for S3 and DynamoDB (AWS::EC2::VPCEndpoint with VpcEndpointType Gateway and the private route tables in RouteTableIds: they are free). ' +
    'For other services, add interface endpoints with PrivateDnsEnabled: true where the traffic justifies them ($0.01 per AZ-hour plus $0.01 per GB in us-east-1, ' +
    'https://aws.amazon.com/privatelink/pricing/). If nothing else in the VPC needs the internet, the NAT gateway can then go.',
  docs: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  equivalents: [],
  messages: {
    nat:
      '{{function}} calls {{services}} through {{nats}}, with no VPC endpoint for them. A NAT gateway costs $' + NAT_PER_HOUR + '/hour × ' + HOURS_PER_MONTH +
      ' h = $' + (NAT_PER_HOUR * HOURS_PER_MONTH).toFixed(2) + ' per month (${{monthly}} for {{natCount}} here) plus $' + NAT_PER_GB +
      ' per GB processed (us-east-1 prices).{{gatewayAdvice}}',
  },
  checkTemplate({ graph, template, nodes, report }) {
    let facts: ReturnType<typeof networkFacts> | undefined
    for (const fn of nodes) {
      if (fn.kind !== 'function') continue
      const subnets = subnetsOf(graph, fn)
      if (subnets.length === 0) continue
      if (overridesNetworkPath(fn.resource)) continue
      const [vpc, ...others] = vpcsOf(graph, subnets)
      // Endpoints of a VPC defined elsewhere may exist outside this template.
      if (!vpc || others.length > 0) continue
      facts ??= networkFacts(template)
      const natSubnets: { tables: string[] }[] = []
      const nats = new Set<string>()
      for (const subnet of subnets) {
        const tables = routeTablesOf(graph, subnet).map((table) => table.logicalId)
        const defaultNats = tables.flatMap((table) => facts!.routesByTable.get(table) ?? []).filter((route) => route.target === 'nat' && isDefaultRoute(route))
        if (defaultNats.length === 0) continue
        natSubnets.push({ tables })
        for (const route of defaultNats) nats.add(route.natGateway!)
      }
      if (natSubnets.length === 0) continue
      const uncovered = awsServiceCalls(graph, fn).filter(({ service }) => natSubnets.some(({ tables }) => !endpointCovers(facts!, service, vpc.logicalId, tables)))
      if (uncovered.length === 0) continue
      const free = uncovered.filter(({ service }) => service.gateway).map(({ service }) => service.name)
      report({
        node: fn,
        path: ['VpcConfig', 'SubnetIds'],
        messageId: 'nat',
        data: {
          function: fn.logicalId,
          services: listOf(uncovered.map(({ service, targets }) => `${service.name} (${targets.map((target) => target.logicalId).join(', ')})`)),
          nats: `${nats.size === 1 ? 'NAT gateway' : `${nats.size} NAT gateways`} ${listOf([...nats])}`,
          monthly: (nats.size * NAT_PER_HOUR * HOURS_PER_MONTH).toFixed(2),
          natCount: nats.size,
          gatewayAdvice: free.length > 0 ? ` Gateway endpoints for ${listOf(free)} are free.` : '',
        },
      })
    }
  },
})
