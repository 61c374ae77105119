/**
 * What `lambdawise review` does between reading flags and printing: lint (lambdawise's rules, the
 * project's config, cfn-lint off), estimate (with the usage or requests given, and the extra
 * 10000× step), then `buildReview`. File reads happen here and in the runs it calls.
 */
import { isAbsolute, relative } from 'node:path'

import { ALL_RULES } from '../../rules/index.js'
import { runEstimate } from '../cost/run.js'
import { openPriceSource } from '../cost/prices/sources.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import { loadConfig } from '../lint/config.js'
import { runLint } from '../lint/run.js'
import { buildReview } from './model.js'
import { stepAt } from './scale.js'
import type { Review } from './types.js'

export interface ReviewRunOptions {
  /** Template file or directory. */
  path: string
  usageFile?: string | undefined
  /** `--requests` as the user typed it. */
  requests?: string | undefined
  region?: string | undefined
  parameters?: Record<string, string>
  /** An explicit config file (`--config`); otherwise found upwards from `cwd`. */
  configFile?: string | undefined
  cwd?: string
  cacheDirectory?: string | undefined
  pricesFile?: string | undefined
  /** Read the handler code (code edges in the diagram, the code rules' findings). Default on. */
  code?: boolean
  /** The date rules judge by (runtime deprecation): given, not read from the clock. */
  today: Date
}

export interface ReviewRun {
  review: Review
  /** The graph the review is of (the HTML renderer draws it). */
  graph: ArchitectureGraph
  /** Things to tell the user on stderr (template warnings). */
  notices: string[]
}

export async function runReview(options: ReviewRunOptions): Promise<ReviewRun> {
  const config = loadConfig(ALL_RULES, { ...(options.configFile ? { explicitFile: options.configFile } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) })
  const parameters = { ...config.parameters, ...options.parameters }
  const lint = await runLint({
    paths: [options.path],
    config,
    levels: new Map(),
    categories: [],
    parameters,
    // The report is about architecture; cfn-lint's schema checks belong to `lambdawise lint` (and would make the report depend on its version).
    cfnLint: 'off',
    code: options.code !== false,
    today: options.today,
  })
  const estimateRun = await runEstimate({
    path: options.path,
    usageFile: options.usageFile,
    requests: options.requests,
    region: options.region,
    parameters,
    cacheDirectory: options.cacheDirectory,
    pricesFile: options.pricesFile,
  })
  const prices = openPriceSource({ pricesFile: options.pricesFile, cacheDirectory: options.cacheDirectory })
  const step = stepAt(estimateRun.graph, estimateRun.estimate, prices, estimateRun.usage, 10000)
  const rulesOff = [...config.rules.entries()].filter(([, level]) => level === 'off').map(([id]) => id).sort()
  const notes = [
    'Findings come from lambdawise\'s own rules; cfn-lint was not run (`lambdawise lint` adds its template schema checks).',
    config.file ? `Rule settings from ${shownPath(config.file, options.cwd ?? process.cwd())}${rulesOff.length > 0 ? `; switched off: ${rulesOff.join(', ')}` : ''}.` : 'No lambdawise config found: every rule at its default severity.',
    estimateRun.usage ? `Traffic and usage from ${estimateRun.usage.file}.` : options.requests !== undefined ? `Traffic: ${options.requests} entry requests a month (no usage file).` : 'No usage file or --requests: the cost at the entry points is unknown.',
    'Prices: the bundled snapshot (or the `pricing update` cache), without tax or discounts.',
  ]
  const review = buildReview({
    // Lint's graph: the same resources, with the code edges when the code was read.
    graph: lint.graph,
    lint: lint.report,
    estimate: estimateRun.estimate,
    rules: ALL_RULES,
    ...(step ? { extraScaling: [step] } : {}),
    source: options.path,
    rulesOff,
    notes,
  })
  return { review, graph: lint.graph, notices: lint.notices }
}

/** A config path relative to the working directory: the report must not carry the machine's absolute paths. */
function shownPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file
  const shown = relative(cwd, file)
  return shown === '' ? file : shown.split('\\').join('/')
}
