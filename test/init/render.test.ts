import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { buildContext } from '../../src/init/context.js'
import { generateProject } from '../../src/init/index.js'
import { loadBase, loadPattern } from '../../src/init/patterns.js'
import { renderProject } from '../../src/init/render.js'
import type { Base, Pattern, SourceFile } from '../../src/init/types.js'

const TEMPLATES = resolve(import.meta.dirname, '../fixtures/init/templates')

function file(path: string, text: string): SourceFile {
  return { path, content: Buffer.from(text), executable: false }
}

const TEMPLATE = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: { Handler: a.b, Runtime: {{runtime}} }\n'

function inMemory(files: SourceFile[], baseFiles: SourceFile[] = []): { base: Base; pattern: Pattern } {
  const base: Base = { dir: 'templates/_base', files: baseFiles, versions: { typescript: '5.9.3', vitest: '4.1.12', '@types/node': '22.20.5', '@types/node@24': '24.19.4', '@types/aws-lambda': '8.10.164', 'aws-sdk-client-mock': '4.1.0', esbuild: '0.28.2' } }
  const pattern: Pattern = { manifest: { id: 'mem', title: 'M', summary: 'S', dependencies: [], devDependencies: [] }, dir: 'templates/mem', origin: 'bundled', files }
  return { base, pattern }
}

function render(files: SourceFile[], baseFiles: SourceFile[] = []) {
  const { base, pattern } = inMemory(files, baseFiles)
  return renderProject(base, pattern, buildContext(pattern, base, { name: 'demo-app', runtime: 'nodejs24.x', arch: 'x86_64', lambdawiseVersion: '9.9.9' }))
}

function renderError(files: SourceFile[]): string {
  try {
    render(files)
  } catch (error) {
    if (error instanceof UserError) return error.format()
    throw error
  }
  throw new Error('expected a UserError')
}

