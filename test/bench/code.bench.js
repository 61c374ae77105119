// Handler-code analysis budget (design §8): `lambdawise lint` reading 500 TypeScript handler
// files (and the library modules they import) must be faster than `tsc --noEmit` on the same
// project, wall clock, whole processes, same machine, same run. tsc is what a team already runs on
// that code; lambdawise reads it syntactically (no type checking), so it should be well under.
// lambdawise runs with --cfn-lint off so the figure is lambdawise's own; the project comes from
// gen-handlers.js (SDK v3 calls, shared modules, a template naming every handler).
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { generateHandlerProject } from './gen-handlers.js'
import { measureCommands, round1 } from './timing.js'

export const name = 'code'

const HANDLERS = 500
const LINT_STATUSES = [0, 1]

export async function run({ repoRoot, runs = 5 }) {
  const project = join(repoRoot, '.bench-out', `handlers-${HANDLERS}`)
  rmSync(project, { recursive: true, force: true })
  mkdirSync(project, { recursive: true })
  const generated = generateHandlerProject(project, HANDLERS)
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
  const [ours, theirs] = measureCommands(
    [
      { label: `lambdawise lint (${HANDLERS} handlers, code read)`, cmd: process.execPath, args: ['bin/run.js', 'lint', project, '--cfn-lint', 'off', '--format', 'json', '--fail-on', 'none'], okStatuses: LINT_STATUSES },
      { label: `tsc --noEmit (same project)`, cmd: process.execPath, args: [tsc, '--noEmit', '-p', project], okStatuses: [0] },
    ],
    { runs, warmup: 1, cwd: repoRoot },
  )
  const ratio = theirs.median / ours.median
  const row = (r) => ({ label: r.label, medianMs: round1(r.median), minMs: round1(r.min), maxMs: round1(r.max), peakRssMb: r.peakRssMb === null ? null : round1(r.peakRssMb) })
  return {
    name,
    node: process.version,
    runs,
    results: [row(ours), row(theirs)],
    ratio,
    budget: { description: 'tsc --noEmit / lambdawise lint on the same handler project', limit: 1, actual: Math.round(ratio * 100) / 100, unit: 'x' },
    notes: [`${generated.handlers} handlers, ${generated.files} TypeScript files, ${generated.lines} lines; tsc / lambdawise = ${ratio.toFixed(2)}x (budget > 1x)`],
    pass: ratio > 1,
  }
}
