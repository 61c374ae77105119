import { describe, expect, it } from 'vitest'

import { buildGraph } from '../../src/graph/build.js'
import { parseTemplateText } from '../../src/template/parse.js'
import { Template } from '../../src/template/template.js'
import { Conditional, referencesIn, Unresolved } from '../../src/template/values.js'

function read(body: string, parameters?: Record<string, string>): Template {
  return new Template(parseTemplateText('t.yaml', body), { parameters })
}

const HEADER = `
Parameters:
  Stage: { Type: String, Default: dev }
  Subnets: { Type: CommaDelimitedList, Default: "subnet-a, subnet-b" }
  NoDefault: { Type: String }
Mappings:
  Sizes:
    dev: { Memory: 256 }
    prod: { Memory: 1024 }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
  Always: !Equals [a, a]
Resources:
  Queue: { Type: AWS::SQS::Queue }
`

function property(template: Template, name: string) {
  return template.resources.get('Fn')!.properties[name]
}

function withFunction(properties: string, parameters?: Record<string, string>): Template {
  return read(`${HEADER}  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n${properties.replace(/^/gm, '      ')}\n`, parameters)
}

describe('static resolution', () => {
  it('uses parameter defaults, and --parameter values over them', () => {
    expect(property(withFunction('A: !Ref Stage'), 'A')).toBe('dev')
    expect(property(withFunction('A: !Ref Stage', { Stage: 'prod' }), 'A')).toBe('prod')
    expect(property(withFunction('A: !Ref Subnets'), 'A')).toEqual(['subnet-a', 'subnet-b'])
  })

  it('keeps a parameter without default, a pseudo parameter and a resource symbolic', () => {
    const template = withFunction('A: !Ref NoDefault\nB: !Ref AWS::Region\nC: !Ref Queue\nD: !GetAtt Queue.Arn')
    for (const name of ['A', 'B', 'C', 'D']) expect(property(template, name)).toBeInstanceOf(Unresolved)
    expect(referencesIn(property(template, 'A'))).toEqual([])
    expect(referencesIn(property(template, 'C'))).toEqual([{ id: 'Queue' }])
    expect(referencesIn(property(template, 'D'))).toEqual([{ id: 'Queue', attribute: 'Arn' }])
    expect(property(withFunction('B: !Ref AWS::Region', { 'AWS::Region': 'eu-west-1' }), 'B')).toBe('eu-west-1')
  })

  it('substitutes what it knows in Fn::Sub, keeps placeholders for the rest and collects references', () => {
    expect(property(withFunction('A: !Sub "orders-${Stage}"'), 'A')).toBe('orders-dev')
    expect(property(withFunction('A: !Sub ["${Name}-x", { Name: !Ref Stage }]'), 'A')).toBe('dev-x')
    expect(property(withFunction('A: !Sub "${!Literal}-${Stage}"'), 'A')).toBe('${Literal}-dev')
    const mixed = property(withFunction('A: !Sub "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}"'), 'A') as Unresolved
    expect(mixed).toBeInstanceOf(Unresolved)
    expect(mixed.text).toBe('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}')
    expect(mixed.references).toEqual([{ id: 'Queue', attribute: 'QueueName' }])
  })

  it('joins, selects and splits known values', () => {
    expect(property(withFunction('A: !Join ["-", [a, !Ref Stage, 3]]'), 'A')).toBe('a-dev-3')
    expect(property(withFunction('A: !Select [1, !Ref Subnets]'), 'A')).toBe('subnet-b')
    expect(property(withFunction('A: !Split [",", "x,y"]'), 'A')).toEqual(['x', 'y'])
    expect(property(withFunction('A: !Select [1, !Split [":", "a:b:c"]]'), 'A')).toBe('b')
    const join = property(withFunction('A: !Join ["", ["arn:", !GetAtt Queue.Arn]]'), 'A') as Unresolved
    expect(join.text).toBe('arn:${Queue.Arn}')
    expect(referencesIn(join)).toEqual([{ id: 'Queue', attribute: 'Arn' }])
  })

  it('finds values in mappings', () => {
    expect(property(withFunction('A: !FindInMap [Sizes, !Ref Stage, Memory]'), 'A')).toBe(256)
    expect(property(withFunction('A: !FindInMap [Sizes, prod, Memory]'), 'A')).toBe(1024)
    expect(property(withFunction('A: !FindInMap [Sizes, !Ref NoDefault, Memory]'), 'A')).toBeInstanceOf(Unresolved)
  })

  it('keeps both branches of Fn::If when the condition depends on the deployment, with the condition', () => {
    const value = property(withFunction('A: !If [IsProd, 1024, 128]'), 'A')
    expect(value).toEqual(new Conditional('IsProd', 1024, 128))
  })

  it('decides conditions on --parameter values and constants, not on defaults', () => {
    expect(property(withFunction('A: !If [IsProd, 1024, 128]', { Stage: 'prod' }), 'A')).toBe(1024)
    expect(property(withFunction('A: !If [NotProd, 1024, 128]', { Stage: 'prod' }), 'A')).toBe(128)
    expect(property(withFunction('A: !If [Always, yes, no]'), 'A')).toBe('yes')
  })

  it('removes AWS::NoValue from maps and lists', () => {
    const template = withFunction('A: !If [Always, !Ref AWS::NoValue, x]\nB: [1, !If [Always, !Ref AWS::NoValue, 2], 3]')
    expect(property(template, 'A')).toBeUndefined()
    expect(property(template, 'B')).toEqual([1, 3])
  })

  it('drops resources whose condition is known to be false', () => {
    const template = read(`${HEADER}  ProdOnly:\n    Type: AWS::SQS::Queue\n    Condition: IsProd\n`, { Stage: 'dev' })
    expect(template.resources.has('ProdOnly')).toBe(false)
    expect(read(`${HEADER}  ProdOnly:\n    Type: AWS::SQS::Queue\n    Condition: IsProd\n`).resources.get('ProdOnly')?.condition).toBe('IsProd')
  })

  it('does not loop on cyclic conditions', () => {
    const template = read(`Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      X: !If [A, 1, 2]\n`)
    expect(property(template, 'X')).toEqual(new Conditional('A', 1, 2))
  })
})

