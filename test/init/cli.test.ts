import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `lambdawise init` as users run it: the built CLI (`npm test` builds first), stdin a pipe, never a terminal.

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const FIXTURE_PATTERNS = join(ROOT, 'test/fixtures/init/templates')
const HOUSE = join(ROOT, 'test/fixtures/init/house')
/** The CLI answers in well under a second; reaching this means it waited for input. */
const PROCESS_TIMEOUT = 20_000

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function lambdawise(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: PROCESS_TIMEOUT, input: '', env: { ...process.env, NO_COLOR: '1', DEBUG: '', ...env } })
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
}

/** stdin a pipe that stays open and never sends anything: a CI job with no terminal. It must still exit at once. */
function withOpenStdin(args: string[], cwd: string): Promise<Run & { milliseconds: number }> {
  const started = performance.now()
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`lambdawise ${args.join(' ')} hung for ${PROCESS_TIMEOUT} ms waiting for input\n${stderr}`))
    }, PROCESS_TIMEOUT)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ code, stdout, stderr, milliseconds: performance.now() - started })
    })
  })
}

let work: string
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/commands/init.js'))) throw new Error('build first: npm run build')
  work = mkdtempSync(join(tmpdir(), 'lambdawise-init-cli-'))
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

function freshDir(name: string): string {
  const dir = join(work, name)
  mkdirSync(dir)
  return dir
}

/**
 * Runs the CLI on a pseudo-terminal (`script`) and answers each question when it appears: a real user session.
 * Waiting for the question instead of sleeping keeps it reliable on a loaded machine.
 */
