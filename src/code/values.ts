/**
 * What a value in handler code is, read without a type checker: literals, `process.env` reads and
 * what is built from them, followed through variables, imports, object properties, class fields,
 * helper parameters (to the arguments at each call site) and helper functions whose result is one
 * expression (one-line helpers, and `if (!value) throw ...; return value` guards). Anything
 * else is `unknown`, never an error: handler code can be any shape.
 */
import type { Node, SourceFile, ts as TypeScript } from 'ts-morph'

import { isDefaultExportStatement, isExportedStatement, isFunction, isKind, kindNumber, type NodeOfKind as NodeOf } from './syntax.js'
import type { CodeProject, CodeValue } from './types.js'
import { compilerDescendantsOfKind, descendantsOfKind, tsMorph, wrap } from './walk.js'

/** How many helper hops (parameter → call-site argument, call → returned expression) a value is followed. */
const DEFAULT_DEPTH = 4
/** Steps one resolution may take in all, so a pathological project cannot make it slow. */
const STEP_BUDGET = 400

/** An expression and the arguments bound to the parameters of the helper it sits in, if it was reached through a call. */
interface Located {
  node: Node
  bindings: ReadonlyMap<Node, Located>
}

interface Walk {
  project: CodeProject
  /** The files whose calls a parameter is followed to; every loaded file when absent. */
  callSiteFiles: readonly SourceFile[] | undefined
  depth: number
  /** Declarations on the current path: a cycle (`a = b; b = a`) ends in `unknown`. */
  active: Set<Node>
  steps: { left: number }
}

const NO_BINDINGS: ReadonlyMap<Node, Located> = new Map()

/**
 * The values an expression may take (several when branches, helpers or call sites differ).
 * `callSiteFiles` limits where a helper's parameters are followed to (a handler's own files, so
 * one handler's edges do not get another's arguments); every loaded file when absent.
 */
export function resolveValue(expression: Node, project: CodeProject, depth: number = DEFAULT_DEPTH, callSiteFiles?: readonly SourceFile[]): CodeValue[] {
  const walk = newWalk(project, depth, callSiteFiles)
  return dedupe(valuesOf({ node: expression, bindings: NO_BINDINGS }, walk))
}

/**
 * The values of a property of an object expression: `path` names nested properties, `[]` the
 * items of an array (`['Entries', '[]', 'EventBusName']`). An object that is read but lacks the
 * property gives `whenAbsent` (e.g. the default event bus) or nothing; an object that cannot be
 * read gives `unknown`.
 */
export function resolveProperty(
  objectExpression: Node, path: readonly string[], project: CodeProject,
  options: { whenAbsent?: string; depth?: number; callSiteFiles?: readonly SourceFile[] } = {},
): CodeValue[] {
  const walk = newWalk(project, options.depth ?? DEFAULT_DEPTH, options.callSiteFiles)
  return dedupe(propertyValues({ node: objectExpression, bindings: NO_BINDINGS }, path, options.whenAbsent, walk))
}

function propertyValues(object: Located, path: readonly string[], whenAbsent: string | undefined, walk: Walk): CodeValue[] {
  const [segment, ...rest] = path
  if (segment === undefined) return valuesOf(object, walk)
  const values: CodeValue[] = []
  for (const source of trace(object, walk)) {
    if (segment === '[]') {
      if (!isKind(source.node, 'ArrayLiteralExpression')) values.push(unknownAt(source.node, walk))
      else for (const item of arrayItems(source, walk)) values.push(...propertyValues(item, rest, whenAbsent, walk))
      continue
    }
    const found = propertyOf(source, segment, walk)
    if (found === 'unreadable') values.push(unknownAt(source.node, walk))
    else if (found === 'absent') {
      if (whenAbsent !== undefined) values.push({ kind: 'literal', text: whenAbsent, location: walk.project.locationOf(source.node) })
    } else for (const value of found) values.push(...propertyValues(value, rest, whenAbsent, walk))
  }
  return values
}

/**
 * The expressions a node stands for, after following identifiers, imports, properties, branches,
 * parameters and one-line helpers: what sdk-calls.ts reads to find the `new XClient()` a receiver
 * is, or the `new XCommand()` a variable holds.
 */
export function traceExpression(expression: Node, project: CodeProject, depth: number = DEFAULT_DEPTH, callSiteFiles?: readonly SourceFile[]): Node[] {
  const walk = newWalk(project, depth, callSiteFiles)
  return [...new Set(trace({ node: expression, bindings: NO_BINDINGS }, walk).map((located) => located.node))]
}

function newWalk(project: CodeProject, depth: number, callSiteFiles: readonly SourceFile[] | undefined): Walk {
  return { project, callSiteFiles, depth, active: new Set(), steps: { left: STEP_BUDGET } }
}

function valuesOf(located: Located, walk: Walk): CodeValue[] {
  const values: CodeValue[] = []
  for (const terminal of trace(located, walk)) values.push(...valueOfTerminal(terminal, walk))
  return values
}

