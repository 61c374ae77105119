import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

import { findHandlerExport } from '../../src/code/handlers.js'
import { CodeProject } from '../../src/code/project.js'

const IMPORTS = resolve('test/fixtures/code/core-imports/src')
const pathsOf = (project: CodeProject, entry: string) => project.filesOf(join(IMPORTS, entry)).map((file) => relative(IMPORTS, file.getFilePath()))

function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lambdawise-code-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('CodeProject.load', () => {
  it('follows imports, export-from, require and import() through .js specifiers, index modules and tsconfig paths; never node_modules', async () => {
    const project = await CodeProject.load([{ file: join(IMPORTS, 'handler.ts') }])
    expect(pathsOf(project, 'handler.ts')).toEqual([
      'handler.ts', 'lib/types.ts', 'lib/a.ts', 'lib/util/index.ts', 'shared/helper.ts', 'lib/reexported.ts', 'lib/legacy.cjs', 'lib/lazy.ts', 'lib/b.ts',
    ])
  })

  it('reads each file once for all handlers, and survives import cycles', async () => {
    const project = await CodeProject.load([{ file: join(IMPORTS, 'handler.ts') }, { file: join(IMPORTS, 'second.ts') }])
    expect(pathsOf(project, 'second.ts')).toEqual(['second.ts', 'lib/b.ts', 'lib/a.ts'])
    expect(project.files.length).toBe(10)
  })

  it('resolves a specifier from a file to the loaded project file, and not a missing or package import', async () => {
    const project = await CodeProject.load([{ file: join(IMPORTS, 'handler.ts') }])
    const handler = project.sourceFile(join(IMPORTS, 'handler.ts'))!
    expect(project.resolveImport(handler, './lib/a.js')?.getFilePath()).toBe(join(IMPORTS, 'lib/a.ts'))
    expect(project.resolveImport(handler, './lib/util')?.getFilePath()).toBe(join(IMPORTS, 'lib/util/index.ts'))
    expect(project.resolveImport(handler, '@shared/helper')?.getFilePath()).toBe(join(IMPORTS, 'shared/helper.ts'))
    expect(project.resolveImport(handler, './lib/does-not-exist.js')).toBeUndefined()
    expect(project.resolveImport(handler, '@aws-sdk/client-sqs')).toBeUndefined()
  })

  it('records a missing entry instead of throwing', async () => {
    const project = await CodeProject.load([{ file: join(IMPORTS, 'nope.ts') }])
    expect(project.files).toEqual([])
    expect(project.unreadable.get(join(IMPORTS, 'nope.ts'))).toBe('ENOENT')
    expect(project.filesOf(join(IMPORTS, 'nope.ts'))).toEqual([])
  })

  it('does not follow packages even when node_modules sits in the project', async () => {
    const root = tempProject({ 'src/app.ts': "import x from 'dep'\nimport y from '../node_modules/dep/index.js'\nexport const handler = () => x", 'node_modules/dep/index.js': 'module.exports = 1' })
    const project = await CodeProject.load([{ file: join(root, 'src/app.ts') }])
    // A relative path into node_modules is the user's own choice; a package name never is.
    expect(project.filesOf(join(root, 'src/app.ts')).map((file) => relative(root, file.getFilePath()))).toEqual(['src/app.ts', 'node_modules/dep/index.js'])
  })

  it('parses inline code as a virtual JavaScript file', async () => {
    const file = join(IMPORTS, 'Inline.inline.js')
    const project = await CodeProject.load([{ file, inlineText: 'exports.handler = async () => 1\n' }])
    expect(project.filesOf(file)).toHaveLength(1)
    expect(project.parseErrors(project.sourceFile(file)!)).toEqual([])
  })
})

describe('CodeProject locations and parse errors', () => {
  it('gives 1-based locations relative to the working directory', async () => {
    const project = await CodeProject.load([{ file: join(IMPORTS, 'second.ts') }])
    const file = project.sourceFile(join(IMPORTS, 'second.ts'))!
    const call = file.getStatements()[1]!.getLastChildOrThrow()
    expect(project.locationOf(file.getStatements()[1]!)).toEqual({ file: 'test/fixtures/code/core-imports/src/second.ts', line: 2, column: 1 })
    expect(project.locationOf(call).line).toBe(2)
  })

  it('reports syntax errors without a program, and nothing for a valid file', async () => {
    const project = await CodeProject.load([{ file: join(IMPORTS, 'broken.ts') }])
    const broken = project.sourceFile(join(IMPORTS, 'broken.ts'))!
    const errors = project.parseErrors(broken)
    expect(errors.length).toBeGreaterThan(0)
    expect(errors[0]).toMatchObject({ message: expect.any(String), location: { file: 'test/fixtures/code/core-imports/src/broken.ts', line: 4 } })
    expect(project.parseErrors(project.sourceFile(join(IMPORTS, 'lib/a.ts'))!)).toEqual([])
  })
})

