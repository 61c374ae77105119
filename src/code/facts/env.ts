/**
 * Environment variables read in code: `process.env.X`, `process.env['X']`,
 * `const { X, Y: y } = process.env`, and the same through an alias (`const env = process.env`,
 * `const { env } = process`, `import { env } from 'node:process'`). A helper that reads
 * `process.env[name]` for its parameter `name` (`requiredEnv('TABLE_NAME')`) reads, at each of its
 * call sites, the name passed there, when every call site in the loaded files passes a name that
 * resolves to literals. Any other use of `process.env` (a computed key, a spread, passing it on)
 * can read any variable: `dynamic`.
 *
 * A read is `defaulted` when an unset variable is handled: a fallback (`?? 'd'`, `|| 'd'`, a
 * destructuring default, a helper's fallback argument) or a read used only as a condition
 * (`if (process.env.DEBUG)`, `process.env.X === 'y'`, `!process.env.X`, `Boolean(process.env.X)`).
 */
import type { Node, Project, SourceFile } from 'ts-morph'

import type { Location } from '../../template/positions.js'
import { isFunction, isKind, literalText, moduleBindings, outermostWrapper, unwrapExpression } from '../syntax.js'
import type { CodeProject } from '../types.js'
import { callSitesIn, findDeclaration, resolveValue } from '../values.js'
import { descendantsOfKind, tsMorph } from '../walk.js'
import { nodesOf } from './collect.js'

export interface EnvRead {
  name: string
  location: Location
  defaulted?: boolean
}

export interface EnvReads {
  reads: EnvRead[]
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
  const helpers = envHelpersOf(file.getProject(), project)
  const result: EnvReads = { reads: [...(helpers.readsByFile.get(file) ?? [])], dynamic: false }
  const { envAccesses, variableDeclarations } = nodesOf(file)
  for (const access of envAccesses) {
    const object = isKind(access, 'PropertyAccessExpression') || isKind(access, 'ElementAccessExpression') ? access.getExpression() : undefined
    if (object && isProcessObject(object, file) && !helpers.resolvedAccesses.has(access.compilerNode)) readsFromEnvObject(access, project, result)
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
    if (!isAssignmentTarget(use)) result.reads.push(read(use.getName(), project.locationOf(use), isDefaulted(use)))
    return
  }
  if (isKind(use, 'ElementAccessExpression') && use.getExpression() === outer) {
    const name = literalText(unwrapExpression(use.getArgumentExpressionOrThrow()))
    if (name === undefined) result.dynamic = true
    else if (!isAssignmentTarget(use)) result.reads.push(read(name, project.locationOf(use), isDefaulted(use)))
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
    else result.reads.push(read(name, project.locationOf(element), element.getInitializer() !== undefined))
  }
}

/** `process.env.X = 'y'` writes, it does not read. */
function isAssignmentTarget(node: Node): boolean {
  const parent = node.getParent()
  return isKind(parent, 'BinaryExpression') && parent.getLeft() === node && parent.getOperatorToken().getText() === '='
}

function read(name: string, location: Location, defaulted: boolean): EnvRead {
  return defaulted ? { name, location, defaulted } : { name, location }
}

const FALLBACK_OPERATORS = new Set(['??', '||', '&&'])
const COMPARISONS = new Set(['===', '!==', '==', '!='])

/**
 * Whether a read handles an unset variable: the left of `??`/`||` (a fallback) or `&&` (a guard),
 * or a read used only as a condition (`if`, loops, `?:`, `!`, comparisons, `Boolean(...)`).
 */
export function isDefaulted(readNode: Node): boolean {
  return defaultingUse(readNode) !== undefined
}

/** How a read is defaulted: the fallback expression of `??`/`||`, `true` for a condition; undefined when it is not. */
function defaultingUse(readNode: Node): Node | true | undefined {
  const outer = outermostWrapper(readNode)
  const parent = outer.getParent()
  if (!parent) return undefined
  if (isKind(parent, 'BinaryExpression')) {
    const operator = parent.getOperatorToken().getText()
    if (FALLBACK_OPERATORS.has(operator) && parent.getLeft() === outer) return operator === '&&' ? true : parent.getRight()
    return COMPARISONS.has(operator) ? true : undefined
  }
  if (isKind(parent, 'PrefixUnaryExpression')) return parent.getOperatorToken() === tsMorph().SyntaxKind.ExclamationToken ? true : undefined
  if (isKind(parent, 'IfStatement') || isKind(parent, 'WhileStatement') || isKind(parent, 'DoStatement')) return parent.getExpression() === outer ? true : undefined
  if (isKind(parent, 'ForStatement')) return parent.getCondition() === outer ? true : undefined
  if (isKind(parent, 'ConditionalExpression')) return parent.getCondition() === outer ? true : undefined
  if (isKind(parent, 'CallExpression')) {
    const callee = unwrapExpression(parent.getExpression())
    return isKind(callee, 'Identifier') && callee.getText() === 'Boolean' && !findDeclaration(callee) ? true : undefined
  }
  return undefined
}

