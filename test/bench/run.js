#!/usr/bin/env node
// Benchmark runner: `npm run bench` (builds first), or `node test/bench/run.js [filter...] [--runs N]`.
//
// Runs every test/bench/*.bench.js in name order. Each exports `name` and
// `async run({ repoRoot, runs })` returning
//   { name, results: [{ label, medianMs, minMs?, maxMs?, peakRssMb?, ... }],
//     ratio?, budget?: { description, limit, actual, unit }, pass }
// Prints a table per benchmark, writes everything to .bench-out/results.json, and exits 1 when a
// benchmark fails its budget or throws.
//
// Options: filters are substrings of the file name (`node test/bench/run.js startup`);
// --runs N (or BENCH_RUNS=N) overrides each benchmark's default number of timed runs.

import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const benchDir = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(benchDir, '..', '..')
const outDir = join(repoRoot, '.bench-out')

function parseArgs(argv) {
  const filters = []
  let runs = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--runs') runs = Number(argv[++i])
    else if (a.startsWith('--runs=')) runs = Number(a.slice('--runs='.length))
    else if (a === '-h' || a === '--help') {
      console.log('usage: node test/bench/run.js [filter...] [--runs N]')
      process.exit(0)
    } else filters.push(a)
  }
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) {
    console.error(`bench: --runs must be a positive integer, got ${runs}`)
    process.exit(2)
  }
  return { filters, runs }
}

function fmt(x, digits = 1) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : x == null ? '' : String(x)
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function printResult(r) {
  const rows = (r.results ?? []).map((x) => [
    x.label,
    fmt(x.medianMs),
    fmt(x.minMs),
    fmt(x.maxMs),
    fmt(x.peakRssMb),
  ])
  console.log(table(['label', 'median ms', 'min ms', 'max ms', 'peak RSS MB'], rows))
  if (r.ratio != null) console.log(`ratio: ${fmt(r.ratio, 2)}`)
  if (r.budget) {
    const b = r.budget
    console.log(`budget: ${b.description ?? ''} -> actual ${fmt(b.actual)} ${b.unit ?? ''} vs limit ${fmt(b.limit)} ${b.unit ?? ''}`)
  }
  for (const note of r.notes ?? []) console.log(`note: ${note}`)
  console.log(`result: ${r.pass ? 'PASS' : 'FAIL'}`)
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

async function main() {
  const { filters, runs } = parseArgs(process.argv.slice(2))
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort()
  if (files.length === 0) {
    console.error(`bench: no benchmark matched ${filters.length ? filters.join(', ') : 'test/bench/*.bench.js'}`)
    process.exit(2)
  }

  const cpus = os.cpus()
  const report = {
    startedAt: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus[0]?.model ?? null,
    cpuCount: cpus.length,
    loadavg: os.loadavg(),
    runsOverride: runs ?? null,
    benchmarks: [],
  }

  let failed = 0
  for (const file of files) {
    const rel = relative(repoRoot, join(benchDir, file))
    const mod = await import(pathToFileURL(join(benchDir, file)).href)
    const name = mod.name ?? file
    console.log(`\n== ${name} (${rel})`)
    const t0 = process.hrtime.bigint()
    let r
    try {
      r = await mod.run({ repoRoot, runs })
      if (!r || !Array.isArray(r.results) || typeof r.pass !== 'boolean') {
        throw new Error('run() must return { name, results: [...], pass: boolean }')
      }
      r = { name, ...r, file: rel }
      printResult(r)
    } catch (err) {
      r = { name, file: rel, results: [], pass: false, error: String(err?.stack ?? err) }
      console.log(`ERROR: ${err?.message ?? err}`)
      console.log('result: FAIL')
    }
    r.elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6
    if (!r.pass) failed++
    report.benchmarks.push(r)
  }

  report.finishedAt = new Date().toISOString()
  report.pass = failed === 0
  mkdirSync(outDir, { recursive: true })
  const outFile = join(outDir, 'results.json')
  writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n')
  console.log(`\nresults written to ${relative(process.cwd(), outFile) || outFile}`)
  console.log(`${report.benchmarks.length - failed} passed, ${failed} failed`)
  process.exitCode = failed === 0 ? 0 : 1
}

await main()