describe('CodeProject.descendantsOfKind', () => {
  it('finds the same nodes as forEachDescendant, in source order, within a file or a node', async () => {
    const project = await CodeProject.load([{ file: join(IMPORTS, 'handler.ts') }])
    const file = project.sourceFile(join(IMPORTS, 'handler.ts'))!
    const expected: string[] = []
    file.forEachDescendant((node) => {
      if (node.getKindName() === 'CallExpression') expected.push(node.getText())
    })
    const calls = project.descendantsOfKind(file, 'CallExpression')
    expect(calls.map((call) => call.getText())).toEqual(expected)
    // The same wrapped nodes ts-morph hands out elsewhere.
    expect(calls[0]!.getParent()).toBeDefined()
    const handler = file.getVariableDeclarationOrThrow('handler')
    expect(project.descendantsOfKind(handler, 'AwaitExpression').map((node) => node.getText())).toEqual(["await import('./lib/lazy.js')"])
    expect(project.descendantsOfKind(handler, 'ClassDeclaration')).toEqual([])
  })
})

describe('findHandlerExport', () => {
  const shapes: Record<string, [string, string, number, boolean]> = {
    // file text, export name, line of the export, whether the function itself is found
    'export const': ['const x = 1\nexport const handler = async () => x', 'handler', 2, true],
    'export async function': ['export async function handler(event: unknown) {\n  return event\n}', 'handler', 1, true],
    'export { x as handler }': ['const run = async () => 1\nexport { run as handler }', 'handler', 2, true],
    'exports.handler =': ["'use strict'\nexports.handler = async function () {}", 'handler', 2, true],
    'module.exports.handler =': ['module.exports.handler = async () => 1', 'handler', 1, true],
    'module.exports = { handler }': ['async function handler() {}\nmodule.exports = { handler }', 'handler', 2, true],
    'middy wrapper': ["import middy from '@middy/core'\nconst base = async () => 1\nexport const handler = middy(base).use(a()).use(b())", 'handler', 3, true],
    'middy with inline function': ['export const handler = middy(async (event) => event)', 'handler', 1, true],
    'Powertools class handler': ['class Lambda { async handler() {} }\nconst lambda = new Lambda()\nexport const handler = lambda.handler.bind(lambda)', 'handler', 3, false],
    'esbuild CommonJS bundle': ['var x_exports = {}\n__export(x_exports, { handler: () => handler })\nvar handler = async () => 1', 'handler', 2, true],
    'export default': ['export default async function () {}', 'default', 1, true],
  }
  for (const [shape, [text, exportName, line, hasImplementation]] of Object.entries(shapes)) {
    it(`finds ${shape}`, async () => {
      const root = tempProject({ 'app.ts': text })
      const project = await CodeProject.load([{ file: join(root, 'app.ts') }])
      const found = findHandlerExport(project.sourceFile(join(root, 'app.ts'))!, exportName, project)
      expect(found?.location.line).toBe(line)
      expect(found?.implementation !== undefined).toBe(hasImplementation)
      if (hasImplementation) expect(['ArrowFunction', 'FunctionExpression', 'FunctionDeclaration']).toContain(found!.implementation!.getKindName())
    })
  }

  it('follows re-exports into other project files, and gives up on an export that is not there', async () => {
    const root = tempProject({
      'index.ts': "export { handle as handler } from './impl.js'\nexport * from './more.js'",
      'impl.ts': "import { core } from './core.js'\nexport const handle = core",
      'core.ts': 'export async function core() {}',
      'more.ts': 'export const other = async () => 2',
    })
    const project = await CodeProject.load([{ file: join(root, 'index.ts') }])
    const index = project.sourceFile(join(root, 'index.ts'))!
    expect(findHandlerExport(index, 'handler', project)?.implementation?.getKindName()).toBe('FunctionDeclaration')
    expect(findHandlerExport(index, 'other', project)?.location).toMatchObject({ line: 1 })
    expect(findHandlerExport(index, 'missing', project)).toBeUndefined()
  })
})