/** A terminal expression (one `trace` stops at) as a value. */
function valueOfTerminal(located: Located, walk: Walk): CodeValue[] {
  const { node } = located
  const location = walk.project.locationOf(node)
  if (isKind(node, 'StringLiteral') || isKind(node, 'NoSubstitutionTemplateLiteral')) return [{ kind: 'literal', text: node.getLiteralText(), location }]
  if (isKind(node, 'NumericLiteral')) return [{ kind: 'literal', text: String(node.getLiteralValue()), location }]
  const envName = envVariableRead(located, walk)
  if (envName !== undefined) return [envName === null ? { kind: 'unknown', location } : { kind: 'env', name: envName, location }]
  if (isKind(node, 'TemplateExpression')) return composite(located, templateParts(located, walk), walk)
  if (isKind(node, 'BinaryExpression') && node.getOperatorToken().getText() === '+') {
    return composite(located, concatenationParts(located, walk), walk)
  }
  return [{ kind: 'unknown', location }]
}

/** The parts of a template literal: literal texts and the values of its `${...}` spans. */
function templateParts(located: Located, walk: Walk): CodeValue[][] {
  const node = located.node as NodeOf<'TemplateExpression'>
  const literal = (text: string, at: Node): CodeValue[] => (text === '' ? [] : [{ kind: 'literal', text, location: walk.project.locationOf(at) }])
  const parts: CodeValue[][] = [literal(node.getHead().getLiteralText(), node.getHead())]
  for (const span of node.getTemplateSpans()) {
    parts.push(valuesOf({ node: span.getExpression(), bindings: located.bindings }, walk))
    parts.push(literal(span.getLiteral().getLiteralText(), span.getLiteral()))
  }
  return parts.filter((part) => part.length > 0)
}

/** The operands of `a + b + c`, each as its values. */
function concatenationParts(located: Located, walk: Walk): CodeValue[][] {
  const node = located.node as NodeOf<'BinaryExpression'>
  return [node.getLeft(), node.getRight()].map((operand) => valuesOf({ node: operand, bindings: located.bindings }, walk))
}

/** Values built from parts: one literal when every part is literal, else a composite (each combination, at most a few). */
function composite(located: Located, parts: CodeValue[][], walk: Walk): CodeValue[] {
  const location = walk.project.locationOf(located.node)
  let combinations: CodeValue[][] = [[]]
  for (const part of parts) {
    const options = part.length > 0 ? part : [{ kind: 'unknown', location } as CodeValue]
    combinations = combinations.flatMap((prefix) => options.map((option) => [...prefix, ...flatten(option)])).slice(0, 8)
  }
  return combinations.map((combination) =>
    combination.every((part) => part.kind === 'literal')
      ? { kind: 'literal', text: combination.map((part) => (part.kind === 'literal' ? part.text : '')).join(''), location }
      : { kind: 'composite', parts: combination, location })
}

function flatten(value: CodeValue): CodeValue[] {
  return value.kind === 'composite' ? value.parts : [value]
}

/**
 * `process.env.NAME`, `process.env['NAME']` (the key resolved): the name; `null` for a dynamic key;
 * `undefined` when the node is no `process.env` read.
 */
function envVariableRead(located: Located, walk: Walk): string | null | undefined {
  const { node } = located
  if (isKind(node, 'PropertyAccessExpression') && isProcessEnv(node.getExpression())) return node.getName()
  if (isKind(node, 'BindingElement')) return destructuredEnvName(node) ?? null
  if (isKind(node, 'ElementAccessExpression') && isProcessEnv(node.getExpression())) {
    const argument = node.getArgumentExpression()
    if (!argument) return null
    const keys = valuesOf({ node: argument, bindings: located.bindings }, walk)
    return keys.length === 1 && keys[0]!.kind === 'literal' ? keys[0]!.text : null
  }
  return undefined
}

/** `const { QUEUE_URL } = process.env`, `const { QUEUE_URL: queueUrl } = process.env`: the variable's name. */
function destructuredEnvName(element: NodeOf<'BindingElement'>): string | undefined {
  const owner = element.getParent().getParent()
  if (!isKind(owner, 'VariableDeclaration') || !owner.getInitializer() || !isProcessEnv(owner.getInitializer()!)) return undefined
  const key = element.getPropertyNameNode()
  return key ? propertyName(key) : element.getName()
}

/** `process.env` (also `globalThis.process.env`). */
export function isProcessEnv(node: Node): boolean {
  const inner = unwrap(node)
  if (!isKind(inner, 'PropertyAccessExpression') || inner.getName() !== 'env') return false
  const owner = unwrap(inner.getExpression())
  if (isKind(owner, 'Identifier')) return owner.getText() === 'process'
  return isKind(owner, 'PropertyAccessExpression') && owner.getName() === 'process' && owner.getExpression().getText() === 'globalThis'
}

/** Parentheses, `x!`, `x as T`, `<T>x`, `x satisfies T`: the expression inside. */
export function unwrap(node: Node): Node {
  let current = node
  for (;;) {
    if (isKind(current, 'ParenthesizedExpression') || isKind(current, 'NonNullExpression') || isKind(current, 'AsExpression')
      || isKind(current, 'TypeAssertionExpression') || isKind(current, 'SatisfiesExpression') || isKind(current, 'AwaitExpression')) {
      current = current.getExpression()
    } else return current
  }
}

/**
 * Follows an expression to the expressions it stands for. Stops at literals, templates,
 * concatenations, `process.env` reads, object and array literals, `new` and other calls it cannot
 * see through, and anything unknown (returned as is: the caller reads its shape).
 */
