/**
 * Finding what a name stands for without a type checker: the exported handler of a module
 * (ESM and CommonJS shapes), the declaration an identifier refers to (enclosing blocks, then the
 * file's top level, then project imports), and the function behind a wrapped handler
 * (`middy(fn).use(...)`). Shadowing beyond block scope is not followed.
 */
import type { Node, SourceFile } from 'ts-morph'

import {
  accessedName, accessedObject, isDefaultExportStatement, isExportedStatement, isFunction, isKind, literalText, moduleBindings, unwrapExpression, type FunctionNode, type NodeOfKind,
} from '../syntax.js'
import type { CodeProject } from '../types.js'

/** A name a module exports: the node that names it (for locations) and the value it is bound to. */
export interface ExportedValue {
  name: Node
  /** A function declaration, an initializer, or the right side of `exports.x = ...`; undefined for `let x` without a value. */
  value: Node | undefined
}

/** How deep wrappers, re-exports and aliases are followed before giving up. */
const MAX_DEPTH = 8

/** `export const x`, `export function x`, `export { a as x }`, `export * from`, `exports.x =`, `module.exports = { x }`. */
export function findExport(file: SourceFile, exportName: string, project: CodeProject, depth = 0): ExportedValue | undefined {
  if (depth > MAX_DEPTH) return undefined
  for (const statement of file.getStatements()) {
    const found = exportIn(statement, exportName, project, depth)
    if (found) return found
  }
  return undefined
}

function exportIn(statement: Node, exportName: string, project: CodeProject, depth: number): ExportedValue | undefined {
  if (isKind(statement, 'FunctionDeclaration')) {
    const exported = exportName === 'default' ? isDefaultExportStatement(statement) : isExportedStatement(statement) && statement.getName() === exportName
    return exported ? { name: statement.getNameNode() ?? statement, value: statement } : undefined
  }
  if (isKind(statement, 'VariableStatement')) {
    if (!isExportedStatement(statement)) return undefined
    const declaration = statement.getDeclarations().find((candidate) => candidate.getName() === exportName)
    return declaration ? { name: declaration.getNameNode(), value: declaration.getInitializer() } : undefined
  }
  if (isKind(statement, 'ExportDeclaration')) return reExport(statement, exportName, project, depth)
  if (isKind(statement, 'ExportAssignment')) {
    const expression = statement.getExpression()
    if (statement.isExportEquals()) return propertyOf(expression, exportName)
    return exportName === 'default' ? { name: expression, value: expression } : undefined
  }
  if (isKind(statement, 'ExpressionStatement')) return commonJsExport(statement.getExpression(), exportName) ?? bundledExport(statement.getExpression(), exportName)
  return undefined
}

/** esbuild's CommonJS output (CDK `NodejsFunction` assets): `__export(index_exports, { handler: () => handler })`. */
function bundledExport(expression: Node, exportName: string): ExportedValue | undefined {
  if (!isKind(expression, 'CallExpression') || expression.getExpression().getText() !== '__export') return undefined
  const found = propertyOf(expression.getArguments()[1], exportName)
  const getter = found?.value && unwrapExpression(found.value)
  if (!found || !isKind(getter, 'ArrowFunction')) return found
  return { name: found.name, value: getter.getBody() }
}

/** `export { main as handler }`, `export { handler } from './impl'`, `export * from './impl'`. */
function reExport(statement: NodeOfKind<'ExportDeclaration'>, exportName: string, project: CodeProject, depth: number): ExportedValue | undefined {
  const file = statement.getSourceFile()
  const specifier = statement.getModuleSpecifierValue()
  const target = specifier === undefined ? undefined : project.resolveImport(file, specifier)
  if (!statement.hasNamedExports()) {
    return target && !statement.getNamespaceExport() ? findExport(target, exportName, project, depth + 1) : undefined
  }
  for (const named of statement.getNamedExports()) {
    const exported = named.getAliasNode()?.getText() ?? named.getName()
    if (exported !== exportName) continue
    if (specifier === undefined) {
      const local = topLevelValue(file, named.getName(), project, depth + 1)
      return { name: named, value: local?.value }
    }
    const inner = target ? findExport(target, named.getName(), project, depth + 1) : undefined
    return { name: named, value: inner?.value }
  }
  return undefined
}

/** `exports.handler = v`, `module.exports.handler = v`, `module.exports = { handler }`. */
function commonJsExport(expression: Node, exportName: string): ExportedValue | undefined {
  if (!isKind(expression, 'BinaryExpression') || expression.getOperatorToken().getText() !== '=') return undefined
  const left = unwrapExpression(expression.getLeft())
  const right = expression.getRight()
  if (isModuleExports(left)) return propertyOf(right, exportName)
  const objectNode = accessObject(left)
  if (objectNode && isExportsObject(objectNode) && accessedName(left) === exportName) return { name: left, value: right }
  return undefined
}

function accessObject(node: Node): Node | undefined {
  const object = accessedObject(node)
  return object && unwrapExpression(object)
}

