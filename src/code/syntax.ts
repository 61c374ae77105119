/**
 * Small syntax helpers for the code analysis. ts-morph must not load before a handler file
 * exists (it costs ~300 ms), so modules here import only its types and tell node kinds apart
 * by name: `isKind(node, 'CallExpression')` narrows like ts-morph's `Node.isCallExpression`
 * without a runtime value from ts-morph (names are the `SyntaxKind` member names; ts-morph
 * reports the first name of aliased members, and every kind used here has only one).
 */
import type { KindToNodeMappings, Node, SourceFile, SyntaxKind } from 'ts-morph'

import { tsMorph } from './walk.js'

export type KindName = keyof typeof SyntaxKind
export type NodeOfKind<K extends KindName> = KindToNodeMappings[(typeof SyntaxKind)[K]]

const kindNumbers = new Map<string, number>()

/** The numeric kind of a kind name (ts-morph is loaded by then: a node exists). A map: the enum object is slow to index by name. */
export function kindNumber(kind: KindName): number {
  let number = kindNumbers.get(kind)
  if (number === undefined) {
    number = tsMorph().SyntaxKind[kind]
    kindNumbers.set(kind, number)
  }
  return number
}

/** Kind numbers compare faster than `getKindName()`, which looks the name up on every call. */
export function isKind<K extends KindName>(node: Node | undefined, kind: K): node is NodeOfKind<K> {
  return node !== undefined && node.getKind() === kindNumber(kind)
}

/** A set of kinds by number, built on first use. */
function kindSet(names: readonly KindName[]): () => Set<number> {
  let set: Set<number> | undefined
  return () => (set ??= new Set(names.map(kindNumber)))
}

const FUNCTION_KINDS = kindSet([
  'FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration',
  'Constructor', 'GetAccessor', 'SetAccessor',
])

export type FunctionNode =
  | NodeOfKind<'FunctionDeclaration'>
  | NodeOfKind<'FunctionExpression'>
  | NodeOfKind<'ArrowFunction'>
  | NodeOfKind<'MethodDeclaration'>
  | NodeOfKind<'Constructor'>
  | NodeOfKind<'GetAccessor'>
  | NodeOfKind<'SetAccessor'>

export function isFunction(node: Node | undefined): node is FunctionNode {
  return node !== undefined && FUNCTION_KINDS().has(node.getKind())
}