function trace(located: Located, walk: Walk): Located[] {
  if (walk.steps.left-- <= 0) return [located]
  const node = unwrap(located.node)
  const here = (next: Node): Located => ({ node: next, bindings: located.bindings })
  if (isKind(node, 'Identifier')) return traceIdentifier(here(node), walk)
  if (isKind(node, 'ConditionalExpression')) return [...trace(here(node.getWhenTrue()), walk), ...trace(here(node.getWhenFalse()), walk)]
  if (isKind(node, 'BinaryExpression')) {
    const operator = node.getOperatorToken().getText()
    if (operator === '??' || operator === '||' || operator === '??=' || operator === '||=') return [...trace(here(node.getLeft()), walk), ...trace(here(node.getRight()), walk)]
    if (operator === '&&' || operator === ',') return trace(here(node.getRight()), walk)
    if (operator === '=') return trace(here(node.getRight()), walk)
  }
  if (isKind(node, 'PropertyAccessExpression') && !isProcessEnv(node.getExpression())) {
    const found = propertyAccess(here(node.getExpression()), node.getName(), walk)
    if (found) return found
  }
  if (isKind(node, 'ElementAccessExpression') && !isProcessEnv(node.getExpression())) {
    const key = node.getArgumentExpression()
    const keys = key ? valuesOf(here(key), walk) : []
    if (keys.length === 1 && keys[0]!.kind === 'literal') {
      const found = propertyAccess(here(node.getExpression()), keys[0]!.text, walk)
      if (found) return found
    }
  }
  if (isKind(node, 'CallExpression')) return traceCall(here(node), walk)
  return [here(node)]
}

/** `a.b`: the property of every object `a` stands for; undefined when none can be read (the access stays a terminal). */
function propertyAccess(object: Located, name: string, walk: Walk): Located[] | undefined {
  const receiver = unwrap(object.node)
  if (isKind(receiver, 'ThisKeyword')) return thisProperty(receiver, name, object, walk)
  const found: Located[] = []
  for (const source of trace(object, walk)) {
    const property = propertyOf(source, name, walk)
    if (Array.isArray(property)) for (const value of property) found.push(...trace(value, walk))
  }
  return found.length > 0 ? found : undefined
}

/** The expression(s) a property of an object (literal, module namespace) is set to. */
function propertyOf(source: Located, name: string, walk: Walk): Located[] | 'absent' | 'unreadable' {
  const { node } = source
  if (isKind(node, 'SourceFile')) {
    const exported = exportedValue(node, name, walk)
    return exported ? [exported] : 'unreadable'
  }
  if (!isKind(node, 'ObjectLiteralExpression')) return 'unreadable'
  // Later properties override earlier ones and spreads: read from the end.
  for (const property of [...node.getProperties()].reverse()) {
    if (isKind(property, 'PropertyAssignment') && propertyName(property.getNameNode()) === name) {
      const initializer = property.getInitializer()
      return initializer ? [{ node: initializer, bindings: source.bindings }] : 'unreadable'
    }
    if (isKind(property, 'ShorthandPropertyAssignment') && property.getName() === name) return [{ node: property.getNameNode(), bindings: source.bindings }]
    if (isKind(property, 'SpreadAssignment')) {
      const spread: Located[] = []
      for (const inner of trace({ node: property.getExpression(), bindings: source.bindings }, walk)) {
        const found = propertyOf(inner, name, walk)
        if (found === 'unreadable') return 'unreadable'
        if (found !== 'absent') spread.push(...found)
      }
      if (spread.length > 0) return spread
    }
    if ((isKind(property, 'MethodDeclaration') || isKind(property, 'GetAccessor')) && property.getName() === name) return 'unreadable'
  }
  return 'absent'
}

function propertyName(name: Node): string | undefined {
  if (isKind(name, 'Identifier') || isKind(name, 'PrivateIdentifier')) return name.getText()
  if (isKind(name, 'StringLiteral') || isKind(name, 'NoSubstitutionTemplateLiteral') || isKind(name, 'NumericLiteral')) return name.getLiteralText()
  return undefined
}

function arrayItems(source: Located, walk: Walk): Located[] {
  const array = source.node as NodeOf<'ArrayLiteralExpression'>
  const items: Located[] = []
  for (const element of array.getElements()) {
    if (isKind(element, 'SpreadElement')) {
      for (const inner of trace({ node: element.getExpression(), bindings: source.bindings }, walk)) {
        if (isKind(inner.node, 'ArrayLiteralExpression')) items.push(...arrayItems(inner, walk))
        else items.push(inner)
      }
    } else items.push({ node: element, bindings: source.bindings })
  }
  return items
}

/** `this.name` in a class: the field's initialiser, a constructor parameter property, or `this.name = x` in the constructor. */
function thisProperty(receiver: Node, name: string, object: Located, walk: Walk): Located[] | undefined {
  const owner = receiver.getFirstAncestor((ancestor) => isKind(ancestor, 'ClassDeclaration') || isKind(ancestor, 'ClassExpression'))
  if (!owner || !(isKind(owner, 'ClassDeclaration') || isKind(owner, 'ClassExpression'))) return undefined
  const found: Located[] = []
  const field = owner.getProperty(name)
  const initializer = field?.getInitializer()
  if (initializer) found.push(...trace({ node: initializer, bindings: NO_BINDINGS }, walk))
  for (const constructor of owner.getConstructors()) {
    for (const parameter of constructor.getParameters()) {
      if (parameter.isParameterProperty() && parameter.getName() === name) found.push(...trace({ node: parameter.getNameNode(), bindings: object.bindings }, walk))
    }
    for (const descendant of descendantsOfKind(constructor, 'BinaryExpression')) {
      if (descendant.getOperatorToken().getText() !== '=') continue
      const target = descendant.getLeft()
      if (isKind(target, 'PropertyAccessExpression') && target.getName() === name && isKind(target.getExpression(), 'ThisKeyword')) {
        found.push(...trace({ node: descendant.getRight(), bindings: NO_BINDINGS }, walk))
      }
    }
  }
  return found.length > 0 ? found : undefined
}

