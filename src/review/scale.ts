/**
 * The estimate gives the monthly cost at 1×, 10×, 100× and 1000× the traffic; the report's chart
 * also shows 10000×. Pricing the architecture at 10× with every monthly count of the usage file
 * also ×10 makes the estimate's own 1000× step the 10000× one, priced by the same model.
 */
import { type Estimate, estimate, type ScalingStep } from '../cost/estimate.js'
import type { PriceSource } from '../cost/types.js'
import type { ResourceUsage, UsageFile } from '../cost/usage.js'
import type { ArchitectureGraph } from '../graph/graph.js'

export function stepAt(graph: ArchitectureGraph, base: Estimate, prices: PriceSource, usage: UsageFile | undefined, multiplier: number): ScalingStep | undefined {
  if (base.entryRequests === undefined || multiplier < 1000 || multiplier % 1000 !== 0) return undefined
  const factor = multiplier / 1000
  const scaledUsage = usage ? scaleUsage(usage, factor) : undefined
  const scaled = estimate(graph, { region: base.region, freeTier: base.freeTier, entryRequests: base.entryRequests * factor, prices, ...(scaledUsage ? { usage: scaledUsage } : {}) })
  const step = scaled.scaling.find((candidate) => candidate.multiplier === 1000)
  return step ? { ...step, multiplier, entryRequests: base.entryRequests * multiplier } : undefined
}

/** Monthly counts grow with traffic; sizes, durations and storage stay (as the estimate's own scaling does). */
export function scaleUsage(usage: UsageFile, factor: number): UsageFile {
  const resources = new Map<string, ResourceUsage>()
  for (const [id, values] of usage.resources) {
    resources.set(id, Object.fromEntries(Object.entries(values).map(([key, value]) => [key, isCount(key) && value !== undefined ? value * factor : value])) as ResourceUsage)
  }
  return { ...usage, ...(usage.entryRequests !== undefined ? { entryRequests: usage.entryRequests * factor } : {}), resources }
}

function isCount(key: string): boolean {
  return key.startsWith('monthly_') && !key.endsWith('_gb')
}
