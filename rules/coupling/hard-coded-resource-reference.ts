import type { GraphNode, NodeKind } from '../../src/graph/types.js'
import {
  displayLiteral, type LiteralMatch, literalStrings, parseArn, PhysicalNames, rawProperty, resourcesNamedBy,
} from '../../src/lint/facts/coupling.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Report } from '../../src/lint/types.js'
import type { Path } from '../../src/template/positions.js'
import type { Template, TemplateResource } from '../../src/template/template.js'
import { asMap, asString } from '../../src/template/values.js'

/** Kinds an environment variable may name by their bare physical name. */
const NAMED_KINDS: readonly NodeKind[] = ['queue', 'topic', 'function', 'table', 'bucket', 'state-machine', 'event-bus', 'stream', 'delivery-stream', 'log-group', 'secret', 'parameter']

/** SAM policy template parameters that take a resource's name, and the kinds they name. */
const POLICY_TEMPLATE_PARAMETERS: Record<string, readonly NodeKind[]> = {
  QueueName: ['queue'], TopicName: ['topic'], FunctionName: ['function'], TableName: ['table'], BucketName: ['bucket'],
  StateMachineName: ['state-machine'], EventBusName: ['event-bus'], StreamName: ['stream'], DeliveryStreamName: ['delivery-stream'],
  SecretArn: ['secret'], ParameterName: ['parameter'], LogGroupName: ['log-group'],
}

/** What `Ref` returns for each kind (the "Return values" section of each resource type's reference page). */
const REF_RETURNS: Partial<Record<NodeKind, 'name' | 'ARN' | 'queue URL'>> = {
  queue: 'queue URL', topic: 'ARN', 'state-machine': 'ARN', secret: 'ARN',
  function: 'name', table: 'name', bucket: 'name', 'event-bus': 'name', stream: 'name', 'delivery-stream': 'name', 'log-group': 'name', parameter: 'name',
}
const NAME_ATTRIBUTE: Partial<Record<NodeKind, string>> = { queue: 'QueueName', topic: 'TopicName', 'state-machine': 'Name' }

function replacement(match: LiteralMatch): string {
  const id = match.node.logicalId
  // SSM parameters have no Arn attribute: build it around the name.
  if (match.node.kind === 'parameter' && match.form === 'ARN') {
    const slash = asString(match.node.resource?.properties.Name)?.startsWith('/') ? '' : '/'
    return `!Sub arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${slash}\${${id}}`
  }
  if (match.suffix) return `!Sub "\${${id}.Arn}${match.suffix}"`
  if (REF_RETURNS[match.node.kind] === match.form) return `!Ref ${id}`
  if (match.form === 'name' && NAME_ATTRIBUTE[match.node.kind]) return `!GetAtt ${id}.${NAME_ATTRIBUTE[match.node.kind]}`
  return match.form === 'ARN' ? `!GetAtt ${id}.Arn` : `!Ref ${id}`
}

const ACCOUNT_ID = /^\d{12}$/