/** An identifier: what its declaration (in scope, or imported from a project file) says it is. */
function traceIdentifier(located: Located, walk: Walk): Located[] {
  const identifier = located.node as NodeOf<'Identifier'>
  const declaration = findDeclaration(identifier)
  if (!declaration) return [located]
  const bound = located.bindings.get(declaration)
  if (bound) return trace(bound, walk)
  if (walk.active.has(declaration)) return [located]
  walk.active.add(declaration)
  try {
    return traceDeclaration(declaration, located, walk)
  } finally {
    walk.active.delete(declaration)
  }
}

function traceDeclaration(declaration: Node, located: Located, walk: Walk): Located[] {
  const at = (node: Node, bindings = located.bindings): Located[] => trace({ node, bindings }, walk)
  if (isKind(declaration, 'VariableDeclaration')) {
    const initializer = declaration.getInitializer()
    const assigned = reassignments(declaration)
    const found = [...(initializer ? at(initializer) : []), ...assigned.flatMap((value) => at(value, NO_BINDINGS))]
    return found.length > 0 ? found : [located]
  }
  if (isKind(declaration, 'BindingElement')) return traceBindingElement(declaration, located, walk)
  if (isKind(declaration, 'Parameter')) return traceParameter(declaration, located, walk)
  if (isKind(declaration, 'ImportSpecifier') || isKind(declaration, 'ImportClause') || isKind(declaration, 'NamespaceImport')) {
    return traceImport(declaration, located, walk)
  }
  if (isKind(declaration, 'ImportEqualsDeclaration')) return [located]
  return [{ node: declaration, bindings: located.bindings }]
}

const ASSIGNMENTS = new Set(['=', '??=', '||='])

/** `let client; ... client ??= new SQSClient({})`: what a `let`/`var` is assigned anywhere in its scope. */
function reassignments(declaration: NodeOf<'VariableDeclaration'>): Node[] {
  const list = declaration.getParent()
  if (!isKind(list, 'VariableDeclarationList') || list.getText().startsWith('const') || !isKind(declaration.getNameNode(), 'Identifier')) return []
  const name = declaration.getName()
  const scope = list.getParent()?.getParent()
  if (!scope) return []
  const values: Node[] = []
  for (const node of descendantsOfKind(scope, 'BinaryExpression')) {
    if (!ASSIGNMENTS.has(node.getOperatorToken().getText())) continue
    const target = unwrap(node.getLeft())
    if (isKind(target, 'Identifier') && target.getText() === name && findDeclaration(target) === declaration) values.push(node.getRight())
  }
  return values
}

/** `const { QUEUE_URL = 'x' } = process.env`, `const { queueUrl } = config`, `const [first] = list`. */
function traceBindingElement(element: NodeOf<'BindingElement'>, located: Located, walk: Walk): Located[] {
  const pattern = element.getParent()
  const owner = pattern.getParent()
  const name = element.getPropertyNameNode() ? propertyName(element.getPropertyNameNode()!) : element.getName()
  const fallback = element.getInitializer()
  const withDefault = (found: Located[]): Located[] => (fallback ? [...found, ...trace({ node: fallback, bindings: located.bindings }, walk)] : found)
  if (!isKind(pattern, 'ObjectBindingPattern') || name === undefined) return [located]
  const sourceExpression = isKind(owner, 'VariableDeclaration') ? owner.getInitializer()
    : isKind(owner, 'BindingElement') || isKind(owner, 'Parameter') ? owner.getNameNode() : undefined
  if (!sourceExpression) return [located]
  if (isProcessEnv(sourceExpression)) return withDefault([{ node: element, bindings: located.bindings }])
  const found: Located[] = []
  const boundParameter = isKind(owner, 'Parameter') ? located.bindings.get(owner) : undefined
  const sources = boundParameter ? trace(boundParameter, walk)
    : isKind(owner, 'Parameter') ? traceParameter(owner, located, walk)
    : isKind(owner, 'BindingElement') ? traceBindingElement(owner, located, walk)
      : trace({ node: sourceExpression, bindings: located.bindings }, walk)
  for (const source of sources) {
    const property = propertyOf(source, name, walk)
    if (Array.isArray(property)) for (const value of property) found.push(...trace(value, walk))
    else if (property === 'unreadable') found.push(source)
  }
  return withDefault(found.length > 0 ? found : [located])
}

