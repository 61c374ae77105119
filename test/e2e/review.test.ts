import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const EXAMPLE = 'examples/order-processing'
const USAGE = 'examples/order-processing/lambdawise-usage.yml'
const GOLDEN = join(ROOT, 'test/review/golden')

/** An empty cache directory: the developer's own `pricing update` cache must not change what the tests see. */
const CACHE_DIRECTORY = mkdtempSync(join(tmpdir(), 'lambdawise-no-cache-'))

function lambdawise(args: string[], { env = {} }: { env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', LAMBDAWISE_CACHE_DIR: CACHE_DIRECTORY, ...env } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/commands/review.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)')
})

describe('lambdawise review (built CLI)', () => {
  it('prints the Markdown report to stdout by default: the golden file\'s bytes', () => {
    const run = lambdawise(['review', EXAMPLE, '--usage', USAGE])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe(readFileSync(join(GOLDEN, 'order-processing.md'), 'utf8'))
    expect(run.stdout).toMatch(/^# Design review: `examples\/order-processing`\n/)
    expect(run.stdout).toContain('```mermaid\nflowchart LR\n')
  })

  it('writes the HTML report with --output, the same bytes on every run', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-review-'))
    const [first, second] = [join(directory, 'a.html'), join(directory, 'b.html')]
    const run = lambdawise(['review', EXAMPLE, '--usage', USAGE, '--format', 'html', '--output', first])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`wrote ${first}`)
    expect(lambdawise(['review', EXAMPLE, '--usage', USAGE, '-f', 'html', '-o', second]).code).toBe(0)
    const html = readFileSync(first, 'utf8')
    expect(html).toBe(readFileSync(second, 'utf8'))
    expect(html).toBe(readFileSync(join(GOLDEN, 'order-processing.html'), 'utf8'))
  })

  it('prints HTML to stdout without --output, and the model with --format json', () => {
    const html = lambdawise(['review', EXAMPLE, '--requests', '1M', '--format', 'html'])
    expect(html.code, html.stderr).toBe(0)
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/)
    const json = lambdawise(['review', EXAMPLE, '--requests', '1M', '--format', 'json'])
    expect(json.code, json.stderr).toBe(0)
    const model = JSON.parse(json.stdout)
    expect(model.cost.entryRequests).toBe(1_000_000)
    expect(model.checklist.map((item: { id: string }) => item.id)).toContain('dlq-and-retries')
  })

  it('without usage or requests, the report says what the cost section needs', () => {
    const run = lambdawise(['review', EXAMPLE])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('entry requests unknown')
    expect(run.stdout).toContain('--requests N, or entry\\_requests in a --usage file')
  })

  it('--open that cannot open is a warning, not an error', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-review-'))
    const file = join(directory, 'review.html')
    // No opener on an empty PATH (node itself is started by its full path).
    const run = lambdawise(['review', EXAMPLE, '--requests', '1M', '-f', 'html', '-o', file, '--open'], { env: { PATH: directory } })
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(file)).toBe(true)
    expect(run.stderr).toMatch(/^warning: could not open .*review\.html with (xdg-open|open|explorer\.exe) /m)
  })

  it.each([
    ['a missing path', ['review', 'no/such/dir']],
    ['bad --requests', ['review', EXAMPLE, '--requests', 'lots']],
    ['a missing usage file', ['review', EXAMPLE, '--usage', 'no-such-usage.yml']],
    ['an unknown format', ['review', EXAMPLE, '--format', 'pdf']],
    ['--open without --output', ['review', EXAMPLE, '--open']],
  ])('exits 2 with a one-line error for %s', (_name, args) => {
    const run = lambdawise(args)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^error: [^\n]+\n$/)
  })
})
