import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { buildGraph, discoverTemplates, loadTemplate, parseTemplateText, Template, UserError } from '../../src/index.js'
import { readTextFile } from '../../src/template/load.js'

// Every bad input the reader can meet, one at a time: each must be a UserError (never another
// exception) naming the problem, at the right file, line and column where there is one.
// The CLI turns these into `error: file:line:col: message — hint` and exit code 2 (test/e2e/errors.test.ts).

/** Files handed to fs.readFile: the 50 MB check proves the file is refused before it is read. */
const readFileCalls = vi.hoisted(() => [] as string[])
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const readFile = ((...args: Parameters<typeof actual.readFile>) => {
    readFileCalls.push(String(args[0]))
    return actual.readFile(...args)
  }) as typeof actual.readFile
  return { ...actual, default: { ...actual, readFile }, readFile }
})

const BAD = 'test/fixtures/bad'
const scratch = mkdtempSync(join(tmpdir(), 'lambdawise-bad-'))

afterAll(() => {
  // The temp dir holds a sparse 50 MB file: leave nothing behind.
  rmSync(scratch, { recursive: true, force: true })
})

beforeEach(() => {
  readFileCalls.length = 0
})

/** Reads a template file as the CLI does (guard rails, parse, resolve) and builds its graph. */
async function readAndGraph(path: string): Promise<void> {
  buildGraph([await loadTemplate(path)])
}

/** The UserError `action` fails with; any other outcome fails the test with what happened instead. */
async function userErrorOf(action: () => unknown): Promise<UserError> {
  let outcome: unknown
  try {
    await action()
    outcome = 'no error at all'
  } catch (error) {
    if (error instanceof UserError) return error
    outcome = error
  }
  throw new Error(`expected a UserError, got ${outcome instanceof Error ? outcome.stack : String(outcome)}`)
}

function fromText(file: string, text: string): () => void {
  return () => {
    buildGraph([new Template(parseTemplateText(file, text))])
  }
}