/** A parameter: the argument at every call site of its function in the loaded files (depth-limited). */
function traceParameter(parameter: NodeOf<'Parameter'>, located: Located, walk: Walk): Located[] {
  const fallback = parameter.getInitializer()
  const withDefault = (found: Located[]): Located[] => (fallback ? [...found, ...trace({ node: fallback, bindings: NO_BINDINGS }, walk)] : found)
  if (walk.depth <= 0) return withDefault([located])
  const fn = parameter.getParent()
  if (!isFunction(fn)) return withDefault([located])
  const index = fn.getParameters().indexOf(parameter)
  const found: Located[] = []
  let omitted = false
  walk.depth--
  try {
    for (const call of callSitesOf(fn, walk)) {
      const argument = call.getArguments()[index]
      if (!argument) omitted = true
      else if (isKind(argument, 'SpreadElement')) found.push({ node: argument, bindings: NO_BINDINGS })
      else found.push(...trace({ node: argument, bindings: NO_BINDINGS }, walk))
    }
  } finally {
    walk.depth++
  }
  // A call that leaves the argument out takes the default: no unknown for it.
  return withDefault(found.length > 0 || (omitted && fallback) ? found : [located])
}

/** The calls of a function (declaration, method, or arrow/function expression held by a variable) in the files given. */
export function callSitesIn(fn: Node, project: CodeProject, files: readonly SourceFile[]): (NodeOf<'CallExpression'> | NodeOf<'NewExpression'>)[] {
  return callSitesOf(fn, newWalk(project, DEFAULT_DEPTH, files))
}

let callSiteFileReads = 0

/**
 * How many times a resolution has read the call sites of a helper in caller-given files: a
 * result computed while this count stays the same does not depend on those files (sdk-calls.ts
 * reuses it for every handler that imports the file).
 */
export function callSiteFileReadCount(): number {
  return callSiteFileReads
}

/** Calls to a function (by its name: `f(...)`, `obj.f(...)`, `new C(...)` for constructors) in every loaded file. */
function callSitesOf(fn: Node, walk: Walk): (NodeOf<'CallExpression'> | NodeOf<'NewExpression'>)[] {
  if (walk.callSiteFiles) callSiteFileReads++
  const name = functionName(fn)
  if (!name) return []
  const calls: (NodeOf<'CallExpression'> | NodeOf<'NewExpression'>)[] = []
  for (const file of walk.callSiteFiles ?? fn.getSourceFile().getProject().getSourceFiles()) {
    for (const call of callsNamed(file, name)) {
      if (callTargets(call, fn, walk.project)) calls.push(call)
    }
  }
  return calls
}

function functionName(fn: Node): string | undefined {
  if (isKind(fn, 'Constructor')) {
    const owner = fn.getParent()
    return isKind(owner, 'ClassDeclaration') ? owner.getName() : undefined
  }
  if (isKind(fn, 'FunctionDeclaration') || isKind(fn, 'MethodDeclaration')) return fn.getName()
  if (isKind(fn, 'ArrowFunction') || isKind(fn, 'FunctionExpression')) {
    const holder = fn.getParent()
    if (isKind(holder, 'VariableDeclaration') || isKind(holder, 'PropertyAssignment')) return holder.getName()
  }
  return undefined
}

/** Whether a call by the right name really calls `fn`: an identifier callee must resolve to it; a method call is trusted by name. */
function callTargets(call: NodeOf<'CallExpression'> | NodeOf<'NewExpression'>, fn: Node, project: CodeProject): boolean {
  const callee = unwrap(call.getExpression())
  if (!isKind(callee, 'Identifier')) return isKind(fn, 'MethodDeclaration') || isKind(fn.getParent(), 'PropertyAssignment')
  const declaration = followToDeclaration(callee, project, 8)
  const owner = isKind(fn, 'Constructor') ? fn.getParent() : fn
  return declaration === owner || (isKind(declaration, 'VariableDeclaration') && declaration.getInitializer() === owner)
}

/** An identifier's declaration, through imports and re-exports of project files (for matching call sites). */
function followToDeclaration(identifier: Node, project: CodeProject, hops: number): Node | undefined {
  const declaration = findDeclaration(identifier)
  if (!declaration || hops <= 0 || !(isKind(declaration, 'ImportSpecifier') || isKind(declaration, 'ImportClause'))) return declaration
  const importDeclaration = declaration.getFirstAncestor((ancestor) => isKind(ancestor, 'ImportDeclaration'))
  if (!isKind(importDeclaration, 'ImportDeclaration')) return undefined
  const target = project.resolveImport(importDeclaration.getSourceFile(), importDeclaration.getModuleSpecifierValue())
  const walk: Walk = { project, callSiteFiles: undefined, depth: 0, active: new Set(), steps: { left: 40 } }
  const exported = target ? exportedValue(target, importedName(declaration), walk) : undefined
  if (!exported) return undefined
  return isKind(exported.node, 'Identifier') ? followToDeclaration(exported.node, project, hops - 1) : exported.node
}

function importedName(declaration: NodeOf<'ImportSpecifier'> | NodeOf<'ImportClause'>): string {
  return isKind(declaration, 'ImportClause') ? 'default' : declaration.getName()
}

const callIndex = new WeakMap<object, Map<string, TypeScript.Node[]>>()

/** The calls in a file whose callee's last name is `name`, in source order (the index is built once per file on compiler nodes; only the calls asked for are wrapped). */
function callsNamed(file: SourceFile, name: string): (NodeOf<'CallExpression'> | NodeOf<'NewExpression'>)[] {
  return (callsByName(file).get(name) ?? []).map((call) => wrap<NodeOf<'CallExpression'> | NodeOf<'NewExpression'>>(file, call))
}

