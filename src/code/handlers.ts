/**
 * From a function in the template to its handler module on disk: SAM `CodeUri` + `Handler`,
 * esbuild `Metadata.BuildProperties.EntryPoints`, CDK synth assets (`aws:asset:path`),
 * Serverless Framework services, and inline code. Pure reading: a few `stat` calls, no parsing.
 */
import { basename, dirname, extname, resolve } from 'node:path'

import type {
  ArrowFunction, BinaryExpression, CallExpression, ExportAssignment, ExportDeclaration, ExpressionStatement, FunctionDeclaration, ImportDeclaration, Node,
  ObjectLiteralExpression, ParenthesizedExpression, PropertyAccessExpression, PropertyAssignment, ShorthandPropertyAssignment, SourceFile,
  VariableDeclaration, VariableStatement,
} from 'ts-morph'

import type { ArchitectureGraph } from '../graph/graph.js'
import type { GraphNode } from '../graph/types.js'
import { displayPath } from '../template/discover.js'
import type { Location } from '../template/positions.js'
import type { Template, TemplateResource } from '../template/template.js'
import { asArray, asMap, asString, type Value } from '../template/values.js'
import { isDirectory, isFile, MODULE_EXTENSIONS, resolveModulePath } from './locations.js'
import type { CodeProject, HandlerMissing, HandlerReference } from './types.js'

/** Where the code of one function lives, before the handler module is looked up in it. */
interface CodeLocation {
  via: string
  /** The directory Lambda's handler path is relative to. */
  directory: string
  templateLocation: Location
  /** esbuild entry points (relative to `directory`), when the template names them. */
  entryPoints?: string[]
  /** What to say when the directory does not exist. */
  describe: string
  /** A missing module is `no-code` where the sources may legitimately be elsewhere (a packaged Serverless service). */
  missingModuleKind?: HandlerMissing['kind']
}

/** Every function node whose code lambdawise can look for, linked to its handler module (or why not). */
export function resolveHandlerReferences(templates: readonly Template[], graph: ArchitectureGraph): HandlerReference[] {
  const wanted = new Set(templates)
  const references: HandlerReference[] = []
  for (const node of graph.nodesOfKind('function')) {
    if (!node.resource || !wanted.has(node.template)) continue
    references.push(referenceOf(node, node.template, node.resource))
  }
  return references
}

function referenceOf(node: GraphNode, template: Template, resource: TemplateResource): HandlerReference {
  const { properties } = resource
  const handler = asString(properties.Handler)
  const { module, exportName } = splitHandler(handler ?? '')
  const runtime = asString(properties.Runtime)
  const handlerLocation = template.locateProperty(resource.id, properties.Handler === undefined ? [] : ['Handler'])
  const base = { functionId: node.id, exportName, templateLocation: handlerLocation }
  const skip = (via: string, missing: HandlerMissing): HandlerReference => ({ ...base, via, missing })

  if (asString(properties.PackageType) === 'Image' || properties.ImageUri !== undefined || asMap(properties.Code)?.ImageUri !== undefined) {
    return skip('PackageType', { kind: 'not-node', message: 'a container image: its code is not in the template’s project' })
  }
  if (runtime !== undefined && !runtime.startsWith('nodejs')) {
    return skip('Runtime', { kind: 'not-node', message: `runtime ${runtime} is not Node.js` })
  }

  const inline = inlineCodeOf(template, resource)
  if (inline) {
    if (runtime === undefined) return skip(inline.via, { kind: 'not-node', message: 'inline code without a runtime' })
    return {
      ...base,
      via: inline.via,
      // A virtual file beside the template, named after it and the function (two stacks in cdk.out may share logical ids).
      file: resolve(dirname(template.file), `${basename(template.file)}.${resource.id}.inline.js`),
      inlineText: inline.text,
      templateLocation: inline.location,
    }
  }

  const location = codeLocationOf(template, resource)
  if ('missing' in location) {
    if (runtime === undefined) return skip(location.via, { kind: 'not-node', message: 'no runtime and no code to read' })
    return { ...base, via: location.via, missing: location.missing, templateLocation: location.templateLocation }
  }
  const found = { ...base, via: location.via, templateLocation: location.templateLocation }
  if (!isDirectory(location.directory)) {
    if (runtime === undefined) return skip(location.via, { kind: 'not-node', message: 'no runtime and no code to read' })
    return { ...found, missing: { kind: 'no-code', message: `${location.describe} ${displayPath(location.directory)} does not exist` } }
  }
  if (!handler) return { ...found, missing: { kind: 'no-module', message: 'the function has no Handler' } }

  const file = location.entryPoints ? entryPointFile(location.directory, location.entryPoints, module) : moduleFile(location.directory, module)
  if (file) return { ...found, file }
  if (runtime === undefined) return skip(location.via, { kind: 'not-node', message: 'no runtime and no JavaScript or TypeScript handler module' })
  const looked = location.entryPoints ? location.entryPoints.join(', ') : `${module}${MODULE_EXTENSIONS.join('|')}`
  return { ...found, missing: { kind: location.missingModuleKind ?? 'no-module', message: `handler module ${module} not found in ${displayPath(location.directory)} (looked for ${looked})` } }
}