describe('syntax errors', () => {
  it('malformed YAML: a key indented less than its siblings, located on its line', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/bad-indent.yaml`))
    expect(error.message).toMatch(/^invalid YAML: .*same column/)
    // Line 6 is `   Properties:`, one column left of `Type:` above it.
    expect(error.location).toMatchObject({ file: `${BAD}/bad-indent.yaml`, line: 6 })
    expect(error.location!.column).toBeGreaterThanOrEqual(1)
    expect(error.location!.column).toBeLessThanOrEqual(4)
  })

  it.each([
    ['a mapping inside a compact mapping', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue: extra\n', 3, 11, /Nested mappings are not allowed/],
    ['a tab used as indentation', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n\tProperties: {}\n', 4, 1, /Tabs are not allowed as indentation/],
    ['an unclosed flow sequence', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: [a, b\n  Topic:\n    Type: AWS::SNS::Topic\n', 5, 3, /Flow sequence .* end with a \]/],
  ])('malformed YAML in text (%s): located where the parser found it', async (_name, text, line, column, message) => {
    const error = await userErrorOf(fromText('t.yaml', text))
    expect(error.message).toMatch(/^invalid YAML: /)
    expect(error.message).toMatch(message)
    expect(error.location).toEqual({ file: 't.yaml', line, column })
  })

  it('malformed JSON: a missing comma, at the line and column of the next key', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/missing-comma.json`))
    expect(error.message).toMatch(/^invalid JSON: Expected ',' or '}' after property value/)
    expect(error.location).toEqual({ file: `${BAD}/missing-comma.json`, line: 7, column: 5 })
  })

  it('truncated JSON: located at the end of the input, where the rest is missing', async () => {
    // V8 gives no position for "Unexpected end of JSON input"; the end of the text is where it is.
    const text = '{\n  "Resources": {\n    "Queue": {\n      "Type": '
    const error = await userErrorOf(fromText('t.json', text))
    expect(error.message).toMatch(/^invalid JSON: Unexpected end of JSON input/)
    expect(error.location).toEqual({ file: 't.json', line: 4, column: 15 })
  })

  it('a top level that is not a map is not a template', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/top-level-list.yaml`))
    expect(error.message).toMatch(/not a CloudFormation template/)
    expect(error.location).toEqual({ file: `${BAD}/top-level-list.yaml`, line: 1, column: 1 })
  })

  it('an empty file is not a template', async () => {
    const error = await userErrorOf(fromText('empty.yaml', ''))
    expect(error.message).toMatch(/not a CloudFormation template/)
    expect(error.location?.file).toBe('empty.yaml')
  })
})

describe('files', () => {
  it('a missing file', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/does-not-exist.yaml`))
    expect(error.message).toBe('no such file or directory')
    expect(error.location).toEqual({ file: `${BAD}/does-not-exist.yaml` })
    expect(error.format()).toBe(`${BAD}/does-not-exist.yaml: no such file or directory — check the path`)
  })

  it('a missing path given to discovery', async () => {
    const error = await userErrorOf(() => discoverTemplates(`${BAD}/does-not-exist`))
    expect(error.message).toBe('no such file or directory')
    expect(error.location?.file).toBe(`${BAD}/does-not-exist`)
  })

  it('a directory with no template in it (a YAML file not named like a template does not count)', async () => {
    const error = await userErrorOf(() => discoverTemplates(`${BAD}/no-template`))
    expect(error.message).toMatch(/^no templates found \(looked for template\.yaml/)
    expect(error.location).toEqual({ file: `${BAD}/no-template` })
  })

  it('an empty directory', async () => {
    const empty = join(scratch, 'empty-project')
    mkdirSync(empty)
    const error = await userErrorOf(() => discoverTemplates(empty))
    expect(error.message).toMatch(/^no templates found/)
    expect(error.location?.file).toBe(empty)
  })

  it('a directory given where a template file is expected', async () => {
    const error = await userErrorOf(() => loadTemplate(`${BAD}/no-template`))
    expect(error.message).toMatch(/is a directory/)
    expect(error.location?.file).toBe(`${BAD}/no-template`)
  })

  it('a 50 MB file is refused by its size, without being read', async () => {
    const file = join(scratch, 'huge.yaml')
    // Sparse: 50 MB by size, a few bytes on disk. Were it read, its NUL bytes would say "binary" instead.
    const descriptor = openSync(file, 'w')
    writeSync(descriptor, 'Resources:\n')
    ftruncateSync(descriptor, 50 * 1024 * 1024)
    closeSync(descriptor)
    // The spy sees reads: a normal template is read through it.
    await readTextFile(`${BAD}/no-type.yaml`)
    expect(readFileCalls).toContain(`${BAD}/no-type.yaml`)
    const started = performance.now()
    const error = await userErrorOf(() => readTextFile(file))
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(error.message).toMatch(/^file is 50\.0 MB; lambdawise reads templates up to 10 MB/)
    expect(error.location).toEqual({ file })
    expect(readFileCalls).not.toContain(file)
    // The same through loadTemplate.
    const viaLoad = await userErrorOf(() => loadTemplate(file))
    expect(viaLoad.message).toMatch(/^file is 50\.0 MB/)
    expect(readFileCalls).not.toContain(file)
  })

  it('text over the limit handed to parseTemplateText directly is refused too', async () => {
    const error = await userErrorOf(fromText('big.yaml', `Resources: {}\n${'#'.repeat(11 * 1024 * 1024)}\n`))
    expect(error.message).toMatch(/^template is 11\.0 MB/)
    expect(error.location).toEqual({ file: 'big.yaml' })
  })

  it('binary input (a PNG header): located at its first NUL byte', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/binary.yaml`))
    expect(error.message).toMatch(/^binary data, not a template/)
    // \x89PNG\r\n \x1a\n then NUL: the NUL starts line 3.
    expect(error.location).toEqual({ file: `${BAD}/binary.yaml`, line: 3, column: 1 })
  })

  it('non-UTF-8 bytes (a latin1 é): located at the byte itself', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/latin1.yaml`))
    expect(error.message).toBe('not UTF-8 text')
    // `Description: Caf\xe9 orders`: the é is the 17th character of line 2.
    expect(error.location).toEqual({ file: `${BAD}/latin1.yaml`, line: 2, column: 17 })
  })

  it('a DefinitionUri naming a missing file: a warning located at DefinitionUri, the rest still read', async () => {
    // The reader went from "error" to "warning" for this (commit abeb178): sam build would fail, but the
    // rest of the graph is still worth showing.
    const file = `${BAD}/missing-definition-uri/template.yaml`
    const template = await loadTemplate(file)
    expect(template.resources.has('OrderWorkflow')).toBe(true)
    expect(template.warnings).toHaveLength(1)
    const [warning] = template.warnings
    expect(warning).toBeInstanceOf(UserError)
    expect(warning!.message).toMatch(/DefinitionUri names statemachine\/missing\.asl\.json, which does not exist/)
    expect(warning!.location).toEqual({ file, line: 7, column: 7 })
    expect(() => buildGraph([template])).not.toThrow()
  })

  it('a DefinitionUri naming a file that is not valid JSON: an error located in that file', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/broken-definition-uri/template.yaml`))
    expect(error.message).toMatch(/^invalid JSON: /)
    expect(error.location).toMatchObject({ file: `${BAD}/broken-definition-uri/statemachine/order.asl.json`, line: 4 })
  })
})

describe('template structure', () => {
  it('a template with no Resources', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/no-resources.yaml`))
    expect(error.message).toBe('template has no Resources')
    expect(error.location).toEqual({ file: `${BAD}/no-resources.yaml`, line: 1, column: 1 })
  })

  it('an empty Resources map, located at Resources', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/empty-resources.yaml`))
    expect(error.message).toBe('template has no Resources')
    expect(error.location).toEqual({ file: `${BAD}/empty-resources.yaml`, line: 3, column: 1 })
  })

  it('a resource without Type, located at its logical id', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/no-type.yaml`))
    expect(error.message).toBe('resource OrdersTopic has no Type')
    expect(error.location).toEqual({ file: `${BAD}/no-type.yaml`, line: 5, column: 3 })
  })

  it('a resource whose Type is not a string', async () => {
    const error = await userErrorOf(fromText('t.yaml', 'Resources:\n  Queue:\n    Type: [AWS::SQS::Queue]\n'))
    expect(error.message).toBe('resource Queue has no Type')
    expect(error.location).toEqual({ file: 't.yaml', line: 2, column: 3 })
  })

  it('an unknown intrinsic in JSON, located at Fn::Foo', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/unknown-intrinsic.json`))
    expect(error.message).toBe('unknown intrinsic function Fn::Foo')
    expect(error.location).toEqual({ file: `${BAD}/unknown-intrinsic.json`, line: 6, column: 24 })
  })

  it('an unknown intrinsic in YAML, located at Fn::Foo', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/unknown-intrinsic.yaml`))
    expect(error.message).toBe('unknown intrinsic function Fn::Foo')
    expect(error.location).toEqual({ file: `${BAD}/unknown-intrinsic.yaml`, line: 6, column: 9 })
  })

  it('an unknown short-form tag !Foo, located at the tag', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/unknown-tag.yaml`))
    expect(error.message).toBe('unknown tag !Foo')
    expect(error.location).toEqual({ file: `${BAD}/unknown-tag.yaml`, line: 5, column: 18 })
  })

  it('duplicate keys in YAML, located at the second key', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/duplicate-key.yaml`))
    expect(error.message).toBe('duplicate key "OrdersQueue" (first at line 2)')
    expect(error.location).toEqual({ file: `${BAD}/duplicate-key.yaml`, line: 6, column: 3 })
  })

  it('duplicate keys in JSON, located at the second key', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/duplicate-key.json`))
    expect(error.message).toBe('duplicate key "QueueName" (first at line 5)')
    expect(error.location).toEqual({ file: `${BAD}/duplicate-key.json`, line: 5, column: 46 })
  })

  it('a key that is not a scalar', async () => {
    const error = await userErrorOf(fromText('t.yaml', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      ? [a, b]\n      : 1\n'))
    expect(error.message).toBe('map keys must be plain strings')
    expect(error.location).toEqual({ file: 't.yaml', line: 5, column: 9 })
  })

  it('messages stay on one line even when a logical id contains a newline', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/newline-in-id.json`))
    expect(error.location).toMatchObject({ file: `${BAD}/newline-in-id.json`, line: 3 })
    expect(error.format()).not.toMatch(/[\r\n]/)
  })
})

