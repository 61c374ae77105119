import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The built CLI (`node bin/run.js`) on every bad input: exit code 2, exactly one line on stderr,
// `error: file:line:col: message — hint`, and never a stack trace. `npm test` builds first;
// this file only checks that it did.

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const BAD = 'test/fixtures/bad'
/** Generous: the CLI starts in ~0.2 s; anything near this is a hang. */
const PROCESS_TIMEOUT = 20_000

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  milliseconds: number
}

function lambdawise(args: string[], options: { cwd?: string; input?: string; timeout?: number } = {}): Run {
  const started = performance.now()
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? PROCESS_TIMEOUT,
    // stdin is a pipe, not a TTY: nothing may prompt.
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', DEBUG: '' },
  })
  return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '', milliseconds: performance.now() - started }
}

function describeRun(run: Run): string {
  return `exit ${run.code}${run.signal ? ` (killed by ${run.signal} after ${run.milliseconds.toFixed(0)} ms)` : ''}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout.slice(0, 2_000)}`
}

/** Exit 2, nothing on stdout, one `error: ` line on stderr that starts with `where`, no stack trace. */
function expectUserError(run: Run, where: string | RegExp, message: RegExp): void {
  const context = describeRun(run)
  expect(run.signal, context).toBeNull()
  expect(run.code, context).toBe(2)
  expect(run.stdout, context).toBe('')
  expect(run.stderr, context).not.toMatch(/^\s+at /m)
  expect(run.stderr, context).toMatch(/\n$/)
  const lines = run.stderr.slice(0, -1).split('\n')
  expect(lines, context).toHaveLength(1)
  const [line] = lines as [string]
  expect(line.startsWith('error: '), context).toBe(true)
  const rest = line.slice('error: '.length)
  if (typeof where === 'string') expect(rest.startsWith(`${where}: `), context).toBe(true)
  else expect(rest, context).toMatch(where)
  expect(rest, context).toMatch(message)
}

let scratch: string
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/commands/graph.js')) || !existsSync(join(ROOT, 'oclif.manifest.json'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)')
  }
  scratch = mkdtempSync(join(tmpdir(), 'lambdawise-e2e-bad-'))
})
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('lambdawise graph on bad input: exit 2, one line, no stack trace', () => {
  // [fixture, where (file:line:col, or a pattern when the column is the parser's to choose), what the message says]
  const CASES: Array<[string, string | RegExp, RegExp]> = [
    ['bad-indent.yaml', new RegExp(`^${BAD}/bad-indent\\.yaml:6:\\d+: `), /invalid YAML: .*same column/],
    ['missing-comma.json', `${BAD}/missing-comma.json:7:5`, /invalid JSON: Expected ',' or '}' after property value/],
    ['does-not-exist.yaml', `${BAD}/does-not-exist.yaml`, /no such file or directory/],
    ['no-resources.yaml', `${BAD}/no-resources.yaml:1:1`, /template has no Resources/],
    ['empty-resources.yaml', `${BAD}/empty-resources.yaml:3:1`, /template has no Resources/],
    ['no-type.yaml', `${BAD}/no-type.yaml:5:3`, /resource OrdersTopic has no Type/],
    ['unknown-intrinsic.json', `${BAD}/unknown-intrinsic.json:6:24`, /unknown intrinsic function Fn::Foo/],
    ['unknown-intrinsic.yaml', `${BAD}/unknown-intrinsic.yaml:6:9`, /unknown intrinsic function Fn::Foo/],
    ['unknown-tag.yaml', `${BAD}/unknown-tag.yaml:5:18`, /unknown tag !Foo/],
    ['alias-bomb.yaml', new RegExp(`^${BAD}/alias-bomb\\.yaml:5:\\d+: `), /YAML aliases expand to more than/],
    ['alias-bomb-10.yaml', new RegExp(`^${BAD}/alias-bomb-10\\.yaml:5:\\d+: `), /YAML aliases expand to more than/],
    ['no-template', `${BAD}/no-template`, /no templates found/],
    ['binary.yaml', `${BAD}/binary.yaml:3:1`, /binary data, not a template/],
    ['latin1.yaml', `${BAD}/latin1.yaml:2:17`, /not UTF-8 text/],
    ['duplicate-key.yaml', `${BAD}/duplicate-key.yaml:6:3`, /duplicate key "OrdersQueue"/],
    ['duplicate-key.json', `${BAD}/duplicate-key.json:5:46`, /duplicate key "QueueName"/],
    ['top-level-list.yaml', `${BAD}/top-level-list.yaml:1:1`, /not a CloudFormation template/],
    ['deep-nesting-unclosed.json', new RegExp(`^${BAD}/deep-nesting-unclosed\\.json:1:\\d+: `), /invalid JSON: Unexpected end of JSON input/],
    ['deep-nesting.json', new RegExp(`^${BAD}/deep-nesting\\.json(:\\d+:\\d+)?: `), /nested more than 200 levels deep/],
    ['deep-nesting.yaml', new RegExp(`^${BAD}/deep-nesting\\.yaml(:\\d+:\\d+)?: `), /nested more than 200 levels deep/],
    ['deep-nesting-block.yaml', new RegExp(`^${BAD}/deep-nesting-block\\.yaml(:\\d+:\\d+)?: `), /nested more than 200 levels deep/],
    ['broken-definition-uri', new RegExp(`^${BAD}/broken-definition-uri/statemachine/order\\.asl\\.json:4:\\d+: `), /invalid JSON/],
    ['newline-in-id.json', new RegExp(`^${BAD}/newline-in-id\\.json:3:\\d+: `), /has no Type/],
  ]

  it.each(CASES)('%s', (name, where, message) => {
    const run = lambdawise(['graph', `${BAD}/${name}`])
    expectUserError(run, where, message)
    expect(run.milliseconds, describeRun(run)).toBeLessThan(5_000)
  })

  it('a 50 MB file is refused by its size', () => {
    const file = join(scratch, 'huge.yaml')
    const descriptor = openSync(file, 'w')
    writeSync(descriptor, 'Resources:\n')
    ftruncateSync(descriptor, 50 * 1024 * 1024)
    closeSync(descriptor)
    const run = lambdawise(['graph', file])
    expectUserError(run, file, /file is 50\.0 MB; lambdawise reads templates up to 10 MB/)
  })

  it('a DefinitionUri naming a missing file is a warning: exit 0, one located warning line, the graph on stdout', () => {
    const run = lambdawise(['graph', `${BAD}/missing-definition-uri`, '--format', 'json'])
    expect(run.code, describeRun(run)).toBe(0)
    expect(run.stderr).toBe(
      `warning: ${BAD}/missing-definition-uri/template.yaml:7:7: OrderWorkflow: DefinitionUri names statemachine/missing.asl.json, which does not exist; its edges are left out — expected at ${BAD}/missing-definition-uri/statemachine/missing.asl.json\n`,
    )
    expect(JSON.parse(run.stdout).nodes.map((node: { id: string }) => node.id)).toEqual(expect.arrayContaining(['OrderWorkflow', 'ProcessOrder']))
  })
})

