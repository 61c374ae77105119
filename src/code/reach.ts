/**
 * Which code can run for one handler. A handler imports a shared module for one function, yet
 * every file it loads is read: without this, `get-job.ts` importing `getJob` would be charged with
 * `createJob`'s PutItem. Reachable code is every loaded file's top-level code (it runs at import),
 * the handler export, and — transitively — every top-level function, class or object literal that
 * reachable code names, in the same file or through imports and re-exports. Syntactic and
 * deliberately generous: a name counts whether it is called or passed as a value, and whatever
 * cannot be read (an unknown export, `ns[name]`) makes the whole module reachable.
 *
 * Each file is read once on compiler nodes (its deferred units and the names each references);
 * a handler's walk then only looks names up.
 */
import type { SourceFile, ts as TypeScript } from 'ts-morph'

import type { Location } from '../template/positions.js'
import { moduleBindings } from './syntax.js'
import type { CodeProject } from './types.js'
import { tsMorph, unwrapCompilerNode } from './walk.js'

/** The names a stretch of code uses: plain names, and `ns.member` reads of names used only that way. */
interface References {
  names: Set<string>
  /** `x.member` by `x`. */
  members: Map<string, Set<string>>
  /** Names used other than as `x.member` (passed, called, `x[key]`). */
  bare: Set<string>
  /** Modules loaded in place (`require('./x')`, `import('./x')`): all of them is taken. */
  modules: Set<string>
}

/** Code that runs only when something names it: a top-level function, class or object literal. */
interface Unit {
  pos: number
  end: number
  references: References
}

/** What an exported name is in its module. */
type ExportTarget = { local: string } | { module: string; name: string } | { module: string; all: true } | { none: true }

interface FileUnits {
  /** Deferred units, sorted by position; code outside every unit runs at load. */
  units: Unit[]
  /** Top-level name (or `default`, `exports.x`) → its units. */
  byName: Map<string, number[]>
  exports: Map<string, ExportTarget>
  /** `export * from 'm'`. */
  starModules: string[]
  /** What the code that runs at load names. */
  eager: References
}

const unitsCache = new WeakMap<TypeScript.SourceFile, FileUnits>()

/**
 * A filter keeping the locations of code that can run when Lambda calls `exportName` of `entry`
 * (`files`: the entry and what it loads). Locations in files outside `files` are kept.
 */
export function reachableLocations(entry: SourceFile, exportName: string, files: readonly SourceFile[], project: CodeProject): (location: Location) => boolean {
  const reached = reachableUnits(entry, exportName, files, project)
  const byPath = new Map<string, SourceFile>()
  for (const file of files) byPath.set(project.locationOf(file).file, file)
  return (location) => {
    const file = byPath.get(location.file)
    if (!file) return true
    const { units } = unitsOf(file)
    if (units.length === 0) return true
    const compilerFile = file.compilerNode
    let position: number
    try {
      position = compilerFile.getPositionOfLineAndCharacter(location.line - 1, location.column - 1)
    } catch {
      return true
    }
    const index = unitAt(units, position)
    return index === undefined || (reached.get(compilerFile)?.has(index) ?? false)
  }
}