const LOOP_KINDS = kindSet(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoStatement'])

/** The loop statement that runs `node` repeatedly within its own function, if any. */
export function enclosingLoop(node: Node): Node | undefined {
  for (let current = node.getParent(); current; current = current.getParent()) {
    if (isFunction(current) || isKind(current, 'SourceFile')) return undefined
    if (LOOP_KINDS().has(current.getKind()) && isInLoopBody(node, current)) return current
  }
  return undefined
}

/** `for (const x of await list())` runs its head once: only the body (and a for-loop's condition and step) repeat. */
function isInLoopBody(node: Node, loop: Node): boolean {
  const start = node.getStart()
  if (isKind(loop, 'ForOfStatement') || isKind(loop, 'ForInStatement')) return start >= loop.getStatement().getStart()
  if (isKind(loop, 'ForStatement')) {
    const initializer = loop.getInitializer()
    return initializer === undefined || start >= initializer.getEnd()
  }
  return true
}

const WRAPPER_KINDS = kindSet(['ParenthesizedExpression', 'AsExpression', 'SatisfiesExpression', 'NonNullExpression', 'TypeAssertionExpression'])

type WrapperNode =
  | NodeOfKind<'ParenthesizedExpression'>
  | NodeOfKind<'AsExpression'>
  | NodeOfKind<'SatisfiesExpression'>
  | NodeOfKind<'NonNullExpression'>
  | NodeOfKind<'TypeAssertionExpression'>

function isWrapper(node: Node | undefined): node is WrapperNode {
  return node !== undefined && WRAPPER_KINDS().has(node.getKind())
}

/** Removes what does not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrapExpression(node: Node): Node {
  let current = node
  while (isWrapper(current)) current = current.getExpression()
  return current
}

/** The outermost `(x as T)!`-style wrapper around `node`: the node whose parent uses the value. */
export function outermostWrapper(node: Node): Node {
  let current = node
  for (let parent = current.getParent(); isWrapper(parent); parent = current.getParent()) current = parent
  return current
}

/** The text of a string literal or a template literal without substitutions. */
export function literalText(node: Node | undefined): string | undefined {
  if (isKind(node, 'StringLiteral') || isKind(node, 'NoSubstitutionTemplateLiteral')) return node.getLiteralText()
  return undefined
}

/** The name a property is read under: `a.b`, `a['b']`, `a?.b`. */
export function accessedName(node: Node): string | undefined {
  if (isKind(node, 'PropertyAccessExpression')) return node.getName()
  if (isKind(node, 'ElementAccessExpression')) return literalText(node.getArgumentExpression())
  return undefined
}

/** The object of `a.b` / `a['b']`. */
export function accessedObject(node: Node): Node | undefined {
  if (isKind(node, 'PropertyAccessExpression') || isKind(node, 'ElementAccessExpression')) return node.getExpression()
  return undefined
}

/** Where a local name comes from: `import { a as b } from 'm'` → b: { module: 'm', imported: 'a' }. */
export interface ModuleBinding {
  module: string
  /** The exported name, `default`, or `*` for a namespace import or a whole `require()`d module. */
  imported: string
}

const bindingsCache = new WeakMap<SourceFile, Map<string, ModuleBinding>>()

/** Every top-level import and `require` of a file, by local name (shadowing is not followed). */
export function moduleBindings(file: SourceFile): Map<string, ModuleBinding> {
  let bindings = bindingsCache.get(file)
  if (!bindings) {
    bindings = readModuleBindings(file)
    bindingsCache.set(file, bindings)
  }
  return bindings
}

function readModuleBindings(file: SourceFile): Map<string, ModuleBinding> {
  const bindings = new Map<string, ModuleBinding>()
  for (const statement of file.getStatements()) {
    if (isKind(statement, 'ImportDeclaration')) {
      if (statement.isTypeOnly()) continue
      const module = statement.getModuleSpecifierValue()
      const defaultImport = statement.getDefaultImport()
      if (defaultImport) bindings.set(defaultImport.getText(), { module, imported: 'default' })
      const namespaceImport = statement.getNamespaceImport()
      if (namespaceImport) bindings.set(namespaceImport.getText(), { module, imported: '*' })
      for (const named of statement.getNamedImports()) {
        if (named.isTypeOnly()) continue
        bindings.set((named.getAliasNode() ?? named.getNameNode()).getText(), { module, imported: named.getName() })
      }
    } else if (isKind(statement, 'ImportEqualsDeclaration')) {
      const reference = statement.getModuleReference()
      if (isKind(reference, 'ExternalModuleReference')) {
        const module = literalText(reference.getExpression())
        if (module !== undefined) bindings.set(statement.getName(), { module, imported: '*' })
      }
    } else if (isKind(statement, 'VariableStatement') && statement.getText().includes('require')) {
      // Only a statement that mentions `require` can bind a module (text is cheaper than wrapping its declarations).
      for (const declaration of statement.getDeclarations()) addRequireBindings(declaration, bindings)
    }
  }
  return bindings
}

/** `const a = require('m')`, `const { a, b: c } = require('m')`, `const a = require('m').a`. */
function addRequireBindings(declaration: NodeOfKind<'VariableDeclaration'>, bindings: Map<string, ModuleBinding>): void {
  const initializer = declaration.getInitializer()
  if (!initializer) return
  let value = unwrapExpression(initializer)
  let member: string | undefined
  if (isKind(value, 'PropertyAccessExpression')) {
    member = value.getName()
    value = unwrapExpression(value.getExpression())
  }
  const module = requiredModule(value)
  if (module === undefined) return
  const name = declaration.getNameNode()
  if (isKind(name, 'Identifier')) {
    bindings.set(name.getText(), { module, imported: member ?? '*' })
  } else if (isKind(name, 'ObjectBindingPattern') && member === undefined) {
    for (const element of name.getElements()) {
      const property = element.getPropertyNameNode()?.getText() ?? element.getName()
      bindings.set(element.getName(), { module, imported: property })
    }
  }
}

/** The module of `require('m')`, or undefined. */
export function requiredModule(node: Node): string | undefined {
  if (!isKind(node, 'CallExpression')) return undefined
  const callee = node.getExpression()
  if (!isKind(callee, 'Identifier') || callee.getText() !== 'require') return undefined
  return literalText(node.getArguments()[0])
}

/** The binding an identifier (or `ns.Name`, `ns.a.b`) at a use site refers to, and the members read after it. */
export function bindingOf(node: Node): { binding: ModuleBinding; members: string[] } | undefined {
  const members: string[] = []
  let current = unwrapExpression(node)
  while (isKind(current, 'PropertyAccessExpression')) {
    members.unshift(current.getName())
    current = unwrapExpression(current.getExpression())
  }
  if (!isKind(current, 'Identifier')) return undefined
  const binding = moduleBindings(current.getSourceFile()).get(current.getText())
  return binding ? { binding, members } : undefined
}

/** The names below the module a binding use reads: `axios.get` → ['get'], `{ get } from 'axios'` → ['get'], `axios()` → []. */
export function memberPath(found: { binding: ModuleBinding; members: string[] }): string[] {
  const { imported } = found.binding
  return imported === '*' || imported === 'default' ? found.members : [imported, ...found.members]
}

/** `'@aws-sdk/client-sqs'`, `aws-sdk`, `aws-sdk/clients/sqs`, `@aws-sdk/lib-dynamodb`. */
export function isAwsSdkModule(module: string): boolean {
  return module.startsWith('@aws-sdk/client-') || module === '@aws-sdk/lib-dynamodb' || module === 'aws-sdk' || module.startsWith('aws-sdk/')
}

/** A top-level declaration that can be exported by a keyword (`export const`, `export function`, `export default class`). */
interface ExportableStatement extends Node {
  hasExportKeyword(): boolean
  hasDefaultKeyword(): boolean
  isExported(): boolean
  isDefaultExport(): boolean
}

const exportsLocalsByName = new WeakMap<object, boolean>()

/**
 * Whether a file may export a local declaration other than by a keyword on it: `export { a }`,
 * `export default a`, `export =`, or CommonJS exports in JavaScript (which the binder reads).
 * Only then is ts-morph's `isExported()` needed, which asks the type checker and so builds a
 * program of every loaded file.
 */
function mayExportLocalsByName(file: SourceFile): boolean {
  let answer = exportsLocalsByName.get(file.compilerNode)
  if (answer === undefined) {
    answer = !/\.tsx?$|\.[mc]ts$/.test(file.getFilePath()) || /\bexports\b/.test(file.getFullText())
      || file.getStatements().some((statement) => isKind(statement, 'ExportDeclaration') || isKind(statement, 'ExportAssignment') || isKind(statement, 'NamespaceExportDeclaration'))
    exportsLocalsByName.set(file.compilerNode, answer)
  }
  return answer
}

/** `statement.isExported()`, answered from the syntax when the file exports nothing by name. */
export function isExportedStatement(statement: ExportableStatement): boolean {
  if (statement.hasExportKeyword()) return true
  return mayExportLocalsByName(statement.getSourceFile()) ? statement.isExported() : false
}

/** `statement.isDefaultExport()`, answered from the syntax when the file exports nothing by name. */
export function isDefaultExportStatement(statement: ExportableStatement): boolean {
  if (statement.hasDefaultKeyword()) return true
  return mayExportLocalsByName(statement.getSourceFile()) ? statement.isDefaultExport() : false
}
