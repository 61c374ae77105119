/**
 * Environment variables read in code: `process.env.X`, `process.env['X']`,
 * `const { X, Y: y } = process.env`, and the same through an alias (`const env = process.env`,
 * `const { env } = process`, `import { env } from 'node:process'`). Any other use of
 * `process.env` (a computed key, a spread, passing it on) can read any variable: `dynamic`.
 */
import type { Node, SourceFile } from 'ts-morph'

import type { Location } from '../../template/positions.js'
import { isKind, literalText, moduleBindings, outermostWrapper, unwrapExpression } from '../syntax.js'
import type { CodeProject } from '../types.js'
import { descendantsOfKind } from '../walk.js'
import { nodesOf } from './collect.js'

export interface EnvReads {
  reads: { name: string; location: Location }[]
  dynamic: boolean
}

const PROCESS_MODULES = new Set(['process', 'node:process'])

export function findEnvReads(files: readonly SourceFile[], project: CodeProject): EnvReads {
  const result: EnvReads = { reads: [], dynamic: false }
  for (const file of files) {
    const found = envReadsIn(file, project)
    result.reads.push(...found.reads)
    result.dynamic ||= found.dynamic
  }
  return result
}

const cache = new WeakMap<SourceFile, EnvReads>()

function envReadsIn(file: SourceFile, project: CodeProject): EnvReads {
  const cached = cache.get(file)
  if (cached) return cached
  const result: EnvReads = { reads: [], dynamic: false }
  const { envAccesses, variableDeclarations } = nodesOf(file)
  for (const access of envAccesses) {
    const object = isKind(access, 'PropertyAccessExpression') || isKind(access, 'ElementAccessExpression') ? access.getExpression() : undefined
    if (object && isProcessObject(object, file)) readsFromEnvObject(access, project, result)
  }
  const aliases = envAliases(file, variableDeclarations)
  if (aliases.size > 0) {
    const compilerFile = file.compilerNode
    for (const node of descendantsOfKind(file, 'Identifier', (identifier) => aliases.has(identifier.getText(compilerFile)))) {
      if (isValueUse(node)) readsFromEnvObject(node, project, result)
    }
  }
  cache.set(file, result)
  return result
}

/** `process`, or a default or namespace import of `node:process`. */
function isProcessObject(node: Node, file: SourceFile): boolean {
  const object = unwrapExpression(node)
  if (!isKind(object, 'Identifier')) return false
  const binding = moduleBindings(file).get(object.getText())
  if (!binding) return object.getText() === 'process'
  return PROCESS_MODULES.has(binding.module) && (binding.imported === 'default' || binding.imported === '*')
}

/** Names bound to `process.env` in this file: `const env = process.env`, `const { env } = process`, `import { env } from 'node:process'`. */
function envAliases(file: SourceFile, declarations: readonly Node[]): Set<string> {
  const aliases = new Set<string>()
  for (const [local, binding] of moduleBindings(file)) {
    if (PROCESS_MODULES.has(binding.module) && binding.imported === 'env') aliases.add(local)
  }
  for (const declaration of declarations) {
    if (!isKind(declaration, 'VariableDeclaration')) continue
    const initializer = declaration.getInitializer()
    if (!initializer) continue
    const name = declaration.getNameNode()
    const value = unwrapExpression(initializer)
    if (isKind(name, 'Identifier') && isProcessEnv(value, file)) aliases.add(name.getText())
    if (isKind(name, 'ObjectBindingPattern') && isProcessObject(value, file)) {
      for (const element of name.getElements()) {
        if ((element.getPropertyNameNode()?.getText() ?? element.getName()) === 'env') aliases.add(element.getName())
      }
    }
  }
  return aliases
}

function isProcessEnv(node: Node, file: SourceFile): boolean {
  return isKind(node, 'PropertyAccessExpression') && node.getName() === 'env' && isProcessObject(node.getExpression(), file)
}

/** An identifier used as a value (not a declaration's name, a property name or an import specifier). */
function isValueUse(identifier: Node): boolean {
  const parent = identifier.getParent()
  if (!parent) return false
  if (isKind(parent, 'PropertyAccessExpression')) return parent.getExpression() === identifier
  if (isKind(parent, 'BindingElement')) return parent.getNameNode() !== identifier && parent.getPropertyNameNode() !== identifier
  if (isKind(parent, 'VariableDeclaration') || isKind(parent, 'Parameter')
    || isKind(parent, 'PropertyAssignment') || isKind(parent, 'FunctionDeclaration') || isKind(parent, 'MethodDeclaration')) {
    return parent.getNameNode() !== identifier
  }
  return !isKind(parent, 'ImportSpecifier') && !isKind(parent, 'ImportClause') && !isKind(parent, 'NamespaceImport')
    && !isKind(parent, 'PropertySignature') && !isKind(parent, 'TypeReference')
}

/** What the code does with an expression that is `process.env`. */
function readsFromEnvObject(envObject: Node, project: CodeProject, result: EnvReads): void {
  const outer = outermostWrapper(envObject)
  const use = outer.getParent()
  if (isKind(use, 'PropertyAccessExpression') && use.getExpression() === outer) {
    if (!isAssignmentTarget(use)) result.reads.push({ name: use.getName(), location: project.locationOf(use) })
    return
  }
  if (isKind(use, 'ElementAccessExpression') && use.getExpression() === outer) {
    const name = literalText(unwrapExpression(use.getArgumentExpressionOrThrow()))
    if (name === undefined) result.dynamic = true
    else if (!isAssignmentTarget(use)) result.reads.push({ name, location: project.locationOf(use) })
    return
  }
  if (isKind(use, 'VariableDeclaration') && use.getInitializer() === outer) {
    const name = use.getNameNode()
    if (isKind(name, 'ObjectBindingPattern')) readsFromPattern(name, project, result)
    // `const env = process.env` is an alias: its uses are read where they are.
    else if (!isKind(name, 'Identifier')) result.dynamic = true
    return
  }
  result.dynamic = true
}

function readsFromPattern(pattern: Node, project: CodeProject, result: EnvReads): void {
  if (!isKind(pattern, 'ObjectBindingPattern')) return
  for (const element of pattern.getElements()) {
    const property = element.getPropertyNameNode()
    const name = property === undefined ? element.getName() : isKind(property, 'Identifier') ? property.getText() : literalText(property)
    if (element.getDotDotDotToken() || name === undefined) result.dynamic = true
    else result.reads.push({ name, location: project.locationOf(element) })
  }
}

/** `process.env.X = 'y'` writes, it does not read. */
function isAssignmentTarget(node: Node): boolean {
  const parent = node.getParent()
  return isKind(parent, 'BinaryExpression') && parent.getLeft() === node && parent.getOperatorToken().getText() === '='
}
