/**
 * What `lambdawise estimate` does, between reading flags and printing: load the architecture (files
 * or a deployed stack), the usage file and the prices, price it, and price the --compare version.
 * File reads and AWS calls happen here; the cost model itself (estimate.ts) takes data only.
 */
import { readFileSync } from 'node:fs'

import { UserError } from '../errors.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import { buildGraph } from '../graph/build.js'
import { loadGraph } from '../index.js'
import type { ReadOptions } from '../template/template.js'
import { compareEstimates, type EstimateComparison } from './compare.js'
import { type Estimate, estimate } from './estimate.js'
import { openPriceSource } from './prices/sources.js'
import { type ParsedDocument, parseTemplateText } from '../template/parse.js'
import { parseRequestCount, type UsageFile, usageFromDocument } from './usage.js'
import { usageFileFor } from './write-usage.js'

export interface EstimateRunOptions {
  path: string
  /** Price a deployed stack's template instead of files. */
  stack?: string | undefined
  usageFile?: string | undefined
  /** `--requests` as the user typed it. */
  requests?: string | undefined
  region?: string | undefined
  freeTier?: boolean | undefined
  pricesFile?: string | undefined
  cacheDirectory?: string | undefined
  parameters?: Record<string, string>
  /** The other version of the architecture (`--compare`). */
  compare?: string | undefined
}

export interface EstimateRun {
  estimate: Estimate
  comparison?: EstimateComparison
  graph: ArchitectureGraph
  usage: UsageFile | undefined
  /** The --write-usage text for this architecture. */
  usageFileText: () => string
}

export async function runEstimate(options: EstimateRunOptions): Promise<EstimateRun> {
  const readOptions: ReadOptions = { parameters: options.parameters ?? {} }
  const usageDocument = options.usageFile === undefined ? undefined : parseTemplateText(options.usageFile, readUsage(options.usageFile))
  // A usage file's region decides where a stack is read from, as it decides the prices (checked when the usage is read).
  const usageRegion = regionOf(usageDocument)
  const { graph, stackRegion } = await loadArchitecture(options.stack, options.path, readOptions, options.region ?? usageRegion)
  const usage = usageDocument === undefined ? undefined : usageFromDocument(usageDocument, graph)
  const requests = options.requests === undefined ? usage?.entryRequests : parseRequestCount(options.requests)
  if (options.requests !== undefined && requests === undefined) throw new UserError(`--requests expects a count like 1000000, 10M or 2.5B, got "${options.requests}"`)
  const region = options.region ?? usage?.region ?? stackRegion ?? process.env.AWS_REGION ?? 'us-east-1'
  const prices = openPriceSource({ pricesFile: options.pricesFile, cacheDirectory: options.cacheDirectory })
  prices.requireRegion(region)
  const freeTier = options.freeTier ?? usage?.freeTier ?? false
  const settings = { region, freeTier, entryRequests: requests, prices }
  const result = estimate(graph, { ...settings, ...(usage ? { usage } : {}) })

  let comparison: EstimateComparison | undefined
  if (options.compare !== undefined) {
    const other = await loadGraph([options.compare], readOptions)
    // The same usage, applied to the other version: resources it lacks are skipped, not errors.
    const otherUsage = usageDocument === undefined ? undefined : usageFromDocument(usageDocument, other.graph, { skipUnknown: true })
    const baseline = estimate(other.graph, { ...settings, ...(otherUsage ? { usage: otherUsage } : {}) })
    comparison = compareEstimates(baseline, result)
  }
  const source = options.stack !== undefined ? `stack ${options.stack}` : options.path
  return {
    estimate: result,
    ...(comparison ? { comparison } : {}),
    graph,
    usage,
    usageFileText: () => usageFileFor(graph, { region, freeTier, entryRequests: requests, source, ...(usage ? { usage } : {}) }),
  }
}

async function loadArchitecture(stack: string | undefined, path: string, readOptions: ReadOptions, region: string | undefined) {
  if (stack === undefined) return { graph: (await loadGraph([path], readOptions)).graph, stackRegion: undefined }
  // The SDK is loaded only when a stack is asked for: estimate on files starts without it.
  const { fetchStackTemplate } = await import('../aws/cloudformation.js')
  const { Template } = await import('../template/template.js')
  const fetched = await fetchStackTemplate(stack, region ? { region } : {})
  const template = new Template(parseTemplateText(fetched.file, fetched.text), readOptions)
  return { graph: buildGraph([template]), stackRegion: fetched.region }
}

function regionOf(document: ParsedDocument | undefined): string | undefined {
  const root = document?.root
  const region = typeof root === 'object' && root !== null ? (root as Record<string, unknown>).region : undefined
  return typeof region === 'string' ? region : undefined
}

function readUsage(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new UserError('no such usage file', { file }, 'check the --usage path')
  }
}
