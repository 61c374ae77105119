import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { CFN_LINT_CATEGORIES, CFN_LINT_MISSING_NOTICE, cfnLintCategory, escapeGlob, isFindingsExitCode, runCfnLint, usefulLine } from '../../src/lint/cfn-lint.js'

const FIXTURES = 'test/fixtures/cfn-lint'

/** The real cfn-lint: its tests skip without it, except in CI (design §7), where a missing one fails. */
const cfnLintVersion = await execa('cfn-lint', ['--version'], { reject: false, stdin: 'ignore' }).then((result) => (result.exitCode === 0 ? result.stdout.trim() : undefined))
if (!cfnLintVersion) {
  const message = 'cfn-lint not found: the tests that run it are skipped (install it with pip install cfn-lint)'
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this fails`)
  console.warn(message)
}

/** Runs `body` with PATH set to `path` (cfn-lint is looked up on PATH when it is spawned). */
async function withPath<T>(path: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH
  process.env.PATH = path
  try {
    return await body()
  } finally {
    process.env.PATH = saved
  }
}

// cfn-lint takes 1.5-2 s a run on these small files, several times that on a busy machine.
describe.skipIf(!cfnLintVersion)(`the real cfn-lint (${cfnLintVersion ?? 'missing'})`, { timeout: 180_000 }, () => {
  it('reports an invalid property as our finding, located on the user\'s file', async () => {
    const file = `${FIXTURES}/invalid-property.yaml`
    const result = await runCfnLint([file], { mode: 'on' })
    expect(result).toEqual({
      ran: true,
      findings: [
        {
          ruleId: 'cfn-lint:E3002',
          category: 'resilience',
          severity: 'error',
          message: expect.stringContaining('RetentionPeriodDays'),
          file,
          line: 9,
          column: 7,
          resource: 'OrdersQueue',
          path: 'RetentionPeriodDays',
          source: 'cfn-lint',
          equivalents: [],
        },
      ],
    })
  })

  it('finds nothing in a clean SAM template', async () => {
    expect(await runCfnLint([`${FIXTURES}/clean.yaml`], { mode: 'auto' })).toEqual({ ran: true, findings: [] })
  })

  it('lints several files in one run and names each finding\'s file as it was given', async () => {
    const files = [`./${FIXTURES}/clean.yaml`, `./${FIXTURES}/invalid-property.yaml`]
    const { findings } = await runCfnLint(files, { mode: 'on' })
    expect(findings.map((finding) => [finding.file, finding.ruleId])).toEqual([[files[1], 'cfn-lint:E3002']])
  })

  it('runs in cwd, honouring the .cfnlintrc there, and maps every level', async () => {
    // The .cfnlintrc there turns on informational rules, which cfn-lint leaves out by default.
    const { findings } = await runCfnLint(['mixed-levels.yaml'], { mode: 'on', cwd: `${FIXTURES}/with-config` })
    const summary = findings.map(({ ruleId, severity, line, column, resource, path, file }) => ({ ruleId, severity, line, column, resource, path, file }))
    expect(summary).toContainEqual({ ruleId: 'cfn-lint:E3002', severity: 'error', line: 14, column: 7, resource: 'OrdersQueue', path: 'RetentionPeriodDays', file: 'mixed-levels.yaml' })
    // A parameter finding names no resource.
    expect(summary).toContainEqual({ ruleId: 'cfn-lint:W2001', severity: 'warning', line: 7, column: 3, resource: undefined, path: undefined, file: 'mixed-levels.yaml' })
    // About the resource itself (its DeletionPolicy), not a property: a resource and no path.
    expect(summary).toContainEqual({ ruleId: 'cfn-lint:I3011', severity: 'info', line: 11, column: 3, resource: 'OrdersQueue', path: undefined, file: 'mixed-levels.yaml' })
    expect(summary).toContainEqual(expect.objectContaining({ ruleId: 'cfn-lint:I1022', severity: 'info', line: 18 }))
  })

  it('passes parameters to the templates that declare them, and AWS::Region as --regions', async () => {
    const withParameters = `${FIXTURES}/parameters.yaml`
    const clean = `${FIXTURES}/clean.yaml`
    expect((await runCfnLint([withParameters], { mode: 'on' })).findings).toEqual([])
    const { findings } = await runCfnLint([clean, withParameters], { mode: 'on', parameters: { VisibilityTimeout: '99999', 'AWS::Region': 'eu-west-1' } })
    // No E2900 ("unexpected parameter") for clean.yaml, which does not declare it, nor for AWS::Region.
    expect(findings.map(({ file, ruleId, line, resource, path }) => ({ file, ruleId, line, resource, path }))).toEqual([
      { file: withParameters, ruleId: 'cfn-lint:W1030', line: 13, resource: 'OrdersQueue', path: 'VisibilityTimeout.Ref' },
    ])
  })

  it('reads a file whose name holds glob characters as that file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-cfn-lint-'))
    try {
      const file = join(directory, 'orders[prod]*?.yaml')
      copyFileSync(`${FIXTURES}/invalid-property.yaml`, file)
      const { findings } = await runCfnLint([file], { mode: 'on' })
      expect(findings.map((finding) => [finding.file, finding.ruleId])).toEqual([[file, 'cfn-lint:E3002']])
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })

  it('names only rules this cfn-lint has in its category table', async () => {
    const listed = new Set((await execa('cfn-lint', ['--list-rules'], { stdin: 'ignore' })).stdout.match(/^[EWI]\d{4}(?=:)/gm))
    expect(Object.keys(CFN_LINT_CATEGORIES).filter((id) => !listed.has(id))).toEqual([])
  })

  it('turns a run that cfn-lint refuses (a bad .cfnlintrc) into a user error with its reason', async () => {
    const error = await runCfnLint(['template.yaml'], { mode: 'on', cwd: `${FIXTURES}/bad-config` }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).exitCode).toBe(2)
    expect((error as UserError).message).toBe("cfn-lint failed (exit code 1): Invalid type for 'include_checks' in .cfnlintrc. Expected array")
  })
})

describe('when cfn-lint is not installed', () => {
  it("'on' is a user error (exit 2) saying how to install it", async () => {
    const error = await withPath('', () => runCfnLint([`${FIXTURES}/clean.yaml`], { mode: 'on' })).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).exitCode).toBe(2)
    expect((error as UserError).format()).toBe('cfn-lint not found — install it with pip install cfn-lint to include its checks')
  })

  it("'auto' goes on without it, with a notice", async () => {
    expect(await withPath('', () => runCfnLint([`${FIXTURES}/clean.yaml`], { mode: 'auto' }))).toEqual({
      findings: [],
      ran: false,
      notice: 'cfn-lint not found; install it with pip install cfn-lint to include its checks',
    })
    expect(CFN_LINT_MISSING_NOTICE).toContain('pip install cfn-lint')
  })

  it('a missing cwd is not mistaken for a missing cfn-lint', async () => {
    await expect(runCfnLint([`clean.yaml`], { mode: 'auto', cwd: `${FIXTURES}/no-such-directory` })).rejects.toThrow('no such directory')
  })

  it("'off' never looks for it", async () => {
    expect(await withPath('', () => runCfnLint([`${FIXTURES}/clean.yaml`], { mode: 'off' }))).toEqual({ findings: [], ran: false })
  })
})

/** Stand-ins for cfn-lint that misbehave in the ways the real one can (shell scripts on PATH). */
describe('when cfn-lint misbehaves', () => {
  let directory: string
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'lambdawise-fake-cfn-lint-'))
  })
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  function installFake(body: string): void {
    writeFileSync(join(directory, 'cfn-lint'), `#!/bin/sh\n${body}\n`)
    chmodSync(join(directory, 'cfn-lint'), 0o755)
  }

  async function runFake(body: string, mode: 'auto' | 'on' = 'on', files = [`${FIXTURES}/clean.yaml`]) {
    installFake(body)
    return withPath(`${directory}:/usr/bin:/bin`, () => runCfnLint(files, { mode }))
  }

  it('a Python traceback is a user error naming the exception', async () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/usr/bin/cfn-lint", line 8, in <module>',
      '    sys.exit(main())',
      "ModuleNotFoundError: No module named 'samtranslator'",
    ].join('\n')
    await expect(runFake(`cat >&2 <<'EOF'\n${traceback}\nEOF\nexit 1`)).rejects.toThrow("cfn-lint failed (exit code 1): ModuleNotFoundError: No module named 'samtranslator'")
  })

  it('output that is not its JSON is a user error, even with a findings exit code', async () => {
    await expect(runFake("echo 'E3002 something'; exit 2")).rejects.toThrow('cfn-lint failed (exit code 2): its output is not JSON: E3002 something')
    await expect(runFake('echo \'{"not": "a list"}\'; exit 0')).rejects.toThrow('its output is not the JSON cfn-lint writes')
  })

  it('an exit code outside the findings bit mask is a crash', async () => {
    await expect(runFake("echo '[]'; echo 'Segmentation fault' >&2; exit 139")).rejects.toThrow('cfn-lint failed (exit code 139): Segmentation fault')
  })

  it('a pyenv shim without cfn-lint behind it counts as not installed', async () => {
    const result = await runFake("echo 'pyenv: cfn-lint: command not found' >&2; exit 127", 'auto')
    expect(result).toEqual({ findings: [], ran: false, notice: CFN_LINT_MISSING_NOTICE })
  })

  it('passes an argument array, never a shell: file names reach it verbatim', async () => {
    // The stand-in echoes its arguments as a finding message; a shell would have expanded $(...).
    const file = `${FIXTURES}/$(touch pwned).yaml`
    const echo = `printf '[{"Filename": null, "Level": "Error", "Message": "%s", "Location": {"Start": {"LineNumber": 1, "ColumnNumber": 1}, "Path": null}, "Rule": {"Id": "E0000"}}]' "$*"\nexit 2`
    const { findings } = await runFake(echo, 'on', [file])
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'cfn-lint:E0000', file, line: 1, column: 1, message: `--format json -- ${FIXTURES}/$(touch pwned).yaml` })])
  })
})

