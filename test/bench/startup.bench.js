// Startup budget (design): `lambdawise --version` within 150 ms of `node -e 0`.
//
// Both commands run with the Node that runs this benchmark (process.execPath), interleaved,
// 15 timed runs each after 3 warmups; the budget is on the difference of the medians.
// `lambdawise --help` is measured too, for information only (no budget).
// Needs a build (`npm run bench` builds first): bin/run.js loads dist/ through oclif.manifest.json.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { measureCommands, round1 } from './timing.js'

export const name = 'startup'

const BUDGET_MS = 150
const WARMUP = 3

export async function run({ repoRoot, runs = 15 }) {
  const node = process.execPath
  const notes = []
  for (const f of ['dist', 'oclif.manifest.json']) {
    if (!existsSync(join(repoRoot, f))) notes.push(`${f} is missing: run \`npm run build\` first`)
  }

  const [base, version] = measureCommands(
    [
      { label: 'node -e 0', cmd: node, args: ['-e', '0'] },
      {
        label: 'lambdawise --version',
        cmd: node,
        args: ['bin/run.js', '--version'],
        check: ({ stdout }) => {
          if (!/^lambdawise\/\d+\.\d+\.\d+/m.test(stdout)) {
            throw new Error(`unexpected --version output: ${JSON.stringify(stdout.slice(0, 200))}`)
          }
        },
      },
    ],
    { runs, warmup: WARMUP, cwd: repoRoot },
  )

  const [help] = measureCommands(
    [
      {
        label: 'lambdawise --help (info)',
        cmd: node,
        args: ['bin/run.js', '--help'],
        check: ({ stdout }) => {
          if (!/USAGE/.test(stdout)) throw new Error(`--help printed no USAGE: ${JSON.stringify(stdout.slice(0, 200))}`)
        },
      },
    ],
    { runs: Math.min(runs, 5), warmup: 1, cwd: repoRoot },
  )

  const diff = version.median - base.median
  const row = (r) => ({
    label: r.label,
    command: r.command.replace(node, 'node'),
    medianMs: round1(r.median),
    minMs: round1(r.min),
    maxMs: round1(r.max),
    peakRssMb: round1(r.peakRssMb),
    runsMs: r.runs.map(round1),
  })

  notes.push(`--version printed: ${version.stdout.trim()}`)
  notes.push(`difference of minima: ${round1(version.min - base.min)} ms`)
  return {
    name,
    node: process.version,
    runs,
    warmup: WARMUP,
    results: [row(base), row(version), row(help), { label: '--version minus node -e 0', medianMs: round1(diff) }],
    ratio: version.median / base.median,
    budget: {
      description: 'median(lambdawise --version) - median(node -e 0)',
      limit: BUDGET_MS,
      actual: round1(diff),
      unit: 'ms',
    },
    notes,
    pass: diff <= BUDGET_MS,
  }
}
