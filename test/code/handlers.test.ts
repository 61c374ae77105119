import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

import { resolveHandlerReferences, splitHandler } from '../../src/code/handlers.js'
import type { HandlerReference } from '../../src/code/types.js'
import { buildGraph } from '../../src/graph/build.js'
import { loadTemplate } from '../../src/template/load.js'

const FIXTURES = resolve('test/fixtures/code')

async function referencesOf(templatePath: string): Promise<Map<string, HandlerReference>> {
  const template = await loadTemplate(join(FIXTURES, templatePath))
  const references = resolveHandlerReferences([template], buildGraph([template]))
  return new Map(references.map((reference) => [reference.functionId, reference]))
}

describe('splitHandler', () => {
  it('reads the module up to the first dot of the last path segment, as the Node.js runtime does', () => {
    expect(splitHandler('app.handler')).toEqual({ module: 'app', exportName: 'handler' })
    expect(splitHandler('src/handlers/create-item.handler')).toEqual({ module: 'src/handlers/create-item', exportName: 'handler' })
    expect(splitHandler('dist.v2/app.handlers.create')).toEqual({ module: 'dist.v2/app', exportName: 'handlers' })
    expect(splitHandler('index')).toEqual({ module: 'index', exportName: 'handler' })
  })
})

describe('resolveHandlerReferences: SAM', () => {
  it('follows esbuild EntryPoints (the one named like the handler, else the first) relative to CodeUri from Globals', async () => {
    const references = await referencesOf('core-sam/template.yaml')
    expect(references.get('EsbuildFunction')).toMatchObject({
      via: 'Metadata.BuildProperties.EntryPoints',
      exportName: 'handler',
      file: join(FIXTURES, 'core-sam/src/handlers/create-item.ts'),
      templateLocation: { line: 22 },
    })
    expect(references.get('EsbuildFunction')!.missing).toBeUndefined()
    expect(references.get('EsbuildFirstEntryFunction')).toMatchObject({ file: join(FIXTURES, 'core-sam/src/handlers/other.ts') })
  })

  it('joins CodeUri and the Handler path, trying TypeScript and JavaScript extensions and index modules', async () => {
    const references = await referencesOf('core-sam/template.yaml')
    expect(references.get('CodeUriFunction')).toMatchObject({ via: 'CodeUri + Handler', file: join(FIXTURES, 'core-sam/src/handlers/get-item.ts'), templateLocation: { line: 38, column: 7 } })
    expect(references.get('JavaScriptFunction')).toMatchObject({ file: join(FIXTURES, 'core-sam/js/app.mjs'), exportName: 'lambdaHandler' })
    expect(references.get('IndexDirectoryFunction')).toMatchObject({ file: join(FIXTURES, 'core-sam/src/widget/index.ts') })
  })

  it('skips other runtimes and container images silently', async () => {
    const references = await referencesOf('core-sam/template.yaml')
    expect(references.get('PythonFunction')?.missing?.kind).toBe('not-node')
    expect(references.get('ImageFunction')?.missing?.kind).toBe('not-node')
  })

  it('reports code that is not on disk (S3, !Sub, a directory not built yet) as no-code, and a missing module as no-module', async () => {
    const references = await referencesOf('core-sam/template.yaml')
    for (const id of ['S3UriFunction', 'S3ObjectFunction', 'SubUriFunction', 'MissingDirectoryFunction']) {
      expect(references.get(id)?.missing?.kind, id).toBe('no-code')
      expect(references.get(id)?.file, id).toBeUndefined()
    }
    expect(references.get('MissingModuleFunction')?.missing).toMatchObject({ kind: 'no-module', message: expect.stringContaining('handlers/gone') })
    expect(references.get('MissingModuleFunction')?.templateLocation.line).toBe(93)
  })

  it('reads InlineCode as a virtual file', async () => {
    const inline = (await referencesOf('core-sam/template.yaml')).get('InlineFunction')!
    expect(inline).toMatchObject({ via: 'InlineCode', exportName: 'handler', file: join(FIXTURES, 'core-sam/template.yaml.InlineFunction.inline.js') })
    expect(inline.inlineText).toContain('exports.handler = async')
  })

  it('analyses a function without a runtime when its handler is a TypeScript or JavaScript module, and skips it otherwise', async () => {
    const references = await referencesOf('core-no-runtime/template.yaml')
    expect(references.get('TypeScriptFunction')).toMatchObject({ file: join(FIXTURES, 'core-no-runtime/src/index.ts') })
    expect(references.get('TypeScriptFunction')!.missing).toBeUndefined()
    expect(references.get('UnknownFunction')?.missing?.kind).toBe('not-node')
  })
})

describe('resolveHandlerReferences: CloudFormation, CDK, Serverless Framework', () => {
  it('reads Code.ZipFile of Node.js functions, and leaves S3 code, Python and images alone', async () => {
    const references = await referencesOf('core-cfn/template.yaml')
    expect(references.get('InlineFunction')).toMatchObject({ via: 'Code.ZipFile', inlineText: expect.stringContaining('exports.handler'), templateLocation: { line: 11 } })
    expect(references.get('S3Function')?.missing?.kind).toBe('no-code')
    expect(references.get('InlinePythonFunction')?.missing?.kind).toBe('not-node')
    expect(references.get('ImageFunction')?.missing?.kind).toBe('not-node')
  })

  it('follows aws:asset:path into cdk.out: a bundled index.js, a copied directory, and an asset not synthesised', async () => {
    const references = await referencesOf('core-cdk/cdk.out/OrdersStack.template.json')
    expect(references.get('OrderHandler1A2B3C4D')).toMatchObject({ via: 'aws:asset:path', file: join(FIXTURES, 'core-cdk/cdk.out/asset.3f2a9c0e1b/index.js'), templateLocation: { line: 13 } })
    expect(references.get('PlainAssetHandlerEE11')).toMatchObject({ file: join(FIXTURES, 'core-cdk/cdk.out/asset.77aa11/lambda/notify.js'), exportName: 'main' })
    expect(references.get('NotSynthesisedHandlerFF22')?.missing).toMatchObject({ kind: 'no-code', message: expect.stringContaining('asset.deadbeef') })
  })

  it('looks for a Serverless Framework handler beside .serverless/, and treats a packaged-only one as no-code', async () => {
    const references = await referencesOf('core-serverless/.serverless/cloudformation-template-update-stack.json')
    expect(references.get('CreateOrderLambdaFunction')).toMatchObject({ file: join(FIXTURES, 'core-serverless/src/orders.ts'), exportName: 'create' })
    expect(references.get('PackagedOnlyLambdaFunction')?.missing?.kind).toBe('no-code')
  })
})
