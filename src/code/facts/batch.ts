/**
 * Whether a handler returns a partial batch response (`{ batchItemFailures }`), which SQS,
 * Kinesis and DynamoDB stream event sources read only when the template enables
 * `ReportBatchItemFailures` (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 * Each returned expression is read: an object literal (directly or through a variable), a call
 * to a project function (its returns), or Powertools' `processPartialResponse`. Anything else
 * makes the answer `unknown` unless another return has the key.
 */
import type { Node, ts as TypeScript } from 'ts-morph'

import { isFunction, isKind, unwrapExpression, type FunctionNode, type NodeOfKind } from '../syntax.js'
import { descendantsOfKind, tsMorph, walkCompilerNodes, wrap } from '../walk.js'
import type { CodeProject } from '../types.js'
import { propertyName, resolveFunction, valueOfIdentifier } from './declarations.js'

type Answer = boolean | 'unknown'

/** Powertools for AWS Lambda (TypeScript) batch utilities: they return `{ batchItemFailures }`. */
const PARTIAL_RESPONSE_FUNCTIONS = new Set(['processPartialResponse', 'processPartialResponseSync'])
const MAX_DEPTH = 4

export function returnsBatchItemFailures(handler: FunctionNode | undefined, exportedValue: Node | undefined, project: CodeProject): Answer {
  if ((exportedValue && callsPartialResponse(exportedValue)) || (handler && callsPartialResponse(handler))) return true
  if (!handler) return 'unknown'
  return answerOfFunction(handler, project, 0, new Set())
}

function answerOfFunction(handler: FunctionNode, project: CodeProject, depth: number, seen: Set<Node>): Answer {
  if (seen.has(handler)) return false
  seen.add(handler)
  const answers = resultsOf(handler).map((result) => answerOf(result, project, depth, seen))
  return combine(answers)
}

/** The expressions a function hands back: returns (a bare `return` is undefined), an arrow's body, and `callback(null, result)`. */
function resultsOf(handler: FunctionNode): (Node | undefined)[] {
  const body = handler.getBody()
  if (!body) return []
  if (!isKind(body, 'Block')) return [body]
  const callback = handler.getParameters()[2]?.getName()
  const results: (Node | undefined)[] = []
  const file = body.getSourceFile()
  const { ts } = tsMorph()
  walkCompilerNodes(body, (compilerNode) => {
    if (ts.isFunctionLike(compilerNode) && isFunction(wrap(file, compilerNode))) return 'skip'
    if (ts.isReturnStatement(compilerNode)) results.push(wrap<NodeOfKind<'ReturnStatement'>>(file, compilerNode).getExpression())
    else if (callback && ts.isCallExpression(compilerNode) && compilerNode.expression.getText(file.compilerNode) === callback) {
      results.push(wrap<NodeOfKind<'CallExpression'>>(file, compilerNode).getArguments()[1])
    }
  })
  return results
}

function answerOf(result: Node | undefined, project: CodeProject, depth: number, seen: Set<Node>): Answer {
  if (!result) return false
  let value = unwrapExpression(result)
  while (isKind(value, 'AwaitExpression')) value = unwrapExpression(value.getExpression())
  if (isKind(value, 'ObjectLiteralExpression')) return answerOfObject(value, project, depth, seen)
  if (isKind(value, 'ConditionalExpression')) {
    return combine([answerOf(value.getWhenTrue(), project, depth, seen), answerOf(value.getWhenFalse(), project, depth, seen)])
  }
  if (isKind(value, 'BinaryExpression') && ['??', '||', '&&'].includes(value.getOperatorToken().getText())) {
    return combine([answerOf(value.getLeft(), project, depth, seen), answerOf(value.getRight(), project, depth, seen)])
  }
  if (isKind(value, 'Identifier')) {
    if (value.getText() === 'undefined') return false
    const initial = valueOfIdentifier(value, project)
    return initial && depth < MAX_DEPTH ? answerOf(initial, project, depth + 1, seen) : 'unknown'
  }
  if (isKind(value, 'CallExpression')) return answerOfCall(value, project, depth, seen)
  if (isLiteral(value)) return false
  return 'unknown'
}

function answerOfObject(object: Node, project: CodeProject, depth: number, seen: Set<Node>): Answer {
  if (!isKind(object, 'ObjectLiteralExpression')) return 'unknown'
  const answers: Answer[] = []
  for (const property of object.getProperties()) {
    if (isKind(property, 'SpreadAssignment')) answers.push(answerOf(property.getExpression(), project, depth + 1, seen))
    else if ((isKind(property, 'PropertyAssignment') || isKind(property, 'ShorthandPropertyAssignment')) && propertyName(property.getNameNode()) === 'batchItemFailures') return true
  }
  return combine(answers)
}

/** `processPartialResponse(...)`, `Promise.resolve(x)`, or a project function whose returns are read in turn. */
function answerOfCall(call: Node, project: CodeProject, depth: number, seen: Set<Node>): Answer {
  if (!isKind(call, 'CallExpression')) return 'unknown'
  const callee = unwrapExpression(call.getExpression())
  const name = isKind(callee, 'PropertyAccessExpression') ? callee.getName() : callee.getText()
  if (PARTIAL_RESPONSE_FUNCTIONS.has(name)) return true
  if (callee.getText() === 'Promise.resolve') return answerOf(call.getArguments()[0], project, depth, seen)
  if (depth >= MAX_DEPTH) return 'unknown'
  const called = resolveFunction(callee, project)
  return called ? answerOfFunction(called, project, depth + 1, seen) : 'unknown'
}

function callsPartialResponse(node: Node): boolean {
  let found = false
  const visit = (candidate: Node): void => {
    if (isKind(candidate, 'CallExpression')) {
      const callee = unwrapExpression(candidate.getExpression())
      if (PARTIAL_RESPONSE_FUNCTIONS.has(isKind(callee, 'PropertyAccessExpression') ? callee.getName() : callee.getText())) found = true
    }
  }
  visit(node)
  // The callee's name is read on compiler nodes: only calls named like Powertools' are wrapped.
  const compilerFile = node.getSourceFile().compilerNode
  const { ts } = tsMorph()
  const mayCall = (call: TypeScript.Node): boolean => {
    let callee: TypeScript.Node = (call as TypeScript.CallExpression).expression
    while (ts.isParenthesizedExpression(callee) || ts.isAsExpression(callee) || ts.isSatisfiesExpression(callee)
      || ts.isNonNullExpression(callee) || ts.isTypeAssertionExpression(callee)) callee = callee.expression
    return PARTIAL_RESPONSE_FUNCTIONS.has((ts.isPropertyAccessExpression(callee) ? callee.name : callee).getText(compilerFile))
  }
  if (!found) descendantsOfKind(node, 'CallExpression', mayCall).some((candidate) => {
    visit(candidate)
    return found
  })
  return found
}

function isLiteral(node: Node): boolean {
  return ['StringLiteral', 'NumericLiteral', 'NoSubstitutionTemplateLiteral', 'TemplateExpression', 'TrueKeyword', 'FalseKeyword',
    'NullKeyword', 'VoidExpression', 'ArrayLiteralExpression'].includes(node.getKindName())
}

/** Any `true` wins (one path returns the key); else any `unknown` leaves it open. */
function combine(answers: readonly Answer[]): Answer {
  if (answers.includes(true)) return true
  return answers.includes('unknown') ? 'unknown' : false
}
