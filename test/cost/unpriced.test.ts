import { describe, expect, it } from 'vitest'

import { unpricedResources } from '../../src/cost/unpriced.js'
import { buildGraph } from '../../src/graph/build.js'
import { parseTemplateText } from '../../src/template/parse.js'
import { Template } from '../../src/template/template.js'

const graphOf = (text: string) => buildGraph([new Template(parseTemplateText('template.yaml', text))])

describe('unpricedResources', () => {
  it('names billed resources the model does not price, and leaves free ones out', () => {
    const graph = graphOf(`Resources:
  Database: {Type: AWS::RDS::DBInstance, Properties: {Engine: postgres, DBInstanceClass: db.t4g.micro}}
  Proxy: {Type: AWS::RDS::DBProxy}
  SnsEndpoint: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.sns, VpcId: vpc-1}}
  S3Endpoint: {Type: AWS::EC2::VPCEndpoint, Properties: {ServiceName: com.amazonaws.us-east-1.s3, VpcId: vpc-1}}
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
  Queue: {Type: AWS::SQS::Queue}
`)
    expect(unpricedResources(graph)).toEqual([
      { resource: 'Database', type: 'AWS::RDS::DBInstance', billedFor: 'instance hours, storage, I/O' },
      { resource: 'Proxy', type: 'AWS::RDS::DBProxy', billedFor: 'per vCPU-hour of the database' },
      { resource: 'SnsEndpoint', type: 'AWS::EC2::VPCEndpoint', billedFor: 'hours per Availability Zone, data processed' },
    ])
  })
})
