/**
 * SDK clients constructed inside the handler function run once per invocation: every call pays
 * for the client's set-up and opens new connections instead of reusing them
 * (https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html: "Initialize SDK clients ...
 * outside of the function handler"). A client built lazily into a module-level variable
 * (`client ??= new SQSClient()`) is created once per execution environment: fine.
 */
import type { Node, ts as TypeScript } from 'ts-morph'

import type { Location } from '../../template/positions.js'
import { bindingOf, isKind, memberPath, moduleBindings, outermostWrapper, unwrapExpression, type FunctionNode } from '../syntax.js'
import type { CodeProject } from '../types.js'
import { descendantsOfKinds, rootIdentifier } from '../walk.js'

/** Classes the SDKs export that are not service clients. */
const NOT_A_CLIENT = /(Command|Exception|Error|Credentials|Paginator)$|^(Config|Endpoint|HttpRequest|Request|Response)$/

export function findClientsInHandler(handler: FunctionNode | undefined, project: CodeProject): { client: string; location: Location }[] {
  if (!handler) return []
  const clients: { client: string; location: Location }[] = []
  let declaredInside: Set<string> | undefined
  // Only constructions and calls of an imported name can make a client (see constructedClient, documentClientFrom).
  const file = handler.getSourceFile()
  const imported = moduleBindings(file)
  const accept = (compilerNode: TypeScript.Node): boolean => {
    const root = rootIdentifier((compilerNode as TypeScript.CallExpression | TypeScript.NewExpression).expression)
    return root !== undefined && imported.has(root.getText(file.compilerNode))
  }
  for (const node of descendantsOfKinds(handler, ['NewExpression', 'CallExpression'], accept)) {
    const client = isKind(node, 'NewExpression') ? constructedClient(node) : isKind(node, 'CallExpression') ? documentClientFrom(node) : undefined
    if (client === undefined) continue
    declaredInside ??= namesDeclaredIn(handler)
    if (!isLazyModuleClient(node, declaredInside)) clients.push({ client, location: project.locationOf(node) })
  }
  return clients
}

/** `new SQSClient()`, `new Lambda()`, `new sqs.SQSClient()`, `new AWS.SQS()`, `new AWS.DynamoDB.DocumentClient()`. */
function constructedClient(construction: Node): string | undefined {
  if (!isKind(construction, 'NewExpression')) return undefined
  const found = bindingOf(construction.getExpression())
  if (!found) return undefined
  const { binding, members } = found
  const named = memberPath(found)
  const name = named.join('.')
  if (name === '' || NOT_A_CLIENT.test(named[named.length - 1]!)) return undefined
  if (binding.module.startsWith('@aws-sdk/client-') || binding.module === '@aws-sdk/lib-dynamodb') return name
  if (binding.module === 'aws-sdk') return name
  // `import SQS from 'aws-sdk/clients/sqs'`: the module is the client.
  if (binding.module.startsWith('aws-sdk/clients/')) return [binding.module.slice('aws-sdk/clients/'.length), ...members].join('.')
  return undefined
}

/** `DynamoDBDocumentClient.from(client)`, `DynamoDBDocument.from(client)`. */
function documentClientFrom(call: Node): string | undefined {
  if (!isKind(call, 'CallExpression')) return undefined
  const callee = unwrapExpression(call.getExpression())
  if (!isKind(callee, 'PropertyAccessExpression') || callee.getName() !== 'from') return undefined
  const found = bindingOf(callee.getExpression())
  if (!found || found.binding.module !== '@aws-sdk/lib-dynamodb') return undefined
  return memberPath(found).join('.') || undefined
}

/** `client ??= new X()`, `if (!client) client = new X()`, `cache.client ||= new X()` with `client`/`cache` declared outside the handler. */
function isLazyModuleClient(construction: Node, declaredInside: ReadonlySet<string>): boolean {
  const value = outermostWrapper(construction)
  const assignment = value.getParent()
  if (!isKind(assignment, 'BinaryExpression') || assignment.getRight() !== value) return false
  if (!['=', '??=', '||='].includes(assignment.getOperatorToken().getText())) return false
  let target = unwrapExpression(assignment.getLeft())
  while (isKind(target, 'PropertyAccessExpression') || isKind(target, 'ElementAccessExpression')) target = unwrapExpression(target.getExpression())
  return isKind(target, 'Identifier') && !declaredInside.has(target.getText())
}

/** Parameters, variables and functions declared in the handler: a client kept in one of them dies with the invocation. */
function namesDeclaredIn(handler: FunctionNode): Set<string> {
  const names = new Set<string>()
  for (const node of descendantsOfKinds(handler, ['VariableDeclaration', 'Parameter', 'BindingElement', 'FunctionDeclaration'])) {
    if (isKind(node, 'VariableDeclaration') || isKind(node, 'Parameter') || isKind(node, 'BindingElement') || isKind(node, 'FunctionDeclaration')) {
      const name = node.getNameNode()
      if (isKind(name, 'Identifier')) names.add(name.getText())
    }
  }
  return names
}