/**
 * `dir/file.export` as the Node.js runtime reads it: the module is everything up to the first dot
 * of the last path segment; the rest names the export (`file.handlers.create` → `handlers`).
 */
export function splitHandler(handler: string): { module: string; exportName: string } {
  const slash = handler.lastIndexOf('/')
  const dot = handler.indexOf('.', slash + 1)
  if (dot < 0) return { module: handler, exportName: 'handler' }
  const exportPath = handler.slice(dot + 1)
  return { module: handler.slice(0, dot), exportName: exportPath.split('.')[0] || 'handler' }
}

function inlineCodeOf(template: Template, resource: TemplateResource): { via: string; text: string; location: Location } | undefined {
  const samInline = asString(resource.properties.InlineCode)
  if (samInline !== undefined) return { via: 'InlineCode', text: samInline, location: template.locateProperty(resource.id, ['InlineCode']) }
  const zipFile = asString(asMap(resource.properties.Code)?.ZipFile)
  if (zipFile !== undefined) return { via: 'Code.ZipFile', text: zipFile, location: template.locateProperty(resource.id, ['Code', 'ZipFile']) }
  return undefined
}

type Missing = { via: string; missing: HandlerMissing; templateLocation: Location }

function codeLocationOf(template: Template, resource: TemplateResource): CodeLocation | Missing {
  const templateDirectory = dirname(template.file)
  const { properties, metadata } = resource
  const resourcePath = ['Resources', resource.id]

  // CDK synth output: the asset directory (bundled by NodejsFunction, or copied as is) sits in cdk.out.
  const assetPath = metadata['aws:asset:path']
  if (typeof assetPath === 'string' && metadata['aws:asset:property'] === 'Code') {
    return {
      via: 'aws:asset:path',
      directory: resolve(templateDirectory, assetPath),
      templateLocation: { file: template.file, ...template.locate([...resourcePath, 'Metadata', 'aws:asset:path']) },
      describe: 'the CDK asset directory (run cdk synth)',
    }
  }

  if (resource.type === 'AWS::Lambda::Function') {
    // Serverless Framework output: the service's sources sit beside `.serverless/`.
    if (template.flavor === 'serverless' && basename(templateDirectory) === '.serverless') {
      return {
        via: 'Handler (Serverless Framework service)',
        directory: dirname(templateDirectory),
        templateLocation: template.locateProperty(resource.id, ['Handler']),
        describe: 'the service directory',
        // The deployed zip may come from a build step (serverless-esbuild, webpack) whose sources lambdawise cannot tell.
        missingModuleKind: 'no-code',
      }
    }
    return { via: 'Code', missing: { kind: 'no-code', message: 'the code is in S3 (Code.S3Bucket): it is not read' }, templateLocation: template.locateProperty(resource.id, ['Code']) }
  }

  // SAM: a missing CodeUri means the template's directory, as `sam build` reads it.
  const codeUri: Value | undefined = properties.CodeUri
  const codeDirectory = codeUri === undefined ? '.' : asString(codeUri)
  if (codeDirectory === undefined || /^s3:\/\//i.test(codeDirectory)) {
    return { via: 'CodeUri', missing: { kind: 'no-code', message: 'CodeUri names an S3 object or a value known only at deployment: the code is not read' }, templateLocation: template.locateProperty(resource.id, ['CodeUri']) }
  }
  const directory = resolve(templateDirectory, codeDirectory)
  const buildProperties = asMap(metadata.BuildProperties as Value | undefined)
  const entryPoints = asArray(buildProperties?.EntryPoints).map(asString).filter((entry): entry is string => entry !== undefined)
  // EntryPoints only mean something to `BuildMethod: esbuild`; read them even when the method is left to a Makefile that reuses them.
  if (entryPoints.length > 0) {
    return {
      via: 'Metadata.BuildProperties.EntryPoints',
      directory,
      entryPoints,
      templateLocation: { file: template.file, ...template.locate([...resourcePath, 'Metadata', 'BuildProperties', 'EntryPoints']) },
      describe: 'CodeUri',
    }
  }
  return { via: 'CodeUri + Handler', directory, templateLocation: template.locateProperty(resource.id, ['Handler']), describe: 'CodeUri' }
}