/** What the env helpers of a project read: the reads at their call sites (by file), and their `process.env[name]` accesses that are thereby not dynamic. */
interface EnvHelpers {
  readsByFile: Map<SourceFile, EnvRead[]>
  /** `process.env` nodes (compiler nodes) inside helpers whose every call site passes a known name. */
  resolvedAccesses: Set<object>
}

const helpersByProject = new WeakMap<Project, EnvHelpers>()

/**
 * The env helpers of every loaded file: functions reading `process.env[name]` where `name` is a
 * parameter. Built once per project (a helper's call sites may be in any loaded file); a helper
 * that is not exported is only looked for in its own file.
 */
function envHelpersOf(morphProject: Project, project: CodeProject): EnvHelpers {
  let helpers = helpersByProject.get(morphProject)
  if (helpers) return helpers
  helpers = { readsByFile: new Map(), resolvedAccesses: new Set() }
  helpersByProject.set(morphProject, helpers)
  const allFiles = morphProject.getSourceFiles()
  for (const file of allFiles) {
    for (const access of nodesOf(file).envAccesses) {
      const use = outermostWrapper(access).getParent()
      if (!isKind(use, 'ElementAccessExpression') || !isKind(access, 'PropertyAccessExpression') || !isProcessObject(access.getExpression(), file)) continue
      const key = unwrapExpression(use.getArgumentExpressionOrThrow())
      if (!isKind(key, 'Identifier')) continue
      const parameter = findDeclaration(key)
      const fn = parameter?.getParent()
      if (!isKind(parameter, 'Parameter') || !isFunction(fn) || use.getFirstAncestor((ancestor) => isFunction(ancestor)) !== fn) continue
      const sites = helperReads(fn, fn.getParameters().indexOf(parameter), defaultingUse(use), allFiles, project)
      if (!sites) continue
      helpers.resolvedAccesses.add(access.compilerNode)
      for (const [siteFile, reads] of sites) helpers.readsByFile.set(siteFile, [...(helpers.readsByFile.get(siteFile) ?? []), ...reads])
    }
  }
  return helpers
}

/** The reads at each call site of an env helper; undefined when some call site's name cannot be read (the read stays dynamic). */
function helperReads(fn: Node, index: number, fallback: Node | true | undefined, allFiles: readonly SourceFile[], project: CodeProject): Map<SourceFile, EnvRead[]> | undefined {
  if (!hasName(fn)) return undefined
  const files = mayBeCalledElsewhere(fn) ? allFiles : [fn.getSourceFile()]
  const parameters = isFunction(fn) ? fn.getParameters() : []
  // `?? fallback` where `fallback` is a parameter without a default: defaulted where the call passes it.
  const fallbackIndex = fallback !== undefined && fallback !== true ? parameterIndex(fallback, fn) : undefined
  const found = new Map<SourceFile, EnvRead[]>()
  for (const call of callSitesIn(fn, project, files)) {
    const args = call.getArguments()
    const argument = args[index]
    if (!argument || isKind(argument, 'SpreadElement')) return undefined
    const names = resolveValue(argument, project)
    if (names.length === 0 || names.some((value) => value.kind !== 'literal')) return undefined
    const defaulted = fallback === undefined ? false
      : fallbackIndex === undefined || parameters[fallbackIndex]?.hasInitializer() === true ? true
        : args[fallbackIndex] !== undefined && !isUndefined(args[fallbackIndex]!)
    const file = call.getSourceFile()
    const list = found.get(file) ?? []
    for (const name of names) if (name.kind === 'literal') list.push(read(name.text, project.locationOf(call), defaulted))
    found.set(file, list)
  }
  return found
}

function parameterIndex(expression: Node, fn: Node): number | undefined {
  const identifier = unwrapExpression(expression)
  if (!isKind(identifier, 'Identifier') || !isFunction(fn)) return undefined
  const declaration = findDeclaration(identifier)
  const index = fn.getParameters().findIndex((parameter) => parameter === declaration)
  return index >= 0 ? index : undefined
}

function isUndefined(expression: Node): boolean {
  const inner = unwrapExpression(expression)
  return isKind(inner, 'Identifier') && inner.getText() === 'undefined'
}

/** Functions whose calls can be found by name (a declaration, or a function held by a variable or property). */
function hasName(fn: Node): boolean {
  if (isKind(fn, 'FunctionDeclaration') || isKind(fn, 'MethodDeclaration')) return fn.getName() !== undefined
  const holder = fn.getParent()
  return (isKind(fn, 'ArrowFunction') || isKind(fn, 'FunctionExpression')) && (isKind(holder, 'VariableDeclaration') || isKind(holder, 'PropertyAssignment'))
}

/** Whether a function may be called from another file: exported (by keyword, by name or by CommonJS), or a method or property of an object. */
function mayBeCalledElsewhere(fn: Node): boolean {
  const file = fn.getSourceFile()
  if (/\bexports\b/.test(file.getFullText()) || file.getStatements().some((statement) => isKind(statement, 'ExportDeclaration') || isKind(statement, 'ExportAssignment'))) return true
  if (isKind(fn, 'FunctionDeclaration')) return fn.hasExportKeyword()
  const holder = fn.getParent()
  if (!isKind(holder, 'VariableDeclaration')) return true
  return holder.getVariableStatement()?.hasExportKeyword() ?? false
}