function callsByName(file: SourceFile): Map<string, TypeScript.Node[]> {
  let index = callIndex.get(file.compilerNode)
  if (index) return index
  const { ts } = tsMorph()
  const compilerFile = file.compilerNode
  const byName = new Map<string, TypeScript.Node[]>()
  const add = (node: TypeScript.CallExpression | TypeScript.NewExpression): void => {
    let callee: TypeScript.Node = node.expression
    // As `unwrap`: parentheses, `!`, `as`, `<T>`, `satisfies`, `await`.
    while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee) || ts.isAsExpression(callee)
      || ts.isTypeAssertionExpression(callee) || ts.isSatisfiesExpression(callee) || ts.isAwaitExpression(callee)) callee = callee.expression
    const name = ts.isIdentifier(callee) ? callee.getText(compilerFile) : ts.isPropertyAccessExpression(callee) ? callee.name.getText(compilerFile) : undefined
    if (!name) return
    const list = byName.get(name)
    if (list) list.push(node)
    else byName.set(name, [node])
  }
  // Both kinds in one list per name, in the order a walk meets them.
  const calls = [...compilerDescendantsOfKind(file, 'CallExpression'), ...compilerDescendantsOfKind(file, 'NewExpression')]
    .sort((a, b) => a.pos - b.pos || b.end - a.end)
  for (const call of calls) add(call as TypeScript.CallExpression | TypeScript.NewExpression)
  index = byName
  callIndex.set(file.compilerNode, index)
  return index
}

/** A call: `String(x)`, and helpers whose body only returns an expression (`(name) => process.env[name]`), with the arguments bound. */
function traceCall(located: Located, walk: Walk): Located[] {
  const call = located.node as NodeOf<'CallExpression'>
  const callee = unwrap(call.getExpression())
  const args = call.getArguments()
  if (isKind(callee, 'Identifier') && callee.getText() === 'String' && args.length === 1 && !findDeclaration(callee)) {
    return trace({ node: args[0]!, bindings: located.bindings }, walk)
  }
  const required = requiredFile(call, walk.project)
  if (required) return [{ node: required, bindings: NO_BINDINGS }]
  if (walk.depth <= 0) return [located]
  const functions = trace({ node: callee, bindings: located.bindings }, walk)
    .map((candidate) => candidate.node)
    .filter((candidate) => isKind(candidate, 'ArrowFunction') || isKind(candidate, 'FunctionExpression') || isKind(candidate, 'FunctionDeclaration'))
  if (functions.length !== 1) return [located]
  const fn = functions[0] as NodeOf<'ArrowFunction'> | NodeOf<'FunctionExpression'> | NodeOf<'FunctionDeclaration'>
  const returned = returnedExpression(fn)
  if (!returned) return [located]
  const bindings = new Map(located.bindings)
  fn.getParameters().forEach((parameter, index) => {
    const argument = args[index]
    if (argument && !isKind(argument, 'SpreadElement')) bindings.set(parameter, { node: argument, bindings: located.bindings })
  })
  walk.depth--
  try {
    return trace({ node: returned, bindings }, walk)
  } finally {
    walk.depth++
  }
}

/** `require('./config')` of a loaded project file: the module, read like a namespace import. */
export function requiredFile(call: NodeOf<'CallExpression'>, project: CodeProject): SourceFile | undefined {
  const callee = call.getExpression()
  const [specifier] = call.getArguments()
  if (!isKind(callee, 'Identifier') || callee.getText() !== 'require' || !isKind(specifier, 'StringLiteral') || findDeclaration(callee)) return undefined
  return project.resolveImport(call.getSourceFile(), specifier.getLiteralText())
}

/**
 * The expression a helper's result is: `x => expr`, `function f(x) { return expr }`, or a body
 * whose every `return` gives the same parameter or local variable (`if (!value) throw ...; return value`,
 * possibly with `!`, `as` or parentheses). Other bodies are not followed.
 */
function returnedExpression(fn: NodeOf<'ArrowFunction'> | NodeOf<'FunctionExpression'> | NodeOf<'FunctionDeclaration'>): Node | undefined {
  const body = fn.getBody()
  if (!body) return undefined
  if (!isKind(body, 'Block')) return body
  const statements = body.getStatements()
  const only = statements.length === 1 ? statements[0] : undefined
  if (isKind(only, 'ReturnStatement')) return only.getExpression()
  const returns = descendantsOfKind(body, 'ReturnStatement').filter((statement) => statement.getFirstAncestor((ancestor) => isFunction(ancestor)) === fn)
  let declaration: Node | undefined
  let first: Node | undefined
  for (const statement of returns) {
    const returned = statement.getExpression()
    const identifier = returned ? unwrap(returned) : undefined
    if (!isKind(identifier, 'Identifier')) return undefined
    const declared = findDeclaration(identifier)
    if (!declared || (declaration !== undefined && declared !== declaration)) return undefined
    declaration = declared
    first ??= identifier
  }
  if (!declaration || !declaredIn(declaration, fn)) return undefined
  return first
}

/** A parameter of `fn` or a variable declared in its body (not a module-level or outer value). */
function declaredIn(declaration: Node, fn: Node): boolean {
  if (isKind(declaration, 'Parameter')) return declaration.getParent() === fn
  return isKind(declaration, 'VariableDeclaration') && declaration.getFirstAncestor((ancestor) => isFunction(ancestor)) === fn
}