describe('short-form tags', () => {
  it('turns every short form into its long form', () => {
    const tags = ['Base64 x', 'Cidr [a, 1, 2]', 'GetAZs ""', 'ImportValue x', 'Transform { Name: x }', 'Length [1]', 'ToJsonString [1]']
    const body = tags.map((tag, index) => `T${index}: !${tag}`).join('\n')
    const document = parseTemplateText('t.yaml', body)
    const root = document.root as Record<string, Record<string, unknown>>
    expect(Object.keys(root.T0!)).toEqual(['Fn::Base64'])
    expect(Object.keys(root.T2!)).toEqual(['Fn::GetAZs'])
    expect(Object.keys(root.T4!)).toEqual(['Fn::Transform'])
    expect(parseTemplateText('t.yaml', 'A: !GetAtt Fn.Outputs.Value').root).toEqual({ A: { 'Fn::GetAtt': ['Fn', 'Outputs.Value'] } })
    expect(parseTemplateText('t.yaml', 'A: !Condition X').root).toEqual({ A: { Condition: 'X' } })
  })

  it('records positions of keys, items and tagged values', () => {
    const document = parseTemplateText('t.yaml', 'Resources:\n  Fn:\n    Properties:\n      List:\n        - a\n        - !Ref B\n')
    expect(document.positions.locate(document.root, ['Resources', 'Fn', 'Properties', 'List', 1])).toEqual({ line: 6, column: 11 })
    expect(document.positions.locate(document.root, ['Resources', 'Fn', 'Properties', 'Missing'])).toEqual({ line: 3, column: 5 })
  })

  it('reads JSON with positions', () => {
    const document = parseTemplateText('t.json', '{\n  "Resources": {\n    "Q": { "Type": "AWS::SQS::Queue" }\n  }\n}\n')
    expect(document.format).toBe('json')
    expect(document.positions.locate(document.root, ['Resources', 'Q', 'Type'])).toEqual({ line: 3, column: 12 })
  })
})

describe('SAM Globals', () => {
  const sam = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Timeout: 10
    Environment:
      Variables:
        STAGE: dev
    Layers: [a]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 30
      Environment:
        Variables:
          TABLE: t
      Layers: [b]
`
  it('merges maps, concatenates lists and lets the resource win', () => {
    const template = new Template(parseTemplateText('t.yaml', sam))
    const properties = template.resources.get('Fn')!.properties
    expect(template.flavor).toBe('sam')
    expect(properties.Runtime).toBe('nodejs22.x')
    expect(properties.Timeout).toBe(30)
    expect(properties.Environment).toEqual({ Variables: { STAGE: 'dev', TABLE: 't' } })
    expect(properties.Layers).toEqual(['a', 'b'])
  })

  it('locates a property from Globals in Globals, and an own property in the resource', () => {
    const template = new Template(parseTemplateText('t.yaml', sam))
    expect(template.locateProperty('Fn', ['Runtime'])).toEqual({ file: 't.yaml', line: 4, column: 5 })
    expect(template.locateProperty('Fn', ['Timeout'])).toEqual({ file: 't.yaml', line: 14, column: 7 })
  })
})

describe('Fn::ForEach (AWS::LanguageExtensions)', () => {
  const body = `Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Parameters:
  Topics: { Type: CommaDelimitedList, Default: "orders,refunds" }
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Topics
    - '\${Name}Queue':
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub 'app-\${Name}'
      '&{Name}Worker':
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Events:
            Queue:
              Type: SQS
              Properties:
                Queue: !GetAtt [!Sub '\${Name}Queue', Arn]
  Unrelated:
    Type: AWS::SNS::Topic
`
  it('generates one resource per item, with identifiers replaced, located at the loop body', () => {
    const template = new Template(parseTemplateText('t.yaml', body))
    expect([...template.resources.keys()]).toEqual(['ordersQueue', 'ordersWorker', 'refundsQueue', 'refundsWorker', 'Unrelated'])
    expect(template.resources.get('refundsQueue')!.properties.QueueName).toBe('app-refunds')
    expect(template.resources.get('refundsQueue')!.location).toEqual({ file: 't.yaml', line: 8, column: 7 })
    expect(template.locateProperty('refundsWorker', ['Handler'])).toEqual({ file: 't.yaml', line: 15, column: 11 })
    const edges = buildGraph([template]).edges.map((edge) => `${edge.from} ${edge.mode} ${edge.to}`)
    expect(edges).toEqual(['ordersQueue poll ordersWorker', 'refundsQueue poll refundsWorker'])
  })
})
