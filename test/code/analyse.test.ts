import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

import { analyseCode } from '../../src/code/analyse.js'
import type { CodeAnalysis } from '../../src/code/types.js'
import { buildGraph } from '../../src/graph/build.js'
import { loadTemplate } from '../../src/template/load.js'

const FIXTURES = resolve('test/fixtures/code')

async function analyse(templatePath: string, only?: string[]): Promise<CodeAnalysis> {
  const template = await loadTemplate(join(FIXTURES, templatePath))
  return analyseCode([template], buildGraph([template]), only ? { only } : {})
}

/** Runs analyseCode in a fresh Node.js process and says whether ts-morph was loaded there. */
function loadsTsMorph(templatePath: string): { loaded: boolean; handlers: number } {
  const script = join(mkdtempSync(join(tmpdir(), 'lambdawise-lazy-')), 'child.mjs')
  writeFileSync(script, [
    "import { createRequire } from 'node:module'",
    `const { analyseCode } = await import(${JSON.stringify(resolve('src/code/analyse.ts'))})`,
    `const { buildGraph } = await import(${JSON.stringify(resolve('src/graph/build.ts'))})`,
    `const { loadTemplate } = await import(${JSON.stringify(resolve('src/template/load.ts'))})`,
    'const template = await loadTemplate(process.argv[2])',
    'const analysis = await analyseCode([template], buildGraph([template]))',
    // ts-morph is CommonJS: once loaded, it is in the require cache whoever imported it.
    "const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) => /[\\\\/]node_modules[\\\\/]@?ts-morph[\\\\/]/.test(path))",
    'console.log(JSON.stringify({ loaded, handlers: analysis.handlers.size }))',
  ].join('\n'))
  const output = execFileSync(process.execPath, ['--import', 'tsx', script, join(FIXTURES, templatePath)], { encoding: 'utf8' })
  return JSON.parse(output.trim().split('\n').at(-1)!) as { loaded: boolean; handlers: number }
}

describe('analyseCode', () => {
  it('does not load ts-morph when no function has a handler file to read', async () => {
    const analysis = await analyse('core-no-code/template.yaml')
    expect(analysis.handlers.size).toBe(0)
    expect(analysis.references.map((reference) => reference.missing?.kind)).toEqual(['no-code', 'no-code', 'not-node'])
    expect(analysis.stats.files).toBe(0)
    expect(loadsTsMorph('core-no-code/template.yaml')).toEqual({ loaded: false, handlers: 0 })
  })

  it('loads ts-morph when there is code (the check above can see it)', () => {
    expect(loadsTsMorph('core-sam/template.yaml')).toMatchObject({ loaded: true })
  })

  it('analyses every function with code: its files, the handler export, no parse errors', async () => {
    const analysis = await analyse('core-sam/template.yaml')
    expect([...analysis.handlers.keys()].sort()).toEqual([
      'CodeUriFunction', 'EsbuildFirstEntryFunction', 'EsbuildFunction', 'IndexDirectoryFunction', 'InlineFunction', 'JavaScriptFunction',
    ])
    const esbuild = analysis.handlers.get('EsbuildFunction')!
    expect(esbuild.files).toEqual([join(FIXTURES, 'core-sam/src/handlers/create-item.ts'), join(FIXTURES, 'core-sam/src/lib/store.ts')])
    expect(esbuild.handlerLocation).toEqual({ file: 'test/fixtures/code/core-sam/src/handlers/create-item.ts', line: 6, column: 14 })
    expect(esbuild.parseErrors).toEqual([])
    expect(analysis.handlers.get('InlineFunction')!.handlerLocation?.line).toBe(1)
    expect(analysis.handlers.get('IndexDirectoryFunction')!.files).toHaveLength(2)
    // Functions without code keep their reference, with the reason.
    expect(analysis.references.find((reference) => reference.functionId === 'MissingModuleFunction')?.missing?.kind).toBe('no-module')
    expect(analysis.stats.files).toBe(8)
  })

  it('reports a handler that does not parse as parse errors, and still analyses the others', async () => {
    const analysis = await analyse('core-imports/template.yaml')
    const broken = analysis.handlers.get('BrokenFunction')!
    expect(broken.parseErrors.length).toBeGreaterThan(0)
    expect(broken.parseErrors[0]!.location.file).toBe('test/fixtures/code/core-imports/src/broken.ts')
    expect(analysis.handlers.get('ImportsFunction')!.parseErrors).toEqual([])
    expect(analysis.handlers.get('SecondFunction')!.files.map((file) => file.slice(FIXTURES.length + 1))).toEqual([
      'core-imports/src/second.ts', 'core-imports/src/lib/b.ts', 'core-imports/src/lib/a.ts',
    ])
  })

  it('reads inline code of a template named by a relative path', async () => {
    const template = await loadTemplate('test/fixtures/code/core-cfn/template.yaml')
    const analysis = await analyseCode([template], buildGraph([template]))
    expect(analysis.handlers.get('InlineFunction')).toMatchObject({
      files: [join(FIXTURES, 'core-cfn/template.yaml.InlineFunction.inline.js')],
      handlerLocation: { file: 'test/fixtures/code/core-cfn/template.yaml.InlineFunction.inline.js', line: 2, column: 1 },
      parseErrors: [],
    })
  })

  it('analyses only the functions asked for', async () => {
    const analysis = await analyse('core-sam/template.yaml', ['CodeUriFunction'])
    expect([...analysis.handlers.keys()]).toEqual(['CodeUriFunction'])
    expect(analysis.references).toHaveLength(1)
  })

  it('collects code suppressions from every file read', async () => {
    const analysis = await analyse('core-sam/template.yaml')
    expect(analysis.suppressions).toContainEqual(expect.objectContaining({ rule: 'code-sync-invoke', line: 6 }))
  })

  it('analyses a CDK bundle and a Serverless Framework service', async () => {
    const cdk = await analyse('core-cdk/cdk.out/OrdersStack.template.json')
    expect(cdk.handlers.get('OrderHandler1A2B3C4D')?.handlerLocation?.line).toBe(7)
    expect(cdk.handlers.get('PlainAssetHandlerEE11')?.handlerLocation?.line).toBe(1)
    const serverless = await analyse('core-serverless/.serverless/cloudformation-template-update-stack.json')
    expect(serverless.handlers.get('CreateOrderLambdaFunction')?.handlerLocation?.line).toBe(1)
  })
})