describe('rendering a pattern in memory', () => {
  it('renders the fixture pattern over the base', async () => {
    const { files } = await generateProject({ pattern: 'tiny', name: 'order-api', runtime: 'nodejs22.x', arch: 'arm64', templatesDir: TEMPLATES })
    const text = (path: string) => files.find((candidate) => candidate.path === path)?.content.toString('utf8')
    expect(files.map((candidate) => candidate.path)).toEqual(['.config/settings.json', '.gitignore', 'README.md', 'package.json', 'src/handler.ts', 'template.yaml'])
    // The pattern's README.md.hbs replaced the base's README.md.
    expect(text('README.md')).toContain('# order-api\n\nNode 22 on arm64. Literal {{braces}} stay.')
    expect(text('README.md')).toMatch(/```mermaid\nflowchart LR\n[\s\S]*OrderApiQueue[\s\S]*WorkerFunction[\s\S]*\n```\n$/)
    expect(text('template.yaml')).toContain("Value: !Sub '${OrderApiQueue}'")
    // Not .hbs: copied byte for byte, braces and all.
    expect(text('src/handler.ts')).toContain('{{not rendered: no .hbs suffix}}')
    expect(text('.config/settings.json')).toBe('{ "name": "order-api" }\n')
    const manifest = JSON.parse(text('package.json') ?? '') as { description: string; dependencies: Record<string, string>; devDependencies: Record<string, string> }
    // `json` helper: the summary's arrow and the title's quotes survive into valid JSON.
    expect(manifest.description).toBe('A queue → a function, for the engine\'s tests')
    expect(manifest.dependencies).toEqual({ '@aws-sdk/client-sqs': '3.1175.0' })
    expect(Object.keys(manifest.devDependencies)).toEqual(['@types/aws-lambda', '@types/node', 'aws-sdk-client-mock', 'esbuild', 'lambdawise', 'typescript', 'vitest'])
  })

  it('pins the running lambdawise, @types/node for the runtime, and sorts dependencies by name', () => {
    const files = render([file('template.yaml.hbs', TEMPLATE), file('deps.txt.hbs', '{{#each devDependencies}}{{name}}@{{version}} {{/each}}')])
    expect(files.find((candidate) => candidate.path === 'deps.txt')?.content.toString()).toBe('@types/aws-lambda@8.10.164 @types/node@24.19.4 aws-sdk-client-mock@4.1.0 esbuild@0.28.2 lambdawise@9.9.9 typescript@5.9.3 vitest@4.1.12 ')
  })

  it('is deterministic', () => {
    const files = [file('template.yaml.hbs', TEMPLATE), file('README.md.hbs', '{{{diagram}}}')]
    expect(render(files)).toEqual(render(files))
  })

  it('makes a missing variable an error located on the template, not an empty string', () => {
    expect(renderError([file('template.yaml.hbs', TEMPLATE), file('README.md.hbs', '# {{name}}\n\nBy {{author}}.\n')])).toBe(
      'templates/mem/README.md.hbs:3:6: "author" is not defined — known: name, pascalName, runtime, nodeMajor, arch, pattern.id, pattern.title, pattern.summary, dependencies, devDependencies, budget, diagram',
    )
    expect(renderError([file('template.yaml.hbs', TEMPLATE), file('x.md.hbs', '{{pattern.owner}}')])).toContain('templates/mem/x.md.hbs:1:3: "owner" is not defined')
  })

  it('refuses the diagram inside template.yaml itself (it does not exist yet)', () => {
    expect(renderError([file('template.yaml.hbs', `# {{diagram}}\n${TEMPLATE}`)])).toContain('templates/mem/template.yaml.hbs:1:5: "diagram" is not defined')
  })

  it('reports a Handlebars syntax error with its line', () => {
    expect(renderError([file('template.yaml.hbs', TEMPLATE), file('a.md.hbs', 'x\n{{#each dependencies}}\n')])).toMatch(/^templates\/mem\/a\.md\.hbs:\d+: Handlebars syntax error/)
  })

  it('reports a rendered template.yaml that is not a template', () => {
    expect(renderError([file('template.yaml.hbs', 'Resources: {}\n')])).toContain('pattern mem renders an invalid template.yaml: template.yaml:1:1: template has no Resources')
  })

  it('needs a template.yaml', () => {
    expect(renderError([file('README.md', 'x')])).toContain('pattern mem has no template.yaml')
  })

  it('refuses two files of one layer that generate the same path', () => {
    expect(renderError([file('template.yaml.hbs', TEMPLATE), file('template.yaml', TEMPLATE)])).toContain('both generate template.yaml')
  })

  it('draws state machine edges from a rendered definition file', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Step:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.b, Runtime: nodejs22.x }
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/flow.asl.json
      DefinitionSubstitutions: { StepArn: !GetAtt Step.Arn }
      Policies: [{ LambdaInvokePolicy: { FunctionName: !Ref Step } }]
`
    const asl = '{ "StartAt": "S", "States": { "S": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "${StepArn}" }, "End": true } } }'
    const files = render([file('template.yaml.hbs', template), file('statemachine/flow.asl.json', asl), file('README.md.hbs', '{{{diagram}}}')])
    expect(files.find((candidate) => candidate.path === 'README.md')?.content.toString()).toMatch(/Flow -->.* Step/)
  })

  it('reads the fixture base and pattern', async () => {
    const base = await loadBase(TEMPLATES)
    expect(base.files.map((candidate) => candidate.path)).toEqual(['README.md', '_gitignore', 'package.json.hbs'])
    expect(base.versions.typescript).toBe('5.9.3')
    const pattern = await loadPattern('tiny', { templatesDir: TEMPLATES })
    expect(pattern.files.map((candidate) => candidate.path)).not.toContain('pattern.json')
    expect(join(pattern.dir)).toBe(join(TEMPLATES, 'tiny'))
  })
})
