/**
 * `estimate --compare`: two versions of an architecture priced with the same usage, region and
 * prices, and the difference per resource (for pull requests: what does this change cost?).
 * Resources are matched by logical id; one only in the new version is "added", one only in the old
 * is "removed".
 */
import type { Estimate } from './estimate.js'
import { roundToCents } from './tiers.js'

export interface ResourceCostChange {
  resource: string
  type: string
  status: 'added' | 'removed' | 'changed' | 'unchanged'
  /** USD a month in the baseline (--compare) version; undefined when the resource is new. */
  before: number | undefined
  /** USD a month in the version being estimated; undefined when the resource is gone. */
  after: number | undefined
  change: number
}

export interface EstimateComparison {
  before: Estimate
  after: Estimate
  monthlyCostChange: number
  /** Largest change first, then by logical id. */
  resources: ResourceCostChange[]
}

export function compareEstimates(before: Estimate, after: Estimate): EstimateComparison {
  const keyOf = (resource: { resource: string; type: string }) => `${resource.resource}\u0000${resource.type}`
  const old = new Map(before.resources.map((resource) => [keyOf(resource), resource]))
  const changes: ResourceCostChange[] = []
  for (const resource of after.resources) {
    const previous = old.get(keyOf(resource))
    old.delete(keyOf(resource))
    const change = roundToCents(resource.monthlyCost - (previous?.monthlyCost ?? 0))
    changes.push({
      resource: resource.resource,
      type: resource.type,
      status: previous === undefined ? 'added' : change === 0 ? 'unchanged' : 'changed',
      before: previous?.monthlyCost,
      after: resource.monthlyCost,
      change,
    })
  }
  for (const resource of old.values()) {
    changes.push({ resource: resource.resource, type: resource.type, status: 'removed', before: resource.monthlyCost, after: undefined, change: roundToCents(-resource.monthlyCost) })
  }
  changes.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0))
  return { before, after, monthlyCostChange: roundToCents(after.monthlyCost - before.monthlyCost), resources: changes }
}
