import { describe, expect, it } from 'vitest'

import { buildGraph } from '../../src/graph/build.js'
import { parseTemplateText } from '../../src/template/parse.js'
import { Template } from '../../src/template/template.js'
import { LAMBDA_DEFAULTS, typedResource, typedResources, type TypedResource } from '../../src/cost/resources.js'

function typed(text: string): Map<string, TypedResource> {
  const graph = buildGraph([new Template(parseTemplateText('template.yaml', text))])
  return new Map(typedResources(graph).map(resource => [resource.id, resource]))
}

describe('typed resources (layer 1)', () => {
  it('applies CloudFormation defaults to a bare AWS::Lambda::Function', () => {
    const resources = typed(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: "exports.handler = async () => 1"}
`)
    expect(resources.get('Fn')).toEqual({
      service: 'lambda',
      id: 'Fn',
      resource: { memoryMb: 128, timeoutSeconds: 3, architecture: 'x86_64', ephemeralStorageMb: 512 },
      unknown: [],
    })
    expect(LAMBDA_DEFAULTS).toEqual({ memoryMb: 128, timeoutSeconds: 3, architecture: 'x86_64', ephemeralStorageMb: 512 })
  })

  it('reads SAM Globals, own properties and provisioned concurrency', () => {
    const resources = typed(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    MemorySize: 1024
    Architectures: [arm64]
    Timeout: 20
Resources:
  FromGlobals:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.handler, Runtime: nodejs20.x, CodeUri: .}
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Runtime: nodejs20.x
      CodeUri: .
      MemorySize: 2048
      EphemeralStorage: {Size: 10240}
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 5}
`)
    expect(resources.get('FromGlobals')?.resource).toEqual({ memoryMb: 1024, timeoutSeconds: 20, architecture: 'arm64', ephemeralStorageMb: 512 })
    expect(resources.get('Own')?.resource).toEqual({
      memoryMb: 2048,
      timeoutSeconds: 20,
      architecture: 'arm64',
      ephemeralStorageMb: 10240,
      provisionedConcurrency: 5,
    })
  })

  it('sums the provisioned concurrency of CloudFormation aliases', () => {
    const resources = typed(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Handler: i.h, Runtime: nodejs20.x, Role: r, Code: {ZipFile: x}, MemorySize: 512}
  Version:
    Type: AWS::Lambda::Version
    Properties: {FunctionName: !Ref Fn}
  Alias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Fn
      FunctionVersion: !GetAtt Version.Version
      Name: live
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 3}
`)
    expect(resources.get('Fn')?.resource).toMatchObject({ memoryMb: 512, provisionedConcurrency: 3 })
  })

  it('marks unresolved values unknown instead of reading them as the default', () => {
    const resources = typed(`Parameters:
  Memory: {Type: Number}
  Arch: {Type: String}
  Kind: {Type: String}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: i.h
      Runtime: nodejs20.x
      Role: r
      Code: {ZipFile: x}
      MemorySize: !Ref Memory
      Architectures: [!Ref Arch]
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties: {StateMachineType: !Ref Kind, RoleArn: r, DefinitionString: "{}"}
`)
    const fn = resources.get('Fn')!
    expect(fn.unknown.map(entry => entry.property)).toEqual(['MemorySize', 'Architectures'])
    expect(fn.unknown[0]).toMatchObject({ location: { file: 'template.yaml', line: 13 } })
    const machine = resources.get('Machine')!
    expect(machine.unknown.map(entry => entry.property)).toEqual(['StateMachineType'])
  })

  it('types queues, topics, state machines, tables, log groups, APIs and NAT gateways', () => {
    const resources = typed(`Transform: AWS::Serverless-2016-10-31
Parameters:
  Fifo: {Type: String}
Resources:
  Standard: {Type: AWS::SQS::Queue}
  Fifo:
    Type: AWS::SQS::Queue
    Properties: {FifoQueue: true}
  NamedFifo:
    Type: AWS::SQS::Queue
    Properties: {FifoQueue: !Ref Fifo, QueueName: orders.fifo}
  UnknownFifo:
    Type: AWS::SQS::Queue
    Properties: {FifoQueue: !Ref Fifo}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription: [{Protocol: email, Endpoint: a@example.com}]
  HttpSubscription:
    Type: AWS::SNS::Subscription
    Properties: {TopicArn: !Ref Topic, Protocol: https, Endpoint: https://example.com}
  Express:
    Type: AWS::Serverless::StateMachine
    Properties: {Type: EXPRESS, Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}}
  Standard2:
    Type: AWS::StepFunctions::StateMachine
    Properties: {RoleArn: r, DefinitionString: "{}"}
  OnDemand:
    Type: AWS::DynamoDB::Table
    Properties: {BillingMode: PAY_PER_REQUEST}
  Provisioned:
    Type: AWS::DynamoDB::Table
    Properties:
      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 2}
      GlobalSecondaryIndexes:
        - IndexName: i
          ProvisionedThroughput: {ReadCapacityUnits: 3, WriteCapacityUnits: 1}
  Simple: {Type: AWS::Serverless::SimpleTable}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /aws/lambda/fn, LogGroupClass: INFREQUENT_ACCESS}
  Rest: {Type: AWS::Serverless::Api, Properties: {StageName: prod}}
  Http: {Type: AWS::Serverless::HttpApi}
  Socket:
    Type: AWS::ApiGatewayV2::Api
    Properties: {ProtocolType: WEBSOCKET, Name: s, RouteSelectionExpression: $request.body.action}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: subnet-1}
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: b}}
`)
    expect(resources.get('Standard')?.resource).toEqual({ fifo: false })
    expect(resources.get('Fifo')?.resource).toEqual({ fifo: true })
    expect(resources.get('NamedFifo')).toMatchObject({ resource: { fifo: true }, unknown: [] })
    expect(resources.get('UnknownFifo')?.unknown.map(entry => entry.property)).toEqual(['FifoQueue'])
    expect(resources.get('Topic')?.resource).toEqual({ subscriptions: [{ protocol: 'email' }, { protocol: 'https' }] })
    expect(resources.get('Express')?.resource).toEqual({ type: 'EXPRESS' })
    expect(resources.get('Standard2')?.resource).toEqual({ type: 'STANDARD' })
    expect(resources.get('OnDemand')?.resource).toEqual({ billingMode: 'PAY_PER_REQUEST' })
    // Table and index capacity: 5 + 3 RCU, 2 + 1 WCU.
    expect(resources.get('Provisioned')?.resource).toEqual({ billingMode: 'PROVISIONED', readCapacityUnits: 8, writeCapacityUnits: 3 })
    expect(resources.get('Simple')?.resource).toEqual({ billingMode: 'PAY_PER_REQUEST' })
    expect(resources.get('Logs')?.resource).toEqual({ logGroupClass: 'INFREQUENT_ACCESS', source: 'lambda' })
    expect(resources.get('Rest')?.resource).toEqual({ kind: 'REST' })
    expect(resources.get('Http')?.resource).toEqual({ kind: 'HTTP' })
    expect(resources.get('Socket')?.resource).toEqual({ kind: 'WEBSOCKET' })
    expect(resources.get('Nat')).toMatchObject({ service: 'nat', resource: {} })
    expect(resources.get('Bus')).toMatchObject({ service: 'eventbridge', resource: { kind: 'bus' } })
  })

  it('types the example: SAM Globals, implicit schedule, lambda log groups, SNS subscriptions', async () => {
    const { loadGraph } = await import('../../src/index.js')
    const { graph } = await loadGraph(['examples/order-processing/template.yaml'])
    const get = (id: string) => typedResource(graph.nodes.get(id)!, graph)
    expect(get('CreateOrderFunction')?.resource).toEqual({ memoryMb: 256, timeoutSeconds: 10, architecture: 'arm64', ephemeralStorageMb: 512 })
    expect(get('DailyReportFunction')?.resource).toMatchObject({ memoryMb: 1024, timeoutSeconds: 300 })
    expect(get('OrdersApi')?.resource).toEqual({ kind: 'HTTP' })
    expect(get('OrdersTable')?.resource).toEqual({ billingMode: 'PAY_PER_REQUEST' })
    expect(get('FulfillmentStateMachine')?.resource).toEqual({ type: 'STANDARD' })
    expect(get('OrderEventsTopic')?.resource).toEqual({ subscriptions: [{ protocol: 'sqs' }] })
    expect(get('CreateOrderLogGroup')?.resource).toEqual({ logGroupClass: 'STANDARD', source: 'lambda' })
    expect(get('OrdersApiAccessLogGroup')?.resource).toEqual({ logGroupClass: 'STANDARD', source: 'other' })
    expect(get('DailyReportFunctionNightlyReport')?.resource).toEqual({ kind: 'schedule' })
    // Not priced on their own: the bucket, the rule on the bus (its events are priced at the bus).
    expect(get('ReportsBucket')).toBeUndefined()
    expect(get('NotifyCustomerFunctionOrderFulfilled')).toBeUndefined()
  })
})