/** The deferred units of each file that the handler reaches, by index into `unitsOf(file).units`. */
export function reachableUnits(entry: SourceFile, exportName: string, files: readonly SourceFile[], project: CodeProject): Map<TypeScript.SourceFile, Set<number>> {
  const reached = new Map<TypeScript.SourceFile, Set<number>>()
  const queue: { file: SourceFile; index: number }[] = []
  const reach = (file: SourceFile, index: number): void => {
    let set = reached.get(file.compilerNode)
    if (!set) reached.set(file.compilerNode, (set = new Set()))
    if (set.has(index)) return
    set.add(index)
    queue.push({ file, index })
  }
  const whole = new Set<SourceFile>()
  const reachAll = (file: SourceFile): void => {
    if (whole.has(file)) return
    whole.add(file)
    const units = unitsOf(file)
    units.units.forEach((_, index) => reach(file, index))
    for (const target of units.exports.values()) {
      if ('module' in target) {
        const other = project.resolveImport(file, target.module)
        if (other) reachAll(other)
      }
    }
    for (const module of units.starModules) {
      const other = project.resolveImport(file, module)
      if (other) reachAll(other)
    }
  }
  const reachName = (file: SourceFile, name: string): void => {
    for (const index of unitsOf(file).byName.get(name) ?? []) reach(file, index)
  }
  /** Reaches what `file` exports as `name`; false when the module does not say (the caller then takes it all). */
  const exportsDone = new Map<SourceFile, Set<string>>()
  const reachExport = (file: SourceFile, name: string): boolean => {
    // Each export once per handler: this also ends import and re-export cycles.
    let done = exportsDone.get(file)
    if (!done) exportsDone.set(file, (done = new Set()))
    if (done.has(name)) return true
    done.add(name)
    const units = unitsOf(file)
    const target = units.exports.get(name)
    if (target) {
      if ('none' in target) return true
      if ('local' in target) {
        reachLocal(file, target.local, undefined, true)
        return true
      }
      const other = project.resolveImport(file, target.module)
      if (!other) return true
      if ('all' in target) reachAll(other)
      else if (!reachExport(other, target.name)) reachAll(other)
      return true
    }
    for (const module of units.starModules) {
      const other = project.resolveImport(file, module)
      if (other && reachExport(other, name)) return true
    }
    return false
  }
  /** A name used in `file`: its own top-level units, or what an import of it names. */
  const reachLocal = (file: SourceFile, name: string, members: Set<string> | undefined, bare: boolean): void => {
    reachName(file, name)
    const binding = moduleBindings(file).get(name)
    if (!binding) return
    const target = project.resolveImport(file, binding.module)
    if (!target) return
    if (binding.imported === '*') {
      if (bare || !members) reachAll(target)
      else for (const member of members) if (!reachExport(target, member)) reachAll(target)
      return
    }
    if (!reachExport(target, binding.imported)) reachAll(target)
  }
  const follow = (file: SourceFile, references: References): void => {
    for (const name of references.names) reachLocal(file, name, references.members.get(name), references.bare.has(name))
    for (const module of references.modules) {
      const other = project.resolveImport(file, module)
      if (other) reachAll(other)
    }
  }

  for (const file of files) follow(file, unitsOf(file).eager)
  if (!reachExport(entry, exportName)) reachAll(entry)
  for (let next = queue.shift(); next; next = queue.shift()) follow(next.file, unitsOf(next.file).units[next.index]!.references)
  return reached
}

function unitAt(units: readonly Unit[], position: number): number | undefined {
  let low = 0
  let high = units.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (units[middle]!.end <= position) low = middle + 1
    else high = middle
  }
  const unit = units[low]
  return unit && unit.pos <= position && position < unit.end ? low : undefined
}

/** The deferred units of a file, its exports, and what its load-time code names; read once per file. */
export function unitsOf(file: SourceFile): FileUnits {
  const compilerFile = file.compilerNode
  let found = unitsCache.get(compilerFile)
  if (!found) {
    found = readUnits(compilerFile)
    unitsCache.set(compilerFile, found)
  }
  return found
}