export default defineRule({
  id: 'hard-coded-resource-reference',
  category: 'coupling',
  severity: 'warning',
  title: 'A resource of the template is referenced by a hard-coded name, ARN or URL',
  rationale:
    'A literal name or ARN duplicates what CloudFormation already knows: rename the resource, deploy a second stage or stack, or ' +
    'move to another account or Region, and the literal silently points at the wrong resource (or none) while the template still deploys. ' +
    'A Ref or GetAtt also tells CloudFormation the dependency, so it creates and deletes resources in the right order.',
  fix:
    'Reference the resource: !Ref / !GetAtt <Resource>.Arn (or !Sub "${Bucket.Arn}/*") in the same template, Fn::ImportValue for ' +
    'another stack\'s output, or a template parameter for something outside the stack; build unavoidable ARNs with ${AWS::Partition}, ' +
    '${AWS::Region} and ${AWS::AccountId}.',
  docs: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/best-practices.html#cross-stack',
  equivalents: [],
  messages: {
    literal: '{{where}} names {{target}} with the literal {{form}} "{{value}}": use {{replacement}}',
    accountArn: 'environment variable {{variable}} holds the literal ARN "{{value}}" with account id {{account}}: pass it in as a parameter or Fn::ImportValue',
  },
  checkTemplate({ template, nodes, report }) {
    const names = new PhysicalNames(nodes)
    const reportedGlobals = new Set<string>()

    const judge = (node: GraphNode, resource: TemplateResource, path: Path, where: string, raw: unknown, bareNames: readonly NodeKind[] | undefined, onUnmatched?: (text: string) => Omit<Report, 'node' | 'path'> | undefined) => {
      for (const text of literalStrings(raw)) {
        const matches = names.size > 0 ? resourcesNamedBy(text, names, bareNames).filter((match) => match.node.resource !== resource) : []
        for (const match of matches) {
          report({ node, path, messageId: 'literal', data: { where, target: match.node.logicalId, form: match.form, value: displayLiteral(text), replacement: replacement(match) } })
        }
        const other = matches.length === 0 ? onUnmatched?.(text) : undefined
        if (other) report({ node, path, ...other })
      }
    }

    for (const node of nodes) {
      const resource = node.resource
      if (!resource) continue
      if (node.kind === 'function') {
        for (const variable of Object.keys(asMap(asMap(resource.properties.Environment)?.Variables) ?? {})) {
          const path = ['Environment', 'Variables', variable]
          const written = rawProperty(template, resource, path)
          if (!written) continue
          // A variable inherited from SAM Globals is written once: report it once.
          if (written.inherited) {
            if (reportedGlobals.has(variable)) continue
            reportedGlobals.add(variable)
          }
          judge(node, resource, path, `environment variable ${variable}`, written.value, NAMED_KINDS, (text) => {
            const arn = parseArn(text)
            if (!arn || !ACCOUNT_ID.test(arn.account)) return undefined
            return { messageId: 'accountArn', data: { variable, value: displayLiteral(text), account: arn.account } }
          })
        }
      }
      // The Serverless Framework writes this role itself, with the log group ARNs spelled out.
      const generated = template.flavor === 'serverless' && resource.id === 'IamRoleLambdaExecution'
      for (const { path, document } of generated ? [] : policyDocuments(template, resource)) {
        const raw = rawProperty(template, resource, path)?.value
        if (document) {
          forEachStatementResource(raw, (resourcePath, value) => judge(node, resource, [...path, ...resourcePath], 'policy Resource', value, undefined))
          continue
        }
        // A SAM policy template: `{SQSSendMessagePolicy: {QueueName: orders}}`.
        for (const [policyName, parameters] of Object.entries(asRecord(raw) ?? {})) {
          for (const [parameter, value] of Object.entries(asRecord(parameters) ?? {})) {
            const kinds = Object.hasOwn(POLICY_TEMPLATE_PARAMETERS, parameter) ? POLICY_TEMPLATE_PARAMETERS[parameter] : undefined
            if (kinds) judge(node, resource, [...path, policyName, parameter], `${policyName} ${parameter}`, value, kinds)
          }
        }
      }
    }
  },
})

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** Where a resource holds IAM policies: policy documents, or SAM policy templates (`document: false`). */
function policyDocuments(template: Template, resource: TemplateResource): Array<{ path: Path; document: boolean }> {
  // Read as written: resolving drops `AWS::NoValue` items, which would shift the indexes.
  const policies = rawProperty(template, resource, ['Policies'])?.value
  switch (resource.type) {
    case 'AWS::IAM::Role':
      return (Array.isArray(policies) ? policies : []).map((_policy, index) => ({ path: ['Policies', index, 'PolicyDocument'], document: true }))
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
      return [{ path: ['PolicyDocument'], document: true }]
    case 'AWS::Serverless::Function':
    case 'AWS::Serverless::StateMachine': {
      if (!Array.isArray(policies)) return asRecord(policies) ? [{ path: ['Policies'], document: asRecord(policies)!.Statement !== undefined }] : []
      return policies.flatMap((policy, index) => (asRecord(policy) ? [{ path: ['Policies', index], document: asRecord(policy)!.Statement !== undefined }] : []))
    }
    default:
      return []
  }
}

/** Each `Resource` entry of each Allow statement of a raw policy document, with its path in the document. */
function forEachStatementResource(document: unknown, visit: (path: Path, value: unknown) => void): void {
  const statements = asRecord(document)?.Statement
  const list = Array.isArray(statements) ? statements : [statements]
  list.forEach((raw, index) => {
    const statement = asRecord(raw)
    if (!statement || statement.Effect === 'Deny') return
    const statementPath: Path = Array.isArray(statements) ? ['Statement', index] : ['Statement']
    const resources = statement.Resource
    if (Array.isArray(resources)) resources.forEach((value, item) => visit([...statementPath, 'Resource', item], value))
    else if (resources !== undefined) visit([...statementPath, 'Resource'], resources)
  })
}