/** Imported bindings: the exported value of the project file the import names (node_modules are not loaded: the identifier stays). */
function traceImport(declaration: NodeOf<'ImportSpecifier'> | NodeOf<'ImportClause'> | NodeOf<'NamespaceImport'>, located: Located, walk: Walk): Located[] {
  const importDeclaration = declaration.getFirstAncestor((ancestor) => isKind(ancestor, 'ImportDeclaration'))
  if (!isKind(importDeclaration, 'ImportDeclaration')) return [located]
  const target = walk.project.resolveImport(importDeclaration.getSourceFile(), importDeclaration.getModuleSpecifierValue())
  if (!target) return [located]
  if (isKind(declaration, 'NamespaceImport')) return [{ node: target, bindings: NO_BINDINGS }]
  const exported = exportedValue(target, importedName(declaration), walk)
  return exported ? trace(exported, walk) : [located]
}

/** The expression a module exports under a name: `export const`, `export { a as b }`, `export default`, re-exports. */
function exportedValue(file: SourceFile, name: string, walk: Walk, seen = new Set<SourceFile>()): Located | undefined {
  if (seen.has(file)) return undefined
  seen.add(file)
  for (const statement of file.getStatements()) {
    if (isKind(statement, 'VariableStatement') && isExportedStatement(statement)) {
      for (const declaration of statement.getDeclarations()) {
        if (declaration.getName() === name) return { node: declaration.getNameNode(), bindings: NO_BINDINGS }
      }
    } else if ((isKind(statement, 'FunctionDeclaration') || isKind(statement, 'ClassDeclaration')) && isExportedStatement(statement)) {
      const exportedName = isDefaultExportStatement(statement) ? 'default' : statement.getName()
      if (exportedName === name) return { node: statement, bindings: NO_BINDINGS }
    } else if (isKind(statement, 'ExportAssignment') && name === 'default' && !statement.isExportEquals()) {
      return { node: statement.getExpression(), bindings: NO_BINDINGS }
    } else if (isKind(statement, 'ExportDeclaration')) {
      const found = exportedFromDeclaration(statement, name, walk, seen)
      if (found) return found
    } else if (isKind(statement, 'ExpressionStatement')) {
      const found = commonJsExport(statement.getExpression(), name)
      if (found) return found
    }
  }
  return undefined
}

/** `module.exports = { name }`, `module.exports.name = x`, `exports.name = x`. */
function commonJsExport(expression: Node, name: string): Located | undefined {
  if (!isKind(expression, 'BinaryExpression') || expression.getOperatorToken().getText() !== '=') return undefined
  const target = expression.getLeft().getText().replace(/\s/g, '')
  const value = expression.getRight()
  if (target === `module.exports.${name}` || target === `exports.${name}`) return { node: value, bindings: NO_BINDINGS }
  if (target !== 'module.exports') return undefined
  if (name === 'default') return { node: value, bindings: NO_BINDINGS }
  if (!isKind(value, 'ObjectLiteralExpression')) return undefined
  const property = value.getProperty(name)
  if (isKind(property, 'PropertyAssignment')) return property.getInitializer() ? { node: property.getInitializer()!, bindings: NO_BINDINGS } : undefined
  if (isKind(property, 'ShorthandPropertyAssignment')) return { node: property.getNameNode(), bindings: NO_BINDINGS }
  return undefined
}

function exportedFromDeclaration(statement: NodeOf<'ExportDeclaration'>, name: string, walk: Walk, seen: Set<SourceFile>): Located | undefined {
  const specifier = statement.getModuleSpecifierValue()
  const source = specifier === undefined ? undefined : walk.project.resolveImport(statement.getSourceFile(), specifier)
  if (specifier !== undefined && !source) return undefined
  if (!statement.hasNamedExports()) return source ? exportedValue(source, name, walk, seen) : undefined
  for (const exported of statement.getNamedExports()) {
    if ((exported.getAliasNode()?.getText() ?? exported.getName()) !== name) continue
    if (source) return exportedValue(source, exported.getName(), walk, seen)
    return { node: exported.getNameNode(), bindings: NO_BINDINGS }
  }
  return undefined
}

/**
 * The declaration an identifier refers to, by lexical scope (no type checker): the innermost
 * block, function, loop or module that declares the name. Undefined for globals.
 */
export function findDeclaration(identifier: Node): Node | undefined {
  const name = identifier.getText()
  const file = identifier.getSourceFile()
  const scopeKinds = declaringScopeKinds()
  // Up the compiler nodes: only the scopes that can declare a name are wrapped.
  let child: TypeScript.Node = identifier.compilerNode
  for (let scope = child.parent; scope; child = scope, scope = scope.parent) {
    if (!scopeKinds.has(scope.kind)) continue
    const found = declarationIn(wrap(file, scope), name, wrap(file, child))
    if (found) return found
  }
  return undefined
}

let scopeKindSet: Set<number> | undefined

/** The kinds `declarationIn` finds declarations in. */
function declaringScopeKinds(): Set<number> {
  scopeKindSet ??= new Set(([
    'FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration', 'Constructor', 'GetAccessor', 'SetAccessor',
    'Block', 'SourceFile', 'ModuleBlock', 'CaseClause', 'DefaultClause', 'CaseBlock', 'ForStatement', 'ForOfStatement', 'ForInStatement', 'CatchClause',
  ] as const).map(kindNumber))
  return scopeKindSet
}

