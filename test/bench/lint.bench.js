// Lint budgets (design §8), as ratios against cfn-lint on the same files, same machine, same run:
//   - one small template (the bundled example): lambdawise lint at least 5x faster than cfn-lint;
//   - a generated 1,000-function SAM template (each with its queue and SQS event): at least 50x
//     faster, and lambdawise's peak RSS under 250 MB.
// lambdawise runs with --cfn-lint off: the point is lambdawise's own cost, not cfn-lint's twice;
// and with --no-code, because cfn-lint reads the template only: like for like. Reading the handler
// code is measured against tsc in code.bench.js; the small example with its code is shown here too.
// cfn-lint on the large template takes minutes, so it runs once (BENCH_CFN_LINT_RUNS to change).
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { generateQueueWorkers } from './gen-queue-workers.js'
import { measureCommands, round1 } from './timing.js'

export const name = 'lint'

const SMALL_RATIO = 5
const LARGE_RATIO = 50
const LARGE_RSS_MB = 250
// cfn-lint exits 2/4/6/8... when it finds problems; that is a result, not a failure.
const CFN_LINT_STATUSES = [0, 2, 4, 6, 8, 10, 12, 14]
const LINT_STATUSES = [0, 1]

export async function run({ repoRoot, runs = 5 }) {
  const node = process.execPath
  const notes = []
  if (spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status !== 0) {
    return { name, results: [], notes: ['cfn-lint is not installed: nothing to compare with (pip install cfn-lint)'], pass: !process.env.CI }
  }
  const outDir = join(repoRoot, '.bench-out')
  mkdirSync(outDir, { recursive: true })
  const large = join(outDir, 'queue-workers-1000.yaml')
  writeFileSync(large, generateQueueWorkers(1000))
  const small = 'examples/order-processing/template.yaml'

  const lint = (file, code = false) => ({
    label: `lambdawise lint ${file.replace(repoRoot + '/', '')}${code ? ' (with its handler code)' : ''}`,
    cmd: node,
    args: ['bin/run.js', 'lint', file, '--cfn-lint', 'off', '--format', 'json', '--fail-on', 'none', ...(code ? [] : ['--no-code'])],
    okStatuses: LINT_STATUSES,
  })
  const cfnLint = (file) => ({ label: `cfn-lint ${file.replace(repoRoot + '/', '')}`, cmd: 'cfn-lint', args: ['--format', 'json', '--', file], okStatuses: CFN_LINT_STATUSES })

  const [smallOurs, smallTheirs, smallWithCode] = measureCommands([lint(small), cfnLint(small), lint(small, true)], { runs, warmup: 1, cwd: repoRoot })
  const cfnRuns = Number(process.env.BENCH_CFN_LINT_RUNS ?? 1)
  const [largeTheirs] = measureCommands([cfnLint(large)], { runs: cfnRuns, warmup: 0, cwd: repoRoot, rssRuns: 0 })
  const [largeOurs] = measureCommands([lint(large)], { runs, warmup: 1, cwd: repoRoot })

  const smallRatio = smallTheirs.median / smallOurs.median
  const largeRatio = largeTheirs.median / largeOurs.median
  const row = (r) => ({ label: r.label, medianMs: round1(r.median), minMs: round1(r.min), maxMs: round1(r.max), peakRssMb: r.peakRssMb === null ? null : round1(r.peakRssMb) })
  notes.push(`small: cfn-lint / lambdawise = ${smallRatio.toFixed(1)}x (budget >= ${SMALL_RATIO}x); with the example's 8 handler files read too: ${(smallTheirs.median / smallWithCode.median).toFixed(1)}x`)
  notes.push(`1,000 functions: cfn-lint / lambdawise = ${largeRatio.toFixed(1)}x (budget >= ${LARGE_RATIO}x); lambdawise peak RSS ${round1(largeOurs.peakRssMb)} MB (budget < ${LARGE_RSS_MB} MB)`)
  const rssOk = largeOurs.peakRssMb === null || largeOurs.peakRssMb < LARGE_RSS_MB
  return {
    name,
    node: process.version,
    runs,
    results: [row(smallOurs), row(smallTheirs), row(smallWithCode), row(largeOurs), row(largeTheirs)],
    ratio: largeRatio,
    budget: { description: `cfn-lint/lambdawise: small >= ${SMALL_RATIO}x, 1,000 functions >= ${LARGE_RATIO}x, RSS < ${LARGE_RSS_MB} MB`, limit: LARGE_RATIO, actual: round1(largeRatio), unit: 'x' },
    notes,
    pass: smallRatio >= SMALL_RATIO && largeRatio >= LARGE_RATIO && rssOk,
  }
}
