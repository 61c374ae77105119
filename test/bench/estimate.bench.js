// Estimate budget (design §8): `lambdawise estimate` on a 1,000-function SAM template with a usage
// file giving every function its duration: under one second, wall clock, the whole process
// (start-up, reading and parsing the template, the graph, propagation, pricing at 1x, 10x, 100x
// and 1000x, the table). Nobody else prices a SAM template from the graph, so there is no rival to
// take a ratio against; `node -e 0` is measured alongside to show the machine's process cost.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { generateSamTemplate } from './gen-sam.js'
import { measureCommands, round1 } from './timing.js'

export const name = 'estimate'

const BUDGET_MS = 1000
const FUNCTIONS = 1000

/** A usage file for the generated template: every function's duration, some queues' message sizes. */
function usageFor(yaml) {
  const functions = [...yaml.matchAll(/^ {2}([A-Za-z0-9]+):\n {4}Type: AWS::Serverless::Function$/gm)].map((match) => match[1])
  const queues = [...yaml.matchAll(/^ {2}([A-Za-z0-9]+):\n {4}Type: AWS::SQS::Queue$/gm)].map((match) => match[1])
  const lines = ['version: 1', 'region: us-east-1', 'entry_requests: 10M', 'resources:']
  functions.forEach((id, index) => lines.push(`  ${id}: {request_duration_ms: ${40 + ((index * 37) % 400)}}`))
  queues.forEach((id, index) => lines.push(`  ${id}: {request_size_kb: ${1 + (index % 90)}}`))
  return { text: lines.join('\n') + '\n', functions: functions.length }
}

export async function run({ repoRoot, runs = 5 }) {
  const outDir = join(repoRoot, '.bench-out')
  mkdirSync(outDir, { recursive: true })
  const template = join(outDir, `sam-${FUNCTIONS}.yaml`)
  const yaml = generateSamTemplate(FUNCTIONS)
  writeFileSync(template, yaml)
  const usage = usageFor(yaml)
  const usageFile = join(outDir, `sam-${FUNCTIONS}-usage.yml`)
  writeFileSync(usageFile, usage.text)
  if (usage.functions !== FUNCTIONS) throw new Error(`the usage file names ${usage.functions} functions, expected ${FUNCTIONS}`)

  const [ours, baseline] = measureCommands(
    [
      { label: `lambdawise estimate (${FUNCTIONS} functions, usage file)`, cmd: process.execPath, args: ['bin/run.js', 'estimate', template, '--usage', usageFile], okStatuses: [0], env: { ...process.env, LAMBDAWISE_CACHE_DIR: outDir } },
      { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], okStatuses: [0] },
    ],
    { runs, warmup: 1, cwd: repoRoot },
  )
  const row = (r) => ({ label: r.label, medianMs: round1(r.median), minMs: round1(r.min), maxMs: round1(r.max), peakRssMb: r.peakRssMb === null ? null : round1(r.peakRssMb) })
  return {
    name,
    node: process.version,
    runs,
    results: [row(ours), row(baseline)],
    budget: { description: `estimate on ${FUNCTIONS} functions with usage`, limit: BUDGET_MS, actual: round1(ours.median), unit: 'ms' },
    notes: [`median ${round1(ours.median)} ms (budget < ${BUDGET_MS} ms); node -e 0 takes ${round1(baseline.median)} ms on this machine`],
    pass: ours.median < BUDGET_MS,
  }
}