function readUnits(file: TypeScript.SourceFile): FileUnits {
  const { ts } = tsMorph()
  const units: Unit[] = []
  const byName = new Map<string, number[]>()
  const exports = new Map<string, ExportTarget>()
  const starModules: string[] = []
  const eager = emptyReferences()
  const deferred = new Set<TypeScript.Node>()
  const addUnit = (name: string, node: TypeScript.Node): void => {
    deferred.add(node)
    const index = units.push({ pos: node.pos, end: node.end, references: referencesIn(node) }) - 1
    const list = byName.get(name)
    if (list) list.push(index)
    else byName.set(name, [index])
  }
  const moduleOf = (specifier: TypeScript.Expression | undefined): string | undefined => (specifier && ts.isStringLiteral(specifier) ? specifier.text : undefined)

  for (const statement of file.statements) {
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) ?? [] : []
    const exported = modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
    const isDefault = modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default'
      if (exported) exports.set(isDefault ? 'default' : name, { local: name })
      if (ts.isFunctionDeclaration(statement) || isDeferrable(statement)) addUnit(name, statement)
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue
        const name = declaration.name.text
        if (exported) exports.set(name, { local: name })
        if (declaration.initializer && isDeferrable(declaration.initializer)) addUnit(name, declaration)
      }
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) {
      if (exported && statement.name && ts.isIdentifier(statement.name)) exports.set(statement.name.text, { none: true })
    } else if (ts.isExportDeclaration(statement)) {
      const module = moduleOf(statement.moduleSpecifier)
      const clause = statement.exportClause
      if (!clause) {
        if (module !== undefined) starModules.push(module)
      } else if (ts.isNamespaceExport(clause)) {
        if (module !== undefined) exports.set(clause.name.text, { module, all: true })
      } else {
        for (const element of clause.elements) {
          const local = (element.propertyName ?? element.name).text
          exports.set(element.name.text, statement.isTypeOnly || element.isTypeOnly ? { none: true } : module === undefined ? { local } : { module, name: local })
        }
      }
    } else if (ts.isExportAssignment(statement)) {
      const value = unwrapCompilerNode(statement.expression)
      if (ts.isIdentifier(value)) exports.set('default', { local: value.text })
      else if (isDeferrable(value)) {
        exports.set('default', { local: 'default' })
        addUnit('default', statement)
      }
    } else if (ts.isExpressionStatement(statement)) {
      readCommonJs(statement.expression, exports, addUnit)
    }
  }
  for (const statement of file.statements) {
    if (deferred.has(statement) || ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) continue
    collectReferences(statement, eager, deferred)
  }
  units.sort((a, b) => a.pos - b.pos)
  // Sorting moved the units: rebuild the name index on the new order.
  const order = new Map(units.map((unit, index) => [unit, index]))
  const unsorted = [...units]
  for (const [name, list] of byName) byName.set(name, list.map((index) => order.get(unsorted[index]!)!))
  return { units, byName, exports, starModules, eager }
}

/** `exports.x = fn`, `module.exports.x = fn`, `module.exports = { x, y: fn }`. */
function readCommonJs(expression: TypeScript.Expression, exports: Map<string, ExportTarget>, addUnit: (name: string, node: TypeScript.Node) => void): void {
  const { ts } = tsMorph()
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return
  const left = expression.left
  const right = unwrapCompilerNode(expression.right)
  const exportedName = commonJsName(left)
  if (exportedName !== undefined) {
    if (ts.isIdentifier(right)) exports.set(exportedName, { local: right.text })
    else if (isDeferrable(right)) {
      exports.set(exportedName, { local: `exports.${exportedName}` })
      addUnit(`exports.${exportedName}`, expression.right)
    }
    return
  }
  if (!isModuleExports(left) || !ts.isObjectLiteralExpression(right)) return
  for (const property of right.properties) {
    const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined
    if (name === undefined) continue
    if (ts.isShorthandPropertyAssignment(property)) exports.set(name, { local: name })
    else if (ts.isPropertyAssignment(property)) {
      const value = unwrapCompilerNode(property.initializer)
      if (ts.isIdentifier(value)) exports.set(name, { local: value.text })
      else if (isDeferrable(value)) {
        exports.set(name, { local: `exports.${name}` })
        addUnit(`exports.${name}`, property)
      }
    } else if (ts.isMethodDeclaration(property)) {
      exports.set(name, { local: `exports.${name}` })
      addUnit(`exports.${name}`, property)
    }
  }
}

function isModuleExports(node: TypeScript.Node): boolean {
  const { ts } = tsMorph()
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports'
}

/** `x` of `exports.x`, `module.exports.x`, `exports['x']`. */
function commonJsName(node: TypeScript.Node): string | undefined {
  const { ts } = tsMorph()
  let object: TypeScript.Node
  let name: string
  if (ts.isPropertyAccessExpression(node)) {
    object = node.expression
    name = node.name.text
  } else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
    object = node.expression
    name = node.argumentExpression.text
  } else return undefined
  return (ts.isIdentifier(object) && object.text === 'exports') || isModuleExports(object) ? name : undefined
}

/**
 * Whether a value's code runs only when it is used: a function, a class without load-time parts
 * (static initialisers and blocks, decorators), an object literal of functions, names and literals.
 */
