import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

import { discoverTemplates } from '../../src/template/discover.js'
import { UserError } from '../../src/errors.js'

function project(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'lambdawise-discover-'))
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true })
    writeFileSync(join(root, file), 'Resources: {}')
  }
  return root
}

describe('discoverTemplates', () => {
  it('finds SAM, CDK synth and Serverless Framework templates, sorted', async () => {
    const root = project([
      'template.yaml', 'services/orders/template.yml', 'cdk.out/OrdersStack.template.json', 'cdk.out/assembly-Prod/ProdStack.template.json',
      'cdk.out/manifest.json', 'cdk.out/asset.1234/template.yaml', '.serverless/cloudformation-template-update-stack.json',
      '.serverless/cloudformation-template-create-stack.json', 'node_modules/pkg/template.yaml', '.aws-sam/build/template.yaml', '.git/template.yaml',
      'src/handler.ts',
    ])
    const found = (await discoverTemplates(root)).map((file) => relative(root, file))
    expect(found).toEqual([
      '.serverless/cloudformation-template-update-stack.json',
      'cdk.out/OrdersStack.template.json',
      'cdk.out/assembly-Prod/ProdStack.template.json',
      'services/orders/template.yml',
      'template.yaml',
    ])
  })

  it('returns a file as it is, whatever its name', async () => {
    const root = project(['infra/stack.cfn.yaml'])
    expect(await discoverTemplates(join(root, 'infra/stack.cfn.yaml'))).toEqual([join(root, 'infra/stack.cfn.yaml')])
  })

  it('says what it looked for when a directory has no template', async () => {
    const root = project(['src/index.ts'])
    const error = await discoverTemplates(root).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toMatch(/no templates found \(looked for template.yaml/)
    expect((error as UserError).location?.file).toBe(root)
  })

  it('rejects a path that does not exist', async () => {
    await expect(discoverTemplates('/nonexistent/lambdawise')).rejects.toThrow(UserError)
  })
})
