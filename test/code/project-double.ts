/**
 * A small in-memory CodeProject for unit tests of the code analysis (the real one, src/code/project.ts,
 * reads files from disk). Files are given by absolute path (`/src/handler.ts`); locations show
 * them without the leading slash.
 */
import { Node, Project, type SourceFile } from 'ts-morph'

import type { CodeProject } from '../../src/code/types.js'
import type { Location } from '../../src/template/positions.js'

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs']

export class ProjectDouble implements CodeProject {
  readonly project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, noResolve: true, noLib: true } })

  constructor(files: Record<string, string>) {
    for (const [path, text] of Object.entries(files)) this.project.createSourceFile(path, text)
  }

  file(path: string): SourceFile {
    return this.project.getSourceFileOrThrow(path)
  }

  /** The entry and the project files it imports (import, export-from, require), entry first. */
  filesOf(entryFile: string): SourceFile[] {
    const found = new Set<SourceFile>()
    const visit = (file: SourceFile): void => {
      if (found.has(file)) return
      found.add(file)
      for (const specifier of moduleSpecifiers(file)) {
        const imported = this.resolveImport(file, specifier)
        if (imported) visit(imported)
      }
    }
    visit(this.file(entryFile))
    return [...found]
  }

  resolveImport(from: SourceFile, specifier: string): SourceFile | undefined {
    if (!specifier.startsWith('.')) return undefined
    const base = normalise(`${from.getDirectoryPath()}/${specifier}`).replace(/\.(m|c)?js$/, '')
    const candidates = [base, ...EXTENSIONS.map((extension) => base + extension), ...EXTENSIONS.map((extension) => `${base}/index${extension}`)]
    for (const candidate of candidates) {
      const file = this.project.getSourceFile(candidate)
      if (file) return file
    }
    return undefined
  }

  locationOf(node: Node): Location {
    const file = node.getSourceFile()
    const { line, column } = file.getLineAndColumnAtPos(node.getStart())
    return { file: file.getFilePath().replace(/^\//, ''), line, column }
  }
}

function moduleSpecifiers(file: SourceFile): string[] {
  const specifiers: string[] = []
  for (const statement of file.getStatements()) {
    if (Node.isImportDeclaration(statement) || Node.isExportDeclaration(statement)) {
      const specifier = statement.getModuleSpecifierValue()
      if (specifier) specifiers.push(specifier)
    }
  }
  file.forEachDescendant((node) => {
    if (Node.isCallExpression(node) && node.getExpression().getText() === 'require' && Node.isStringLiteral(node.getArguments()[0])) {
      specifiers.push(node.getArguments()[0]!.getText().slice(1, -1))
    }
  })
  return specifiers
}

function normalise(path: string): string {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '..') parts.pop()
    else if (part !== '.' && part !== '') parts.push(part)
  }
  return `/${parts.join('/')}`
}

/** The first node of `file` whose text is `text` and whose kind is `kind` (e.g. the expression a test resolves). */
export function findNode(file: SourceFile, text: string, kind?: string): Node {
  let found: Node | undefined
  file.forEachDescendant((node, traversal) => {
    if (node.getText() === text && (kind === undefined || node.getKindName() === kind)) {
      found = node
      traversal.stop()
    }
  })
  if (!found) throw new Error(`no node ${text} in ${file.getFilePath()}`)
  return found
}

/** The first argument of every `probe(...)` call in a file: what value tests resolve. */
export function probeArguments(file: SourceFile): Node[] {
  const found: Node[] = []
  file.forEachDescendant((node) => {
    if (Node.isCallExpression(node) && node.getExpression().getText() === 'probe' && node.getArguments()[0]) found.push(node.getArguments()[0]!)
  })
  return found
}