function isExportsObject(node: Node): boolean {
  return (isKind(node, 'Identifier') && node.getText() === 'exports') || isModuleExports(node)
}

function isModuleExports(node: Node): boolean {
  const object = accessObject(node)
  return object !== undefined && isKind(object, 'Identifier') && object.getText() === 'module' && accessedName(node) === 'exports'
}

/** The property `name` of an object literal: `{ name: v }`, `{ name }`, `{ name() {} }`. */
export function propertyOf(node: Node | undefined, name: string): ExportedValue | undefined {
  if (!node) return undefined
  const object = unwrapExpression(node)
  if (!isKind(object, 'ObjectLiteralExpression')) return undefined
  for (const property of object.getProperties()) {
    if (isKind(property, 'PropertyAssignment') && propertyName(property.getNameNode()) === name) {
      return { name: property.getNameNode(), value: property.getInitializer() }
    }
    if (isKind(property, 'ShorthandPropertyAssignment') && property.getName() === name) {
      return { name: property.getNameNode(), value: property.getNameNode() }
    }
    if (isKind(property, 'MethodDeclaration') && propertyName(property.getNameNode()) === name) {
      return { name: property.getNameNode(), value: property }
    }
  }
  return undefined
}

/** `a`, `'a'`, `"a"` as a property name; computed names are not read. */
export function propertyName(node: Node): string | undefined {
  if (isKind(node, 'Identifier') || isKind(node, 'PrivateIdentifier')) return node.getText()
  return literalText(node)
}

/** A top-level function, variable or import of `file` named `name` (imports followed into project files). */
export function topLevelValue(file: SourceFile, name: string, project: CodeProject, depth = 0): ExportedValue | undefined {
  if (depth > MAX_DEPTH) return undefined
  const local = declarationIn(file.getStatements(), name)
  if (local) return local
  const binding = moduleBindings(file).get(name)
  if (!binding || binding.imported === '*') return undefined
  const target = project.resolveImport(file, binding.module)
  return target ? findExport(target, binding.imported, project, depth + 1) : undefined
}

/** A `function name` or `const name = ...` among `statements`. */
function declarationIn(statements: readonly Node[], name: string): ExportedValue | undefined {
  for (const statement of statements) {
    if (isKind(statement, 'FunctionDeclaration') && statement.getName() === name) return { name: statement.getNameNode() ?? statement, value: statement }
    if (isKind(statement, 'VariableStatement')) {
      const declaration = statement.getDeclarations().find((candidate) => candidate.getName() === name)
      if (declaration) return { name: declaration.getNameNode(), value: declaration.getInitializer() }
    }
  }
  return undefined
}

/** The value an identifier is bound to: the nearest enclosing block's declaration, then the top level and imports. */
export function valueOfIdentifier(identifier: Node, project: CodeProject): Node | undefined {
  const name = identifier.getText()
  for (let scope = identifier.getParent(); scope; scope = scope.getParent()) {
    if (isKind(scope, 'SourceFile')) return topLevelValue(scope, name, project)?.value
    if (isFunction(scope) && scope.getParameters().some((parameter) => parameter.getName() === name)) return undefined
    if (isKind(scope, 'Block') || isKind(scope, 'CaseClause') || isKind(scope, 'DefaultClause')) {
      const found = declarationIn(scope.getStatements(), name)
      if (found) return found.value
    }
  }
  return undefined
}

/** `utils.sleep` where `import * as utils from './utils'`: the project file's export. */
export function namespaceMember(access: NodeOfKind<'PropertyAccessExpression'>, project: CodeProject): ExportedValue | undefined {
  const object = unwrapExpression(access.getExpression())
  if (!isKind(object, 'Identifier')) return undefined
  const file = access.getSourceFile()
  const binding = moduleBindings(file).get(object.getText())
  if (binding?.imported !== '*') return undefined
  const target = project.resolveImport(file, binding.module)
  return target ? findExport(target, access.getName(), project) : undefined
}

/**
 * The function a value is, following identifiers to their declarations and wrappers to the
 * function they wrap: `middy(fn).use(m)`, `middy().handler(fn)`, `withTracing(fn, options)`.
 */
export function resolveFunction(node: Node | undefined, project: CodeProject, depth = 0): FunctionNode | undefined {
  if (!node || depth > MAX_DEPTH) return undefined
  const value = unwrapExpression(node)
  if (isFunction(value)) return value
  if (isKind(value, 'Identifier')) return resolveFunction(valueOfIdentifier(value, project), project, depth + 1)
  if (isKind(value, 'PropertyAccessExpression')) return resolveFunction(namespaceMember(value, project)?.value, project, depth + 1)
  if (!isKind(value, 'CallExpression')) return undefined
  const callee = unwrapExpression(value.getExpression())
  if (isKind(callee, 'PropertyAccessExpression') && callee.getName() !== 'handler') {
    return resolveFunction(callee.getExpression(), project, depth + 1)
  }
  for (const argument of value.getArguments()) {
    const wrapped = resolveFunction(argument, project, depth + 1)
    if (wrapped) return wrapped
  }
  return undefined
}
