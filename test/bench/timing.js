// Shared timing helpers for the benchmarks in test/bench/*.bench.js.
//
// Wall-clock times come from process.hrtime around a synchronous spawn (no shell), so every
// figure includes the same fork/exec overhead of this Node process; compare commands measured
// by the same helper in the same run, not against figures taken elsewhere.
//
// Peak RSS is measured in separate, untimed runs so the wrapper needed for it never inflates
// the timings. A child's peak RSS is not exposed by Node (process.resourceUsage() is for the
// calling process only), so it is read from getrusage(RUSAGE_CHILDREN) of a small waiting
// parent: GNU time (`/usr/bin/time -f %M`, Debian's `time` package, in the base image) when it
// is there, else python3's resource module. Both report the largest max-RSS of the child and
// the descendants it waited for, in KiB.

import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'

const GNU_TIME = '/usr/bin/time'

/** @param {number[]} xs */
export function median(xs) {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Rounds to 0.1 ms / 0.1 MB for printing and JSON. */
export function round1(x) {
  return x == null || Number.isNaN(x) ? x : Math.round(x * 10) / 10
}

/** @param {number[]} xs */
export function summarize(xs) {
  return {
    median: median(xs),
    min: Math.min(...xs),
    max: Math.max(...xs),
    runs: xs,
  }
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

let rssMethodCache
/**
 * Which way peak RSS can be read on this machine: 'gnu-time', 'python3' or null.
 * Checked once, by running the wrapper on a trivial command.
 */
export function rssMethod() {
  if (rssMethodCache !== undefined) return rssMethodCache
  rssMethodCache = null
  // BENCH_RSS_METHOD=gnu-time|python3|none forces one (for checking the fallback).
  const forced = process.env.BENCH_RSS_METHOD
  if (forced === 'none') return rssMethodCache
  if ((!forced || forced === 'gnu-time') && isExecutable(GNU_TIME)) {
    const r = spawnSync(GNU_TIME, ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' })
    if (r.status === 0 && /^\d+\s*$/m.test(r.stderr)) rssMethodCache = 'gnu-time'
  }
  if (rssMethodCache === null && (!forced || forced === 'python3')) {
    const r = spawnSync('python3', ['-c', PY_RSS, process.execPath, '-e', '0'], { encoding: 'utf8' })
    if (r.status === 0 && /__PEAK_RSS_KB=\d+/.test(r.stderr)) rssMethodCache = 'python3'
  }
  return rssMethodCache
}

// Runs argv[1:] with inherited stdio, waits, prints the children's max RSS (KiB) on stderr,
// and exits with the child's status.
const PY_RSS = [
  'import resource, subprocess, sys',
  'p = subprocess.run(sys.argv[1:])',
  "sys.stderr.write('\\n__PEAK_RSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
  'sys.exit(p.returncode if p.returncode >= 0 else 128 - p.returncode)',
].join('\n')

/**
 * Runs a command once under the RSS wrapper and returns its peak RSS in MB (MiB), or null
 * when no method is available.
 */
export function peakRssMb(cmd, args = [], { cwd, env } = {}) {
  const method = rssMethod()
  if (!method) return null
  let r
  if (method === 'gnu-time') {
    // A marker keeps the figure apart from whatever the command itself writes to stderr.
    r = spawnSync(GNU_TIME, ['-f', '__PEAK_RSS_KB=%M', cmd, ...args], spawnOpts(cwd, env))
  } else {
    r = spawnSync('python3', ['-c', PY_RSS, cmd, ...args], spawnOpts(cwd, env))
  }
  const m = /__PEAK_RSS_KB=(\d+)\s*$/.exec(String(r.stderr))
  if (r.status !== 0 || !m) return null
  return Number(m[1]) / 1024
}

function spawnOpts(cwd, env) {
  return {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  }
}

function runOnce(spec, { cwd, env }) {
  const opts = spawnOpts(spec.cwd ?? cwd, spec.env ?? env)
  const t0 = process.hrtime.bigint()
  const r = spawnSync(spec.cmd, spec.args ?? [], opts)
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.error) throw new Error(`${describe(spec)}: ${r.error.message}`)
  const okStatuses = spec.okStatuses ?? [0]
  if (!okStatuses.includes(r.status)) {
    const tail = (s) => String(s ?? '').trim().split('\n').slice(-15).join('\n')
    throw new Error(
      `${describe(spec)} exited with ${r.status ?? r.signal}\n--- stderr ---\n${tail(r.stderr)}\n--- stdout ---\n${tail(r.stdout)}`,
    )
  }
  return { ms, stdout: r.stdout, stderr: r.stderr }
}

function describe(spec) {
  return [spec.cmd, ...(spec.args ?? [])].join(' ')
}

/**
 * Measures several commands interleaved (A B C A B C ...), so drift in machine load hits
 * all of them alike.
 *
 * @param {Array<{label: string, cmd: string, args?: string[], cwd?: string, env?: object,
 *   okStatuses?: number[], check?: (out: {stdout: string, stderr: string}) => void}>} specs
 * @param {{runs?: number, warmup?: number, cwd?: string, env?: object, rssRuns?: number}} [opts]
 *   rssRuns: untimed runs per command under the RSS wrapper (default 1; 0 to skip).
 * @returns {Array<{label: string, command: string, median: number, min: number, max: number,
 *   runs: number[], peakRssMb: number|null, stdout: string}>}
 */
export function measureCommands(specs, { runs = 15, warmup = 3, cwd, env, rssRuns = 1 } = {}) {
  const times = specs.map(() => [])
  const lastOut = specs.map(() => '')
  for (let i = 0; i < warmup; i++) {
    specs.forEach((spec, j) => {
      const out = runOnce(spec, { cwd, env })
      if (i === 0 && spec.check) spec.check(out)
      lastOut[j] = out.stdout
    })
  }
  for (let i = 0; i < runs; i++) {
    specs.forEach((spec, j) => {
      const out = runOnce(spec, { cwd, env })
      if (warmup === 0 && i === 0 && spec.check) spec.check(out)
      times[j].push(out.ms)
      lastOut[j] = out.stdout
    })
  }
  return specs.map((spec, j) => {
    let rss = null
    for (let k = 0; k < rssRuns; k++) {
      const v = peakRssMb(spec.cmd, spec.args ?? [], { cwd: spec.cwd ?? cwd, env: spec.env ?? env })
      if (v != null) rss = Math.max(rss ?? 0, v)
    }
    return {
      label: spec.label,
      command: describe(spec),
      ...summarize(times[j]),
      peakRssMb: rss,
      stdout: lastOut[j],
    }
  })
}

/**
 * Measures one command: `warmup` untimed runs, then `runs` timed ones.
 * @returns {{median: number, min: number, max: number, runs: number[], peakRssMb: number|null}}
 *   times in ms, RSS in MiB (null when it cannot be read on this machine).
 */
export function measureCommand(cmd, args = [], { runs = 15, warmup = 3, cwd, env, rssRuns = 1 } = {}) {
  const [r] = measureCommands([{ label: cmd, cmd, args }], { runs, warmup, cwd, env, rssRuns })
  return { median: r.median, min: r.min, max: r.max, runs: r.runs, peakRssMb: r.peakRssMb }
}

/** Times one call of an in-process async function, in ms. */
export async function timeAsync(fn) {
  const t0 = process.hrtime.bigint()
  const value = await fn()
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value }
}
