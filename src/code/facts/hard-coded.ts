/**
 * ARNs and AWS endpoint URLs written into code. They tie the code to one account, region and
 * stage, and hide a dependency from the template: the template should pass them in through
 * environment variables. Only these shapes are matched, so ordinary strings never are;
 * resource names passed to SDK calls are found by the rule from the SDK calls' literal targets.
 */
import type { Node, SourceFile } from 'ts-morph'

import { isKind } from '../syntax.js'
import type { CodeProject, HardCodedReference } from '../types.js'
import { nodesOf } from './collect.js'

type Kind = HardCodedReference['kind']

/** `arn:partition:service:region:account:resource` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:\S+$/
/** AWS managed policies are AWS's, not a resource of the system. */
const MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\//
const QUEUE_URL = /^https:\/\/(sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?|[a-z0-9-]+\.queue\.amazonaws\.com|queue\.amazonaws\.com)\/\d{12}\/[\w-]+(\.fifo)?\/?$/
const API_URL = /^https:\/\/[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?(\/\S*)?$/
const FUNCTION_URL = /^https:\/\/[a-z0-9]+\.lambda-url\.[a-z0-9-]+\.on\.aws(\/\S*)?$/

/** Literals that are module names or types, not values. */
const NOT_A_VALUE_PARENTS = new Set(['ImportDeclaration', 'ExportDeclaration', 'ExternalModuleReference', 'LiteralType', 'ImportType', 'ModuleDeclaration'])

export function findHardCoded(files: readonly SourceFile[], project: CodeProject): HardCodedReference[] {
  return files.flatMap((file) => hardCodedIn(file, project))
}

/** A file's literals do not depend on the handler that imports it: read once. */
const cache = new WeakMap<SourceFile, HardCodedReference[]>()

function hardCodedIn(file: SourceFile, project: CodeProject): HardCodedReference[] {
  const cached = cache.get(file)
  if (cached) return cached
  const found: HardCodedReference[] = []
  for (const literal of nodesOf(file).strings) {
    const text = literalValue(literal)
    const kind = text === undefined ? undefined : referenceKind(text, isKind(literal, 'TemplateHead'))
    if (kind && text !== undefined && isValuePosition(literal)) found.push({ kind, text, location: project.locationOf(literal) })
  }
  cache.set(file, found)
  return found
}

function literalValue(node: Node): string | undefined {
  if (isKind(node, 'StringLiteral') || isKind(node, 'NoSubstitutionTemplateLiteral') || isKind(node, 'TemplateHead')) return node.getLiteralText().trim()
  return undefined
}

/** The kind of AWS reference `text` is; a template head (`https://id.execute-api...amazonaws.com/${stage}`) is matched as a URL prefix. */
export function referenceKind(text: string, isPrefix = false): Kind | undefined {
  if (!isPrefix && ARN.test(text) && !MANAGED_POLICY.test(text)) return 'arn'
  const url = isPrefix ? text.replace(/\/?$/, '') : text
  if (!isPrefix && QUEUE_URL.test(url)) return 'queue-url'
  if (API_URL.test(url)) return 'api-url'
  if (FUNCTION_URL.test(url)) return 'function-url'
  return undefined
}

function isValuePosition(literal: Node): boolean {
  const parent = literal.getParent()
  if (!parent || NOT_A_VALUE_PARENTS.has(parent.getKindName())) return false
  if (isKind(parent, 'CallExpression') && ['require', 'import'].includes(parent.getExpression().getText())) return false
  return true
}