describe('lambdawise graph on input that once crashed or hung it: never exit 3, never a hang', () => {
  function expectHandled(run: Run): void {
    const context = describeRun(run)
    expect(run.signal, context).toBeNull()
    expect([0, 2], context).toContain(run.code)
    expect(run.stderr, context).not.toMatch(/internal error|^\s+at /m)
  }

  it.each(['object-prototype-type.yaml', 'object-prototype-event.yaml'])('%s (names of Object.prototype members)', (name) => {
    expectHandled(lambdawise(['graph', `${BAD}/${name}`]))
  })

  it('a resource Type that is a map with a "toString" key', () => {
    const file = join(scratch, 'type-to-string.json')
    writeFileSync(file, '{"Resources": {"Queue": {"Type": {"toString": 0}}}}\n')
    expectHandled(lambdawise(['graph', file]))
  })

  it('an IAM action with 30 wildcards (regex backtracking) finishes within the timeout', () => {
    const run = lambdawise(['graph', `${BAD}/iam-action-wildcards.yaml`], { timeout: 10_000 })
    expectHandled(run)
  })

  it('a chain of 5,000 conditions, each !Condition the next', () => {
    const lines = ['Conditions:']
    for (let index = 0; index < 5_000; index++) lines.push(`  C${index}: !Condition C${index + 1}`)
    lines.push('  C5000: !Equals [a, a]', 'Resources:', '  Queue:', '    Type: AWS::SQS::Queue', '    Condition: C0')
    const file = join(scratch, 'condition-chain.yaml')
    writeFileSync(file, lines.join('\n') + '\n')
    expectHandled(lambdawise(['graph', file]))
  })
})

describe('lambdawise invocation errors', () => {
  it('an unknown flag exits 2 without a stack trace', () => {
    const run = lambdawise(['graph', 'examples/order-processing', '--nope'])
    expect(run.code, describeRun(run)).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/Nonexistent flag: --nope/)
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })

  it('a malformed --parameter exits 2 naming the entry', () => {
    const run = lambdawise(['graph', 'examples/order-processing', '--parameter', 'Stage'])
    expect(run.code, describeRun(run)).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/--parameter expects KEY=VALUE, got "Stage"/)
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })

  it('--parameter naming a parameter no template declares exits 2 with one error line listing the declared ones', () => {
    const run = lambdawise(['graph', 'examples/order-processing', '--parameter', 'Unknown=1'])
    expect(run.code, describeRun(run)).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^error: --parameter Unknown: no template declares a parameter named Unknown — declared: Stage, /)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('--parameter before the path does not swallow the path (`graph -p Stage=prod <path>`)', () => {
    const run = lambdawise(['graph', '-p', 'Stage=prod', 'examples/order-processing', '--format', 'json'])
    expect(run.code, describeRun(run)).toBe(0)
    expect(run.stderr).toBe('')
  })

  // Our command_not_found hook (src/hooks/command-not-found.ts) replaces @oclif/plugin-not-found,
  // which prompted Y/n in a terminal and exited 127 without a suggestion elsewhere.
  it('an unknown command: one line, a suggestion, exit 2, no prompt and no stack trace', () => {
    const run = lambdawise(['grph'])
    expect(run.signal, describeRun(run)).toBeNull()
    expect(run.code, describeRun(run)).toBe(2)
    expect(run.stderr).toBe('error: "grph" is not a lambdawise command — did you mean "graph"? Run lambdawise --help for the list.\n')
    expect(run.stdout).toBe('')
  })

  it('an unknown command with nothing close: no suggestion, still exit 2', () => {
    const run = lambdawise(['deploy'])
    expect(run.code, describeRun(run)).toBe(2)
    expect(run.stderr).toBe('error: "deploy" is not a lambdawise command. Run lambdawise --help for the list.\n')
  })

  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0
  it.skipIf(!hasScript)('an unknown command in a terminal behaves the same: no prompt', () => {
    // `script` runs the CLI on a pseudo-terminal, where the old plugin would have prompted.
    const result = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} grph`, '/dev/null'], {
      cwd: ROOT, input: '', encoding: 'utf8', timeout: PROCESS_TIMEOUT, env: { ...process.env, NO_COLOR: '1' },
    })
    expect(result.signal).toBeNull()
    expect(result.stdout).toMatch(/did you mean "graph"\?/)
    expect(result.status).toBe(2)
  })
})