function onTerminal(args: string[], cwd: string, dialogue: [question: string, keys: string][]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, ...args].map((part) => JSON.stringify(part)).join(' ')
  return new Promise((resolvePromise, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' } })
    let output = ''
    let unanswered = ''
    const pending = [...dialogue]
    const answer = () => {
      const next = pending[0]
      if (next && unanswered.includes(next[0])) {
        pending.shift()
        unanswered = ''
        child.stdin.write(next[1])
      }
    }
    const read = (chunk: Buffer) => {
      // Without the terminal's escape sequences, so the questions can be matched as text.
      const text = chunk.toString().replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
      output += text
      unanswered += text
      answer()
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the terminal session did not finish; still waiting for ${JSON.stringify(pending[0]?.[0])}\n${output}`))
    }, 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      child.stdin.end()
      resolvePromise({ code, output })
    })
  })
}

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0

describe.skipIf(!hasScript)('lambdawise init on a terminal', () => {
  it('asks for what is missing and creates the project', async () => {
    const cwd = freshDir('terminal')
    const session = await onTerminal(['init', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--no-install', '--no-git'], cwd, [
      ['Project name', 'Bad_Name\r'],
      ['lowercase', '\u0015my-app\r'],
      ['Directory', '\r'],
      ['Runtime', '\r'],
      ['Architecture', '\u001b[B\r'],
    ])
    expect(session.code, session.output).toBe(0)
    expect(session.output).toContain('Created my-app from the tiny pattern')
    const template = readFileSync(join(cwd, 'my-app/template.yaml'), 'utf8')
    expect(template).toContain('Runtime: nodejs24.x')
    expect(template).toContain('Architectures: [x86_64]')
  })
})

describe('lambdawise init without a terminal', () => {
  it('exits 2 naming --pattern, without waiting for input', async () => {
    const run = await withOpenStdin(['init', 'orders'], freshDir('no-pattern'))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: missing --pattern — choose one of: /)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(readdirSync(join(work, 'no-pattern'))).toEqual([])
  })

  it('exits 2 naming --name when DIR cannot give one', async () => {
    const run = await withOpenStdin(['init', 'Not_A_Name', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS], freshDir('no-name'))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: missing --name \(and DIR's name "Not_A_Name" is not a valid name\)/)
  })

  it('exits 2 for a name with a path trick', () => {
    const run = lambdawise(['init', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--name', '../escape', '--no-git'], freshDir('bad-name'))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: --name "..\/escape": /)
    expect(existsSync(join(work, 'escape'))).toBe(false)
  })

  it('--list --json gives every pattern with its manifest', () => {
    const run = lambdawise(['init', '--list', '--json', '--from', HOUSE], work)
    expect(run.code).toBe(0)
    const { patterns } = JSON.parse(run.stdout) as { patterns: { id: string; title: string; summary: string; origin: string; dependencies: unknown[] }[] }
    expect(patterns.at(-1)).toMatchObject({ id: 'house-worker', title: 'Our house worker', origin: 'user', devDependencies: [{ name: 'left-pad', version: '1.3.0' }] })
    for (const pattern of patterns) expect(pattern).toMatchObject({ id: expect.any(String), title: expect.any(String), summary: expect.any(String), dependencies: expect.any(Array) })
  })

  it('--list prints ids, titles and summaries', () => {
    const run = lambdawise(['init', '--list', '--from', FIXTURE_PATTERNS], work)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('tiny')
    expect(run.stdout).toContain('Tiny "test" pattern  (--from)')
  })

  it('--dry-run lists the files and sizes and writes nothing', () => {
    const cwd = freshDir('dry')
    const run = lambdawise(['init', 'orders', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--dry-run'], cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Would create orders from the tiny pattern: \d+ files, [\d.]+ kB/)
    expect(run.stdout).toMatch(/\n {2}template\.yaml +\d+ B\n/)
    expect(readdirSync(cwd)).toEqual([])

    const json = lambdawise(['init', 'orders', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--dry-run', '--json'], cwd)
    expect(JSON.parse(json.stdout)).toMatchObject({ dir: 'orders', pattern: 'tiny', name: 'orders', runtime: 'nodejs24.x', arch: 'arm64', dryRun: true, files: expect.arrayContaining([{ path: 'template.yaml', bytes: expect.any(Number) }]) })
    expect(readdirSync(cwd)).toEqual([])
  })

  it('generates a --from user pattern over the bundled base', () => {
    const cwd = freshDir('house')
    const run = lambdawise(['init', 'svc', '--pattern', 'house-worker', '--from', HOUSE, '--name', 'house-svc', '--arch', 'x86_64', '--no-install', '--no-git'], cwd)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Created svc from the house-worker pattern')
    const manifest = JSON.parse(readFileSync(join(cwd, 'svc/package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> }
    expect(manifest.name).toBe('house-svc')
    expect(manifest.devDependencies['left-pad']).toBe('1.3.0')
    expect(existsSync(join(cwd, 'svc/.github/workflows/ci.yml'))).toBe(true)
    expect(existsSync(join(cwd, 'svc/.git'))).toBe(false)
  })

  it('refuses a non-empty directory (exit 2), and with --force still never overwrites', () => {
    const cwd = freshDir('busy')
    writeFileSync(join(cwd, 'README.md'), 'mine')
    const refused = lambdawise(['init', '.', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--name', 'busy', '--no-git'], cwd)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^error: \.: directory is not empty — .*--force/)
    const forced = lambdawise(['init', '.', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--name', 'busy', '--no-git', '--force'], cwd)
    expect(forced.code).toBe(2)
    expect(forced.stderr).toMatch(/^error: \.: 1 file would be overwritten: README\.md — /)
    expect(readdirSync(cwd)).toEqual(['README.md'])
    expect(readFileSync(join(cwd, 'README.md'), 'utf8')).toBe('mine')
  })

  it('--git makes a repository with one commit', () => {
    const cwd = freshDir('git')
    const identity = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' }
    const run = lambdawise(['init', 'repo', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--git', '--no-install'], cwd, identity)
    expect(run.code, run.stderr).toBe(0)
    const log = spawnSync('git', ['log', '--format=%s'], { cwd: join(cwd, 'repo'), encoding: 'utf8' })
    expect(log.stdout.trim()).toBe('Create repo from the lambdawise tiny pattern')
    const status = spawnSync('git', ['status', '--porcelain'], { cwd: join(cwd, 'repo'), encoding: 'utf8' })
    expect(status.stdout).toBe('')
  })

  describe('--install', () => {
    /** A stand-in `npm` on PATH that records its arguments and exits with FAKE_NPM_EXIT: no network in unit tests. */
    function fakeNpm(): string {
      const bin = freshDir(`fake-npm-${Math.random().toString(36).slice(2)}`)
      writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "$@" > npm-args.txt\necho "added 1 package"\nexit "${FAKE_NPM_EXIT:-0}"\n')
      chmodSync(join(bin, 'npm'), 0o755)
      return bin
    }

    it('runs npm install in the project, its output on stderr', () => {
      const cwd = freshDir('install')
      const run = lambdawise(['init', 'app', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--install', '--no-git'], cwd, { PATH: `${fakeNpm()}:${process.env.PATH ?? ''}` })
      expect(run.code, run.stderr).toBe(0)
      expect(readFileSync(join(cwd, 'app/npm-args.txt'), 'utf8').trim()).toBe('install --no-audit --no-fund')
      expect(run.stderr).toContain('Installing dependencies (npm install)')
      expect(run.stderr).toContain('added 1 package')
      expect(run.stdout).not.toContain('added 1 package')
      // Installed: the next steps no longer say npm install.
      expect(run.stdout).not.toMatch(/^ {2}npm install$/m)
    })

    it('a failed install keeps the project, warns and exits 1', () => {
      const cwd = freshDir('install-fails')
      const run = lambdawise(['init', 'app', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--install', '--no-git'], cwd, { PATH: `${fakeNpm()}:${process.env.PATH ?? ''}`, FAKE_NPM_EXIT: '7' })
      expect(run.code).toBe(1)
      expect(run.stderr).toContain('warning: npm install failed (exit 7); run it yourself in the project')
      expect(existsSync(join(cwd, 'app/template.yaml'))).toBe(true)
    })

    it('is off by default without a terminal', () => {
      const cwd = freshDir('no-install')
      const run = lambdawise(['init', 'app', '--pattern', 'tiny', '--from', FIXTURE_PATTERNS, '--no-git'], cwd, { PATH: `${fakeNpm()}:${process.env.PATH ?? ''}` })
      expect(run.code).toBe(0)
      expect(existsSync(join(cwd, 'app/npm-args.txt'))).toBe(false)
      expect(run.stdout).toMatch(/^ {2}npm install$/m)
    })
  })
})
