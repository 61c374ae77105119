import { asMap } from '../../src/template/values.js'
import { awsServiceCalls, endpointCovers, listOf, networkFacts, overridesNetworkPath, routeTablesOf, templateSubnetsOf, vpcsOf } from '../../src/lint/facts/vpc.js'
import { defineRule } from '../../src/lint/rule.js'

/**
 * A VPC function reaches public AWS endpoints only through a NAT gateway (or another way out:
 * transit gateway, firewall...) or a VPC endpoint. An internet gateway route is not enough:
 * Lambda's network interfaces get no public IP address
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html). Judged only
 * when the subnets, their route tables, every route and the VPC are in the template: a subnet with
 * no associated route table uses the VPC's main table, which the template cannot show.
 */
export default defineRule({
  id: 'no-route-to-aws-services',
  category: 'vpc',
  severity: 'error',
  title: 'A VPC function calls AWS services but its subnets have no route to them',
  rationale:
    'A function attached to a VPC sends all its traffic through the VPC. With no NAT gateway route and no VPC endpoint for a service, ' +
    'SDK calls to that service hang until they time out, so every invocation that needs it fails — after running, and being billed, to its timeout.',
  fix:
    'Add VPC endpoints for the services it calls (gateway endpoints for S3 and DynamoDB are free; interface endpoints with PrivateDnsEnabled: true for the others), ' +
    'or run it in private subnets whose default route goes to a NAT gateway. Putting it in a public subnet does not help. ' +
    'If it needs nothing inside the VPC, remove VpcConfig.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html',
  equivalents: [],
  messages: {
    noRoute:
      '{{function}} calls {{services}}, but its subnet(s) {{subnets}} have no route out (no NAT gateway) and the VPC has no endpoint for them: the calls will time out',
    publicSubnet:
      '{{function}} calls {{services}}, but its subnet(s) {{subnets}} only route out through an internet gateway, which Lambda cannot use (its network interfaces get no public IP), ' +
      'and the VPC has no endpoint for them: the calls will time out',
  },
  checkTemplate({ graph, template, nodes, report }) {
    let facts: ReturnType<typeof networkFacts> | undefined
    for (const fn of nodes) {
      if (fn.kind !== 'function') continue
      const subnets = templateSubnetsOf(graph, fn, fn.resource)
      if (!subnets) continue
      if (overridesNetworkPath(fn.resource)) continue
      // Dual-stack functions may reach the internet over IPv6 through the internet gateway.
      const dualStack = asMap(fn.resource?.properties.VpcConfig)?.Ipv6AllowedForDualStack
      if (dualStack !== undefined && dualStack !== false) continue
      const [vpc, ...others] = vpcsOf(graph, subnets)
      if (!vpc || others.length > 0) continue
      facts ??= networkFacts(template)

      const dead: { subnet: string; tables: string[]; internetGateway: boolean }[] = []
      let unknowable = false
      for (const subnet of subnets) {
        const tables = routeTablesOf(graph, subnet).map((table) => table.logicalId)
        if (tables.length === 0 || tables.some((table) => facts!.propagatedTables.has(table))) unknowable = true
        const routes = tables.flatMap((table) => facts!.routesByTable.get(table) ?? [])
        const wayOut = routes.some((route) => route.target === 'nat' || route.target === 'other' || route.target === 'unknown')
        if (!wayOut) dead.push({ subnet: subnet.logicalId, tables, internetGateway: routes.some((route) => route.target === 'internet-gateway') })
      }
      if (unknowable || dead.length === 0) continue
      const uncovered = awsServiceCalls(graph, fn).filter(({ service }) => dead.some(({ tables }) => !endpointCovers(facts!, service, vpc.logicalId, tables)))
      if (uncovered.length === 0) continue
      report({
        node: fn,
        path: ['VpcConfig', 'SubnetIds'],
        messageId: dead.some((subnet) => subnet.internetGateway) ? 'publicSubnet' : 'noRoute',
        data: {
          function: fn.logicalId,
          services: listOf(uncovered.map(({ service, targets }) => `${service.name} (${targets.map((target) => target.logicalId).join(', ')})`)),
          subnets: listOf(dead.map(({ subnet }) => subnet)),
        },
      })
    }
  },
})
