import type { TemplateResource } from '../../template/template.js'
import type { Value } from '../../template/values.js'
import type { BuildContext } from '../context.js'
import type { GraphNode } from '../types.js'

/**
 * VPC paths: subnet -> VPC, subnet -> route table -> NAT or internet gateway, NAT gateway -> the
 * subnet it lives in. With function -> subnet (from VpcConfig) this answers "does this function
 * reach the internet, and through a NAT gateway that bills per GB?".
 */
export function networkEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const properties = resource.properties
  const link = (from: GraphNode, value: Value | undefined, path: string, via: 'vpc' | 'route', kinds: GraphNode['kind'][]) =>
    context.edgesTo(from, value, { mode: 'sync', via, kind: 'network', location: context.at(resource, [path]), expectedKinds: kinds })
  switch (resource.type) {
    case 'AWS::EC2::Subnet':
    case 'AWS::EC2::SecurityGroup':
      link(node, properties.VpcId, 'VpcId', 'vpc', ['vpc'])
      break
    case 'AWS::EC2::VPCEndpoint':
      link(node, properties.VpcId, 'VpcId', 'vpc', ['vpc'])
      break
    case 'AWS::EC2::NatGateway':
      link(node, properties.SubnetId, 'SubnetId', 'route', ['subnet'])
      break
    case 'AWS::EC2::SubnetRouteTableAssociation':
      for (const subnet of context.targets(properties.SubnetId, ['subnet'])) link(subnet.node, properties.RouteTableId, 'RouteTableId', 'route', ['route-table'])
      break
    case 'AWS::EC2::Route':
      for (const table of context.targets(properties.RouteTableId, ['route-table'])) {
        for (const key of ['NatGatewayId', 'GatewayId', 'VpcEndpointId']) link(table.node, properties[key], key, 'route', ['nat-gateway', 'internet-gateway', 'vpc-endpoint'])
      }
      break
  }
}