function isDeferrable(node: TypeScript.Node): boolean {
  const { ts } = tsMorph()
  const value = ts.isVariableDeclaration(node) ? node : unwrapCompilerNode(node)
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isFunctionDeclaration(value)) return true
  if (ts.isClassDeclaration(value) || ts.isClassExpression(value)) {
    if (ts.canHaveDecorators(value) && ts.getDecorators(value)?.length) return false
    if (value.heritageClauses?.some((clause) => clause.types.some((type) => !ts.isIdentifier(unwrapCompilerNode(type.expression)) && !ts.isPropertyAccessExpression(type.expression)))) return false
    return value.members.every((member) => {
      if (ts.isClassStaticBlockDeclaration(member)) return false
      if (ts.canHaveDecorators(member) && ts.getDecorators(member)?.length) return false
      const isStatic = ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)
      return !(isStatic && ts.isPropertyDeclaration(member) && member.initializer && !isInert(member.initializer))
    })
  }
  if (ts.isObjectLiteralExpression(value)) {
    return value.properties.every((property) => {
      if (property.name && ts.isComputedPropertyName(property.name)) return false
      if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property) || ts.isSetAccessorDeclaration(property) || ts.isShorthandPropertyAssignment(property)) return true
      return ts.isPropertyAssignment(property) && isInert(property.initializer)
    })
  }
  return false
}

/** A value that runs no code when evaluated: a function, a name, a literal. */
function isInert(node: TypeScript.Node): boolean {
  const { ts } = tsMorph()
  const value = unwrapCompilerNode(node)
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isIdentifier(value) || ts.isStringLiteral(value) || ts.isNumericLiteral(value)
    || ts.isNoSubstitutionTemplateLiteral(value) || value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword
    || value.kind === ts.SyntaxKind.NullKeyword || (ts.isPropertyAccessExpression(value) && isInert(value.expression))
}

function emptyReferences(): References {
  return { names: new Set(), members: new Map(), bare: new Set(), modules: new Set() }
}

function referencesIn(node: TypeScript.Node): References {
  const references = emptyReferences()
  collectReferences(node, references, undefined)
  return references
}

/** Adds the names used in `node` (types and property names left out), skipping the `skip` subtrees. */
function collectReferences(node: TypeScript.Node, references: References, skip: ReadonlySet<TypeScript.Node> | undefined): void {
  const { ts } = tsMorph()
  const visit = (current: TypeScript.Node): void => {
    if (skip?.has(current)) return
    if (ts.isTypeNode(current) && !ts.isExpressionWithTypeArguments(current)) return
    if (ts.isInterfaceDeclaration(current) || ts.isTypeAliasDeclaration(current) || ts.isImportDeclaration(current)) return
    if (ts.isIdentifier(current)) {
      addIdentifier(current, references)
      return
    }
    if (ts.isCallExpression(current) && (current.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(current.expression) && current.expression.text === 'require'))) {
      const [specifier] = current.arguments
      if (specifier && ts.isStringLiteralLike(specifier) && !isModuleBinding(current)) references.modules.add(specifier.text)
    }
    ts.forEachChild(current, visit)
  }
  visit(node)
}

/** A top-level `const x = require('m')` (or `.member`, `import x = require`, a bare `require('m')`): syntax.ts moduleBindings reads these by name. */
function isModuleBinding(call: TypeScript.CallExpression): boolean {
  const { ts } = tsMorph()
  let holder: TypeScript.Node = call.parent
  if (ts.isPropertyAccessExpression(holder)) holder = holder.parent
  if (ts.isExpressionStatement(holder)) return ts.isSourceFile(holder.parent)
  return ts.isVariableDeclaration(holder) && ts.isSourceFile(holder.parent.parent.parent)
}

function addIdentifier(identifier: TypeScript.Identifier, references: References): void {
  const { ts } = tsMorph()
  const parent = identifier.parent
  // Property names (`a.name`, `{ name: v }`, `name() {}`) are not uses of a top-level `name`.
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isGetAccessorDeclaration(parent)
    || ts.isSetAccessorDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent)) && parent.name === identifier) return
  // Nor are the names a declaration binds (`const lib = require('./lib')` does not use `lib`).
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent)
    || ts.isClassExpression(parent) || ts.isImportEqualsDeclaration(parent)) && parent.name === identifier) return
  if (ts.isBindingElement(parent) && (parent.name === identifier || parent.propertyName === identifier)) return
  const name = identifier.text
  references.names.add(name)
  if (ts.isPropertyAccessExpression(parent) && parent.expression === identifier) {
    let members = references.members.get(name)
    if (!members) references.members.set(name, (members = new Set()))
    members.add(parent.name.text)
  } else references.bare.add(name)
}