/** esbuild bundles one entry per function: the one named like the handler module, else the first. */
function entryPointFile(directory: string, entryPoints: string[], module: string): string | undefined {
  const moduleName = basename(module)
  const entry = entryPoints.find((candidate) => basename(candidate, extname(candidate)) === moduleName) ?? entryPoints[0]!
  const path = resolve(directory, entry)
  return isFile(path) ? path : moduleFile(directory, extname(entry) ? entry.slice(0, -extname(entry).length) : entry)
}

/** `module` with each known extension, then as a directory with an index module. */
function moduleFile(directory: string, module: string): string | undefined {
  return resolveModulePath(resolve(directory, module))
}

/** The exported handler in its module: where it is declared, and the function that runs, when it can be read. */
export interface HandlerExport {
  /** The exported name's declaration (`handler` in `export const handler`, or the `exports.handler =` statement). */
  declaration: Node
  /** The function Lambda ends up calling: through `middy(fn)`-style wrappers and local names; absent when it cannot be read. */
  implementation?: Node
  location: Location
}

/** How many re-exports and wrapper hops are followed before giving up (cycles end here too). */
const MAX_EXPORT_HOPS = 8

/**
 * Finds `exportName` in `entry`: `export const|function`, `export { x as handler }` (also from
 * another project file), `export *`, `exports.handler =`, `module.exports.handler =`,
 * `module.exports = { handler }`, `export default`. Syntax only: no checker.
 */
export function findHandlerExport(entry: SourceFile, exportName: string, project: CodeProject, hops = 0): HandlerExport | undefined {
  if (hops > MAX_EXPORT_HOPS) return undefined
  const found = (declaration: Node, value: Node | undefined, file = entry): HandlerExport => {
    const implementation = value ? implementationOf(value, file, project, hops + 1) : undefined
    return { declaration, ...(implementation ? { implementation } : {}), location: project.locationOf(nameNodeOf(declaration)) }
  }
  for (const statement of entry.getStatements()) {
    const kind = statement.getKindName()
    if (kind === 'VariableStatement' && hasExportKeyword(statement)) {
      for (const declaration of (statement as VariableStatement).getDeclarations()) {
        if (declaration.getName() === exportName) return found(declaration, declaration.getInitializer())
      }
    } else if ((kind === 'FunctionDeclaration' || kind === 'ClassDeclaration') && hasExportKeyword(statement)) {
      const declaration = statement as FunctionDeclaration
      const name = hasDefaultKeyword(statement) ? 'default' : declaration.getName()
      if (name === exportName) return found(declaration, kind === 'FunctionDeclaration' ? declaration : undefined)
    } else if (kind === 'ExportDeclaration') {
      const result = fromExportDeclaration(statement as ExportDeclaration, entry, exportName, project, hops)
      if (result) return result
    } else if (kind === 'ExportAssignment' && exportName === 'default') {
      return found(statement, (statement as ExportAssignment).getExpression())
    } else if (kind === 'ExpressionStatement') {
      const result = fromCommonJsAssignment(statement as ExpressionStatement, exportName, found) ?? fromBundlerExport(statement as ExpressionStatement, exportName, found)
      if (result) return result
    }
  }
  return undefined
}

function fromExportDeclaration(statement: ExportDeclaration, file: SourceFile, exportName: string, project: CodeProject, hops: number): HandlerExport | undefined {
  const specifier = statement.getModuleSpecifierValue()
  const target = specifier === undefined ? undefined : project.resolveImport(file, specifier)
  if (statement.isNamespaceExport() && !statement.getNamespaceExport()) return target ? findHandlerExport(target, exportName, project, hops + 1) : undefined
  for (const named of statement.getNamedExports()) {
    const exported = named.getAliasNode()?.getText() ?? named.getName()
    if (exported !== exportName) continue
    if (target) return findHandlerExport(target, named.getName(), project, hops + 1) ?? { declaration: named, location: project.locationOf(named) }
    const local = localDeclaration(file, named.getName(), project, hops + 1)
    return { declaration: named, ...(local?.implementation ? { implementation: local.implementation } : {}), location: project.locationOf(named) }
  }
  return undefined
}

/** `exports.handler = fn`, `module.exports.handler = fn`, `module.exports = { handler }`. */
function fromCommonJsAssignment(statement: ExpressionStatement, exportName: string, found: (declaration: Node, value: Node | undefined) => HandlerExport): HandlerExport | undefined {
  const expression = statement.getExpression()
  if (expression.getKindName() !== 'BinaryExpression') return undefined
  const assignment = expression as BinaryExpression
  if (assignment.getOperatorToken().getText() !== '=') return undefined
  const left = assignment.getLeft().getText().replace(/\s+/g, '')
  const right = assignment.getRight()
  if (left === `exports.${exportName}` || left === `module.exports.${exportName}` || left === `exports['${exportName}']` || left === `module.exports['${exportName}']`) {
    return found(statement, right)
  }
  if (left === 'module.exports' && right.getKindName() === 'ObjectLiteralExpression') {
    const property = (right as ObjectLiteralExpression).getProperty(exportName)
    if (property?.getKindName() === 'PropertyAssignment') return found(property, (property as PropertyAssignment).getInitializer())
    if (property) return found(property, property.getKindName() === 'ShorthandPropertyAssignment' ? (property as ShorthandPropertyAssignment).getNameNode() : property)
  }
  return undefined
}

