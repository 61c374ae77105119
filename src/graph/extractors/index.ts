import type { TemplateResource } from '../../template/template.js'
import type { BuildContext } from '../context.js'
import type { RolePolicies } from '../iam.js'
import type { GraphNode } from '../types.js'
import { appSyncDataSourceEdges, openApiEdges, restMethodEdges, v2ApiEdges, v2IntegrationEdges } from './api.js'
import { connectorResourceEdges, connectorsPropertyEdges } from './connectors.js'
import { eventInvokeConfigEdges, eventSourceMappingEdges, functionEdges, functionUrlEdges } from './lambda.js'
import {
  alarmEdges, bucketEdges, iotRuleEdges, logSubscriptionEdges, pipeEdges, queueEdges, ruleEdges, scheduleEdges, subscriptionEdges, topicEdges,
} from './messaging.js'
import { networkEdges } from './network.js'
import { samEventEdges } from './sam-events.js'
import { stateMachineEdges } from './step-functions.js'
import { addStatementEdges, samPolicyEdges } from '../iam.js'

export type EdgeExtractor = (context: BuildContext, node: GraphNode, resource: TemplateResource, roles: RolePolicies) => void

const stateMachineRoleEdges: EdgeExtractor = (context, node, resource, roles) => {
  for (const role of context.targets(resource.properties.RoleArn ?? resource.properties.Role, ['role'])) addStatementEdges(context, node, roles.of(role.node.logicalId))
  if (resource.type === 'AWS::Serverless::StateMachine') samPolicyEdges(context, node, resource)
}

/** Which extractors read which resource type: each resource is visited once, by type. */
export const EXTRACTORS_BY_TYPE: Record<string, EdgeExtractor[]> = {
  'AWS::Lambda::Function': [functionEdges],
  'AWS::Serverless::Function': [functionEdges, samEventEdges],
  'AWS::Lambda::EventSourceMapping': [eventSourceMappingEdges],
  'AWS::Lambda::EventInvokeConfig': [eventInvokeConfigEdges],
  'AWS::Lambda::Url': [functionUrlEdges],
  'AWS::StepFunctions::StateMachine': [stateMachineEdges, stateMachineRoleEdges],
  'AWS::Serverless::StateMachine': [stateMachineEdges, stateMachineRoleEdges, samEventEdges],
  'AWS::ApiGateway::Method': [restMethodEdges],
  'AWS::ApiGatewayV2::Integration': [v2IntegrationEdges],
  'AWS::ApiGatewayV2::Api': [v2ApiEdges],
  'AWS::Serverless::Api': [openApiEdges],
  'AWS::Serverless::HttpApi': [openApiEdges],
  'AWS::AppSync::DataSource': [appSyncDataSourceEdges],
  'AWS::SQS::Queue': [queueEdges],
  'AWS::SNS::Topic': [topicEdges],
  'AWS::SNS::Subscription': [subscriptionEdges],
  'AWS::Events::Rule': [ruleEdges],
  'AWS::Scheduler::Schedule': [scheduleEdges],
  'AWS::S3::Bucket': [bucketEdges],
  'AWS::CloudWatch::Alarm': [alarmEdges],
  'AWS::Logs::SubscriptionFilter': [logSubscriptionEdges],
  'AWS::Pipes::Pipe': [pipeEdges],
  'AWS::IoT::TopicRule': [iotRuleEdges],
  'AWS::Serverless::Connector': [connectorResourceEdges],
  'AWS::EC2::Subnet': [networkEdges],
  'AWS::EC2::SecurityGroup': [networkEdges],
  'AWS::EC2::VPCEndpoint': [networkEdges],
  'AWS::EC2::NatGateway': [networkEdges],
  'AWS::EC2::SubnetRouteTableAssociation': [networkEdges],
  'AWS::EC2::Route': [networkEdges],
}

/** Extractors for every resource of a SAM template regardless of type. */
export const SAM_EXTRACTORS: EdgeExtractor[] = [connectorsPropertyEdges]
