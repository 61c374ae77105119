/**
 * Resources that cost money but that no service module prices: the estimate lists them by name
 * ("not priced by lambdawise") so that a total never looks complete when it is not. Types that are
 * free in themselves (IAM, permissions, subnets, security groups, event source mappings, gateway
 * VPC endpoints, ...) are not listed.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import { own } from '../util/own.js'

/** What each billed type is billed for, in a few words. */
const BILLED_TYPES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'instance hours, storage, I/O',
  'AWS::RDS::DBCluster': 'instance or ACU hours, storage, I/O',
  'AWS::RDS::DBProxy': 'per vCPU-hour of the database',
  'AWS::ElastiCache::CacheCluster': 'node hours',
  'AWS::ElastiCache::ReplicationGroup': 'node hours',
  'AWS::ElastiCache::ServerlessCache': 'data stored and ECPUs',
  'AWS::S3::Bucket': 'storage, requests, data transfer',
  'AWS::KMS::Key': '$1 a month per key, requests',
  'AWS::CloudWatch::Alarm': 'per alarm metric a month',
  'AWS::Kinesis::Stream': 'shard hours or on-demand stream hours, data',
  'AWS::KinesisFirehose::DeliveryStream': 'data ingested',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'hours and LCUs',
  'AWS::EC2::Instance': 'instance hours',
  'AWS::ECS::Service': 'Fargate vCPU and memory hours',
  'AWS::OpenSearchService::Domain': 'instance hours, storage',
  'AWS::AppSync::GraphQLApi': 'queries, real-time updates',
  'AWS::Cognito::UserPool': 'monthly active users',
  'AWS::SecretsManager::Secret': '$0.40 a month per secret, API calls',
  'AWS::WAFv2::WebACL': 'web ACL, rules, requests',
  'AWS::CloudFront::Distribution': 'requests, data transfer',
  'AWS::EFS::FileSystem': 'storage, throughput',
  'AWS::Events::Archive': 'archived and stored events',
  'AWS::EventSchemas::Discoverer': 'discovered events',
  'AWS::MSK::Cluster': 'broker hours, storage',
  'AWS::AmazonMQ::Broker': 'broker hours, storage',
  'AWS::Route53::HostedZone': '$0.50 a month per zone, queries',
  'AWS::ApiGateway::DomainName': 'certificate, Route 53 records',
  'AWS::Serverless::SimpleTable': 'read and write capacity',
}

export interface UnpricedResource {
  resource: string
  type: string
  /** What it is billed for. */
  billedFor: string
}

export function unpricedResources(graph: ArchitectureGraph): UnpricedResource[] {
  const unpriced: UnpricedResource[] = []
  for (const node of graph.nodes.values()) {
    let billedFor = own(BILLED_TYPES, node.type)
    // Interface endpoints bill hours and data; gateway endpoints (S3, DynamoDB) are free.
    if (node.type === 'AWS::EC2::VPCEndpoint' && node.resource?.properties.VpcEndpointType === 'Interface') billedFor = 'hours per Availability Zone, data processed'
    if (billedFor) unpriced.push({ resource: node.logicalId, type: node.type, billedFor })
  }
  return unpriced.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0))
}
