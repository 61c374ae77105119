/**
 * The handler files and the project files they import, parsed once with ts-morph. The only
 * module that loads ts-morph at run time (lazily: it costs ~300 ms), and it never builds a
 * program or a type checker: rules read syntax, and parsing alone is what keeps the analysis
 * of 500 handlers faster than `tsc --noEmit` on the same project.
 */
import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'

import type { KindToNodeMappings, Node, Project, SourceFile, SyntaxKind as SyntaxKindEnum, ts as TypeScript } from 'ts-morph'

import { displayPath } from '../template/discover.js'
import type { Location } from '../template/positions.js'
import { readTsconfigPaths, resolveModulePath, resolvePathAlias, type TsconfigPaths } from './locations.js'
import type { CodeProject as CodeProjectShape } from './types.js'
import { compilerDescendantsOfKind, descendantsOfKind, tsMorph } from './walk.js'

type TsMorph = typeof import('ts-morph')

/** A file bigger than this is generated or bundled beyond reading (a CDK asset with every dependency inlined stays under it). */
const MAX_FILE_BYTES = 8 * 1024 * 1024

export interface CodeEntry {
  /** Absolute path of the handler module (or the virtual path of inline code). */
  file: string
  inlineText?: string
}

export class CodeProject implements CodeProjectShape {
  /** Resolved project imports of each loaded file (absolute paths), in source order. */
  private readonly importsOf = new Map<string, string[]>()
  /** Files that could not be read: the path and why. */
  readonly unreadable = new Map<string, string>()
  private readonly tsconfigByDirectory = new Map<string, TsconfigPaths | undefined>()
  private readonly resolutionCache = new Map<string, string | undefined>()

  private constructor(
    private readonly morph: TsMorph,
    private readonly project: Project,
  ) {}

  /** The `typescript` namespace ts-morph bundles, for modules that must not import ts-morph themselves. */
  get ts(): typeof TypeScript {
    return this.morph.ts
  }

  get SyntaxKind(): typeof SyntaxKindEnum {
    return this.morph.SyntaxKind
  }

  /** ts-morph's `Node` class, whose static guards (`Node.isCallExpression`) modules use through the project. */
  get Node(): typeof Node {
    return this.morph.Node
  }

  /**
   * Parses every entry and, transitively, the project files they import (relative specifiers,
   * tsconfig `paths`; never node_modules). Unreadable files are recorded, not thrown.
   */
  static async load(entries: readonly CodeEntry[]): Promise<CodeProject> {
    // `require`, not `import()`: ts-morph is CommonJS, and importing it would also make Node.js
    // scan the 9 MB bundle for its export names (~90 ms).
    const morph = tsMorph()
    // The files are read here (in parallel, with a size guard), so ts-morph's own file system is never needed.
    const project = new morph.Project({
      useInMemoryFileSystem: true,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      skipLoadingLibFiles: true,
      compilerOptions: { allowJs: true, noResolve: true, noLib: true, skipLibCheck: true },
    })
    const codeProject = new CodeProject(morph, project)
    await codeProject.addAll(entries)
    return codeProject
  }

  get files(): SourceFile[] {
    return this.project.getSourceFiles()
  }

  sourceFile(path: string): SourceFile | undefined {
    return this.project.getSourceFile(resolve(path))
  }

  filesOf(entryFile: string): SourceFile[] {
    const seen = new Set<string>()
    const queue = [resolve(entryFile)]
    const files: SourceFile[] = []
    for (let index = 0; index < queue.length; index++) {
      const path = queue[index]!
      if (seen.has(path)) continue
      seen.add(path)
      const file = this.project.getSourceFile(path)
      if (file) files.push(file)
      for (const imported of this.importsOf.get(path) ?? []) if (!seen.has(imported)) queue.push(imported)
    }
    return files
  }

  resolveImport(from: SourceFile, specifier: string): SourceFile | undefined {
    const path = this.resolveSpecifier(from.getFilePath(), specifier)
    return path === undefined ? undefined : this.project.getSourceFile(path)
  }

  locationOf(node: Node): Location {
    const file = node.getSourceFile()
    const { line, column } = file.getLineAndColumnAtPos(node.getStart())
    return { file: displayPath(file.getFilePath()), line, column }
  }

  /**
   * The descendants of `node` (a file, a function, any node) of one kind, in source order.
   * Faster than `node.forEachDescendant` by an order of magnitude on big projects: ts-morph wraps
   * every node it visits, and wrapping is the costly part; here each file is walked once with the
   * compiler's own `forEachChild` and only the nodes asked for are wrapped.
   */
  descendantsOfKind<K extends keyof typeof SyntaxKindEnum>(node: Node, kindName: K): KindToNodeMappings[(typeof SyntaxKindEnum)[K]][] {
    return descendantsOfKind(node, kindName)
  }