describe('resource exhaustion', () => {
  it.each(['alias-bomb.yaml', 'alias-bomb-10.yaml'])('a YAML alias bomb (%s: 9 levels of 9-10 aliases) fails fast', async (name) => {
    const started = performance.now()
    const error = await userErrorOf(() => readAndGraph(`${BAD}/${name}`))
    // Generous: the point is failing in time linear in the limit, not exponential in the document (a shared CI machine may be slow).
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(error.message).toBe('YAML aliases expand to more than 100000 values')
    expect(error.location).toMatchObject({ file: `${BAD}/${name}`, line: 5 })
  })

  it('10,000 unclosed [ in a JSON file', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/deep-nesting-unclosed.json`))
    expect(error.message).toMatch(/^invalid JSON: Unexpected end of JSON input/)
    expect(error.location).toMatchObject({ file: `${BAD}/deep-nesting-unclosed.json`, line: 1 })
  })

  // Well-formed but 10,000 levels deep: the reader's own limit (200 levels) must say so, not
  // "invalid YAML: Maximum call stack size exceeded" (the yaml library's RESOURCE_EXHAUSTION error).
  it.each([
    ['deep-nesting.json', 'JSON, 10,000 nested [ ... ]'],
    ['deep-nesting.yaml', 'YAML flow, 10,000 nested [ ... ]'],
    ['deep-nesting-block.yaml', 'YAML block, 10,000 nested "- "'],
  ])('%s (%s) is refused as too deeply nested, fast', async (name) => {
    const started = performance.now()
    const error = await userErrorOf(() => readAndGraph(`${BAD}/${name}`))
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(error.location?.file).toBe(`${BAD}/${name}`)
    expect(error.message).toMatch(/nested more than 200 levels deep/)
  })

  it('10,000 unclosed [ in a YAML file: too deep, or a syntax error, but not the parser\'s stack overflow', async () => {
    const error = await userErrorOf(() => readAndGraph(`${BAD}/deep-nesting-unclosed.yaml`))
    expect(error.location?.file).toBe(`${BAD}/deep-nesting-unclosed.yaml`)
    expect(error.message).toMatch(/nested more than 200 levels deep|^invalid YAML: /)
    expect(error.message).not.toMatch(/Maximum call stack size exceeded/)
  })

  it('nesting just over the limit (300 levels) is refused by the reader itself', async () => {
    const error = await userErrorOf(fromText('t.yaml', `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: ${'['.repeat(300)}${']'.repeat(300)}\n`))
    expect(error.message).toMatch(/nested more than 200 levels deep/)
  })

  it('a long chain of conditions (Condition -> Condition -> ...) does not exhaust the stack', async () => {
    const count = 5_000
    const lines = ['Conditions:']
    for (let index = 0; index < count; index++) lines.push(`  C${index}: !Condition C${index + 1}`)
    lines.push(`  C${count}: !Equals [a, a]`, 'Resources:', '  Queue:', '    Type: AWS::SQS::Queue', '    Condition: C0')
    const text = lines.join('\n') + '\n'
    let outcome: unknown = 'read'
    try {
      fromText('chain.yaml', text)()
    } catch (error) {
      outcome = error
    }
    // Reading it or refusing it with a UserError are both fine; a RangeError is not.
    if (outcome !== 'read') expect(outcome, String((outcome as Error).stack)).toBeInstanceOf(UserError)
  })
})
