import { describe, expect, it } from 'vitest'

import { buildGraph, parseTemplateText, Template } from '../../src/index.js'
import { syncPaths } from '../../src/review/sync-paths.js'

const graphOf = (text: string) => buildGraph([new Template(parseTemplateText('template.yaml', text))])

/** API -> Front (sync) -> Back (lambda:InvokeFunction, sync) -> Table (read, sync); Front -> Queue (async). */
function chainTemplate({ frontTimeout, backTimeout, api = 'HttpApi' }: { frontTimeout?: number; backTimeout?: number | string; api?: string }): string {
  return `
Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Queue:
    Type: AWS::SQS::Queue
  Front:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      ${frontTimeout === undefined ? '' : `Timeout: ${frontTimeout}`}
      Environment:
        Variables:
          BACK: !Ref Back
          QUEUE_URL: !Ref Queue
      Policies:
        - LambdaInvokePolicy: { FunctionName: !Ref Back }
        - SQSSendMessagePolicy: { QueueName: !GetAtt Queue.QueueName }
      Events:
        Get:
          Type: ${api}
          Properties: { Path: /x, Method: get }
  Back:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      ${backTimeout === undefined ? '' : `Timeout: ${backTimeout}`}
      Environment:
        Variables:
          TABLE: !Ref Table
      Policies:
        - DynamoDBReadPolicy: { TableName: !Ref Table }
`
}

describe('synchronous paths and their latency budget', () => {
  it('follows sync edges from the API through functions to the data store, and sums the function timeouts', () => {
    const paths = syncPaths(graphOf(chainTemplate({ frontTimeout: 10, backTimeout: 15 })))
    expect(paths).toHaveLength(1)
    const [path] = paths
    expect(path!.steps.map((step) => step.name)).toEqual(['ServerlessHttpApi', 'Front', 'Back', 'Table'])
    expect(path!.steps.map((step) => step.timeoutSeconds)).toEqual([0, 10, 15, 0])
    expect(path!).toMatchObject({ entryKind: 'HTTP API', budgetSeconds: 25, limitSeconds: 30, overLimit: false })
  })

  it('counts the 3 s default for a function without Timeout', () => {
    const [path] = syncPaths(graphOf(chainTemplate({})))
    expect(path!.budgetSeconds).toBe(6)
  })

  it('flags a path whose timeouts add up to more than the API waits (REST: 29 s)', () => {
    const [path] = syncPaths(graphOf(chainTemplate({ frontTimeout: 20, backTimeout: 10, api: 'Api' })))
    expect(path!).toMatchObject({ entryKind: 'REST API', budgetSeconds: 30, limitSeconds: 29, overLimit: true })
  })

  it('leaves the budget unknown (and unflagged) when a timeout is unresolved', () => {
    const [path] = syncPaths(graphOf(chainTemplate({ frontTimeout: 20, backTimeout: '!Ref BackTimeout' }).replace('Resources:', 'Parameters:\n  BackTimeout: { Type: Number }\nResources:')))
    expect(path!.budgetSeconds).toBeUndefined()
    expect(path!.overLimit).toBe(false)
  })

  it('does not follow async hand-overs: the queue is not on a synchronous path', () => {
    const paths = syncPaths(graphOf(chainTemplate({ frontTimeout: 5, backTimeout: 5 })))
    expect(paths.flatMap((path) => path.steps.map((step) => step.name))).not.toContain('Queue')
  })
})