  /** Syntax errors only (no program, no checker): a file that does not parse fails at run time. */
  parseErrors(file: SourceFile): { message: string; location: Location }[] {
    const diagnostics = (file.compilerNode as { parseDiagnostics?: readonly TypeScript.DiagnosticWithLocation[] }).parseDiagnostics ?? []
    return diagnostics.map((diagnostic) => {
      const { line, column } = file.getLineAndColumnAtPos(diagnostic.start)
      return {
        message: this.morph.ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
        location: { file: displayPath(file.getFilePath()), line, column },
      }
    })
  }

  /** Breadth first, reading each wave of files in parallel. */
  private async addAll(entries: readonly CodeEntry[]): Promise<void> {
    let wave: CodeEntry[] = entries.map((entry) => ({ ...entry, file: resolve(entry.file) }))
    const queued = new Set(wave.map((entry) => entry.file))
    while (wave.length > 0) {
      const texts = await Promise.all(wave.map((entry) => (entry.inlineText !== undefined ? entry.inlineText : this.read(entry.file))))
      const next: CodeEntry[] = []
      wave.forEach((entry, index) => {
        const text = texts[index]
        if (text === undefined) return
        const file = this.project.createSourceFile(entry.file, text, { overwrite: true, scriptKind: scriptKindOf(this.morph, entry.file) })
        const imports = this.importsIn(entry.file, file)
        this.importsOf.set(entry.file, imports)
        for (const path of imports) {
          if (queued.has(path)) continue
          queued.add(path)
          next.push({ file: path })
        }
      })
      wave = next
    }
  }

  private async read(path: string): Promise<string | undefined> {
    try {
      const text = await readFile(path, 'utf8')
      if (text.length > MAX_FILE_BYTES) {
        this.unreadable.set(path, `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`)
        return undefined
      }
      return text
    } catch (error) {
      this.unreadable.set(path, (error as NodeJS.ErrnoException).code ?? String(error))
      return undefined
    }
  }

  /**
   * The project files `text` imports, exports from, requires or dynamically imports with a
   * literal. TypeScript's pre-processor scans tokens without building a tree, which is much
   * cheaper than walking the parsed file for `require` calls.
   */
  /**
   * The project files `file` imports: import and export-from declarations, `import x = require()`,
   * and `require('x')` / `import('x')` calls with a literal. Read from the parsed file (whose calls
   * the SDK-call search walks anyway) rather than by scanning the text a second time.
   */
  private importsIn(path: string, file: SourceFile): string[] {
    const ts = this.morph.ts
    const specifiers: string[] = []
    for (const statement of file.compilerNode.statements) {
      if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        specifiers.push(statement.moduleSpecifier.text)
      } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
        specifiers.push(statement.moduleReference.expression.text)
      }
    }
    const isModuleCall = (node: TypeScript.Node): boolean => {
      const call = node as TypeScript.CallExpression
      const callee = call.expression
      const first = call.arguments[0]
      return (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) && first !== undefined && ts.isStringLiteralLike(first)
    }
    for (const call of compilerDescendantsOfKind(file, 'CallExpression', isModuleCall)) {
      specifiers.push(((call as TypeScript.CallExpression).arguments[0] as TypeScript.StringLiteralLike).text)
    }
    const imports: string[] = []
    for (const specifier of specifiers) {
      const resolved = this.resolveSpecifier(path, specifier)
      if (resolved !== undefined && !imports.includes(resolved)) imports.push(resolved)
    }
    return imports
  }

  private resolveSpecifier(fromFile: string, specifier: string): string | undefined {
    const fromDirectory = dirname(fromFile)
    const key = `${fromDirectory}\u0000${specifier}`
    if (this.resolutionCache.has(key)) return this.resolutionCache.get(key)
    let resolved: string | undefined
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      resolved = resolveModulePath(resolve(fromDirectory, specifier))
    } else if (!specifier.startsWith('node:')) {
      const paths = this.tsconfigPathsFor(fromDirectory)
      for (const candidate of paths ? resolvePathAlias(paths, specifier) : []) {
        resolved = resolveModulePath(candidate)
        if (resolved) break
      }
    }
    this.resolutionCache.set(key, resolved)
    return resolved
  }

  private tsconfigPathsFor(directory: string): TsconfigPaths | undefined {
    if (this.tsconfigByDirectory.has(directory)) return this.tsconfigByDirectory.get(directory)
    const found = readTsconfigPaths(directory, this.morph.ts) ?? (dirname(directory) === directory ? undefined : this.tsconfigPathsFor(dirname(directory)))
    this.tsconfigByDirectory.set(directory, found)
    return found
  }
}

function scriptKindOf(morph: TsMorph, path: string): TypeScript.ScriptKind {
  const { ScriptKind } = morph.ts
  switch (extname(path)) {
    case '.ts': case '.mts': case '.cts': return ScriptKind.TS
    case '.tsx': return ScriptKind.TSX
    case '.jsx': return ScriptKind.JSX
    default: return ScriptKind.JS
  }
}