describe('cfn-lint output helpers', () => {
  it('knows which exit codes mean "found problems"', () => {
    expect([0, 2, 4, 6, 8, 10, 12, 14].every(isFindingsExitCode)).toBe(true)
    expect([1, 3, 15, 16, 127, 139, -1].some(isFindingsExitCode)).toBe(false)
  })

  it('picks the line that says what went wrong', () => {
    expect(usefulLine('', 'Traceback (most recent call last):\n  File "x"\nValueError: bad\n')).toBe('ValueError: bad')
    expect(usefulLine('', '\nwarning: first\nsecond\n')).toBe('warning: first')
    expect(usefulLine('Configuration error: Parameters can only be used with a single template\nusage: ...', '')).toBe('Configuration error: Parameters can only be used with a single template')
    expect(usefulLine('[{"Level": "Error", "Message": "bad rule", "Rule": {"Id": "E0003"}, "Location": {}}]', '')).toBe('bad rule')
    expect(usefulLine('', '')).toBeUndefined()
  })

  it('maps rule ids to our categories, resilience by default', () => {
    expect(cfnLintCategory('E3510')).toBe('security')
    expect(cfnLintCategory('E3060')).toBe('vpc')
    expect(cfnLintCategory('I3100')).toBe('cost')
    expect(cfnLintCategory('E3046')).toBe('observability')
    expect(cfnLintCategory('E3002')).toBe('resilience')
    expect(cfnLintCategory('E9999')).toBe('resilience')
  })

  it('escapes glob characters as Python\'s glob.escape does', () => {
    expect(escapeGlob('a[1]*?.yaml')).toBe('a[[]1][*][?].yaml')
    expect(escapeGlob('plain/template.yaml')).toBe('plain/template.yaml')
  })
})