/** esbuild's CommonJS bundles (CDK `NodejsFunction` assets): `__export(index_exports, { handler: () => handler })`. */
function fromBundlerExport(statement: ExpressionStatement, exportName: string, found: (declaration: Node, value: Node | undefined) => HandlerExport): HandlerExport | undefined {
  const expression = statement.getExpression()
  if (expression.getKindName() !== 'CallExpression') return undefined
  const call = expression as CallExpression
  const exportsObject = call.getArguments()[1]
  if (call.getExpression().getText() !== '__export' || exportsObject?.getKindName() !== 'ObjectLiteralExpression') return undefined
  const property = (exportsObject as ObjectLiteralExpression).getProperty(exportName)
  if (property?.getKindName() !== 'PropertyAssignment') return undefined
  const getter = (property as PropertyAssignment).getInitializer()
  const body = getter?.getKindName() === 'ArrowFunction' ? (getter as ArrowFunction).getBody() : undefined
  return found(property, body)
}

/** The function a handler value runs: itself, a local or imported name's value, or the function a wrapper (`middy(fn).use(...)`) is given. */
function implementationOf(value: Node, file: SourceFile, project: CodeProject, hops: number): Node | undefined {
  if (hops > MAX_EXPORT_HOPS) return undefined
  const kind = value.getKindName()
  if (FUNCTION_KINDS.has(kind)) return value
  if (kind === 'ParenthesizedExpression' || kind === 'AsExpression' || kind === 'SatisfiesExpression' || kind === 'NonNullExpression') {
    return implementationOf((value as ParenthesizedExpression).getExpression(), file, project, hops + 1)
  }
  if (kind === 'Identifier') return localDeclaration(file, value.getText(), project, hops + 1)?.implementation
  if (kind === 'CallExpression') {
    let call = value as CallExpression
    // `middy(fn).use(a).use(b)`: the wrapped function is the first argument of the innermost call.
    for (let callee = call.getExpression(); callee.getKindName() === 'PropertyAccessExpression';) {
      const object = (callee as PropertyAccessExpression).getExpression()
      if (object.getKindName() !== 'CallExpression') break
      call = object as CallExpression
      callee = call.getExpression()
    }
    const first = call.getArguments()[0]
    return first ? implementationOf(first, file, project, hops + 1) : undefined
  }
  return undefined
}

/** A top-level name in `file`: a variable, a function, or an import from another project file. */
function localDeclaration(file: SourceFile, name: string, project: CodeProject, hops: number): { implementation?: Node } | undefined {
  if (hops > MAX_EXPORT_HOPS) return undefined
  for (const statement of file.getStatements()) {
    const kind = statement.getKindName()
    if (kind === 'FunctionDeclaration' && (statement as FunctionDeclaration).getName() === name) return { implementation: statement }
    if (kind === 'VariableStatement') {
      const declaration = (statement as VariableStatement).getDeclarations().find((candidate) => candidate.getName() === name)
      if (declaration) {
        const initializer = declaration.getInitializer()
        const implementation = initializer ? implementationOf(initializer, file, project, hops + 1) : undefined
        return implementation ? { implementation } : {}
      }
    }
    if (kind === 'ImportDeclaration') {
      const declaration = statement as ImportDeclaration
      const imported = declaration.getNamedImports().find((named) => (named.getAliasNode()?.getText() ?? named.getName()) === name)
      const isDefault = declaration.getDefaultImport()?.getText() === name
      if (!imported && !isDefault) continue
      const target = project.resolveImport(file, declaration.getModuleSpecifierValue())
      const exported = target ? findHandlerExport(target, imported ? imported.getName() : 'default', project, hops + 1) : undefined
      return exported?.implementation ? { implementation: exported.implementation } : {}
    }
  }
  return undefined
}

const FUNCTION_KINDS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration'])

function hasExportKeyword(statement: Node): boolean {
  return (statement as VariableStatement).hasExportKeyword?.() ?? false
}

function hasDefaultKeyword(statement: Node): boolean {
  return (statement as FunctionDeclaration).hasDefaultKeyword?.() ?? false
}

/** Findings point at the exported name, not at the start of a long statement. */
function nameNodeOf(declaration: Node): Node {
  const named = declaration as VariableDeclaration
  return typeof named.getNameNode === 'function' ? named.getNameNode() ?? declaration : declaration
}