function declarationIn(scope: Node, name: string, child: Node): Node | undefined {
  if (isFunction(scope)) {
    for (const parameter of scope.getParameters()) {
      const found = bindingNamed(parameter, parameter.getNameNode(), name)
      if (found) return found
    }
    if ((isKind(scope, 'FunctionExpression') || isKind(scope, 'ClassExpression')) && scope.getName() === name && child !== scope) return scope
    return undefined
  }
  if (isKind(scope, 'Block') || isKind(scope, 'SourceFile') || isKind(scope, 'ModuleBlock') || isKind(scope, 'CaseClause') || isKind(scope, 'DefaultClause')) {
    return declarationsOf(scope, () => scope.getStatements()).get(name)
  }
  if (isKind(scope, 'CaseBlock')) {
    return declarationsOf(scope, () => scope.getClauses().flatMap((clause) => clause.getStatements())).get(name)
  }
  if (isKind(scope, 'ForStatement') || isKind(scope, 'ForOfStatement') || isKind(scope, 'ForInStatement')) {
    const initializer = scope.getInitializer()
    if (isKind(initializer, 'VariableDeclarationList')) return declaredInList(initializer, name)
    return undefined
  }
  if (isKind(scope, 'CatchClause')) {
    const variable = scope.getVariableDeclaration()
    return variable ? bindingNamed(variable, variable.getNameNode(), name) : undefined
  }
  return undefined
}

/**
 * The names a block's statements declare, each with its first declaration: built once per block
 * (identifiers are looked up many times, and scanning the statements for each was the costly part).
 */
const declarationIndex = new WeakMap<object, Map<string, Node>>()

function declarationsOf(scope: Node, statements: () => Node[]): Map<string, Node> {
  let index = declarationIndex.get(scope.compilerNode)
  if (index) return index
  const found = new Map<string, Node>()
  index = found
  const add = (name: string | undefined, declaration: Node): void => {
    if (name !== undefined && !found.has(name)) found.set(name, declaration)
  }
  for (const statement of statements()) addDeclaredByStatement(statement, add)
  declarationIndex.set(scope.compilerNode, index)
  return index
}

/** Every name a statement declares, in the order a search by name would meet them. */
function addDeclaredByStatement(statement: Node, add: (name: string | undefined, declaration: Node) => void): void {
  if (isKind(statement, 'VariableStatement')) addDeclaredInList(statement.getDeclarationList(), add)
  else if (isKind(statement, 'FunctionDeclaration') || isKind(statement, 'ClassDeclaration') || isKind(statement, 'EnumDeclaration')) add(statement.getName(), statement)
  else if (isKind(statement, 'ImportDeclaration')) {
    const clause = statement.getImportClause()
    if (!clause) return
    const defaultImport = clause.getDefaultImport()
    if (defaultImport) add(defaultImport.getText(), clause)
    const namespace = clause.getNamespaceImport()
    if (namespace) add(namespace.getText(), namespace.getParent())
    for (const specifier of clause.getNamedImports()) add(specifier.getAliasNode()?.getText() ?? specifier.getName(), specifier)
  } else if (isKind(statement, 'ImportEqualsDeclaration')) add(statement.getName(), statement)
}

function declaredInList(list: NodeOf<'VariableDeclarationList'>, name: string): Node | undefined {
  for (const declaration of list.getDeclarations()) {
    const found = bindingNamed(declaration, declaration.getNameNode(), name)
    if (found) return found
  }
  return undefined
}

function addDeclaredInList(list: NodeOf<'VariableDeclarationList'>, add: (name: string | undefined, declaration: Node) => void): void {
  for (const declaration of list.getDeclarations()) addBindings(declaration, declaration.getNameNode(), add)
}

/** `bindingNamed` for every name at once. */
function addBindings(declaration: Node, nameNode: Node, add: (name: string | undefined, declaration: Node) => void): void {
  if (isKind(nameNode, 'Identifier')) add(nameNode.getText(), declaration)
  else if (isKind(nameNode, 'ObjectBindingPattern') || isKind(nameNode, 'ArrayBindingPattern')) {
    for (const element of nameNode.getElements()) {
      if (isKind(element, 'BindingElement')) addBindings(element, element.getNameNode(), add)
    }
  }
}

/** The declaration (or destructuring element) that binds `name` in a declaration's name. */
function bindingNamed(declaration: Node, nameNode: Node, name: string): Node | undefined {
  if (isKind(nameNode, 'Identifier')) return nameNode.getText() === name ? declaration : undefined
  if (isKind(nameNode, 'ObjectBindingPattern') || isKind(nameNode, 'ArrayBindingPattern')) {
    for (const element of nameNode.getElements()) {
      if (!isKind(element, 'BindingElement')) continue
      const found = bindingNamed(element, element.getNameNode(), name)
      if (found) return found
    }
  }
  return undefined
}

function unknownAt(node: Node, walk: Walk): CodeValue {
  return { kind: 'unknown', location: walk.project.locationOf(node) }
}

/** The values without repeats (the same value reached by two paths). */
export function dedupe(values: CodeValue[]): CodeValue[] {
  const seen = new Set<string>()
  return values.filter((value) => {
    const key = JSON.stringify(value)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
