/** Section 4: cost per resource, per request and per month, and at 1×-10000× the traffic. */
import { CONTAINER_ASSUMPTIONS } from '../cost/container.js'
import type { Estimate, ScalingStep } from '../cost/estimate.js'
import { containerSentence } from '../cost/format.js'
import { compareText } from './inventory.js'
import type { CostPointModel, CostSection } from './types.js'

/** The report's traffic steps: the estimate gives 1×-1000×; 10000× is priced by the caller (see scale.ts). */
export const MULTIPLIERS = [1, 10, 100, 1000, 10000] as const

export function costSectionOf(estimate: Estimate, extraSteps: readonly ScalingStep[] = []): CostSection {
  const steps = [...estimate.scaling, ...extraSteps]
  const points: CostPointModel[] = []
  if (estimate.entryRequests !== undefined) {
    for (const multiplier of MULTIPLIERS) {
      if (multiplier === 1) {
        points.push({ multiplier, entryRequests: estimate.entryRequests, totalMonthly: estimate.monthlyCost, lambdaMonthly: estimate.container?.lambdaMonthlyCost, containerMonthly: estimate.container?.fargateMonthlyCost })
        continue
      }
      const step = steps.find((candidate) => candidate.multiplier === multiplier)
      if (step) points.push({ multiplier, entryRequests: step.entryRequests, totalMonthly: step.monthlyCost, lambdaMonthly: step.container?.lambdaMonthlyCost, containerMonthly: step.container?.fargateMonthlyCost })
    }
  }
  const needs: string[] = []
  if (estimate.entryRequests === undefined) needs.push('the monthly requests at the entry points: --requests N, or entry_requests in a --usage file')
  const unknown = estimate.resources.filter((resource) => !resource.complete).map((resource) => resource.resource).sort(compareText)
  if (unknown.length > 0) needs.push(`usage for ${unknown.length} resource${unknown.length === 1 ? '' : 's'} whose cost depends on it (durations, sizes, log volume): give them in a --usage file (\`lambdawise estimate --write-usage FILE\` writes one)`)
  if (estimate.container === undefined && estimate.resources.some((resource) => resource.service === 'lambda')) needs.push('every function\'s duration (request_duration_ms in the usage file) to compare Lambda with a container')
  return {
    region: estimate.region,
    freeTier: estimate.freeTier,
    entryRequests: estimate.entryRequests,
    monthlyCost: estimate.monthlyCost,
    complete: estimate.complete,
    perRequestCost: estimate.perRequestCost,
    resources: estimate.resources
      .map((resource) => ({
        resource: resource.resource,
        type: resource.type,
        monthlyCost: resource.monthlyCost,
        complete: resource.complete,
        unknown: resource.components.filter((component) => component.monthlyCost === undefined).map((component) => component.name),
      }))
      .sort((a, b) => b.monthlyCost - a.monthlyCost || compareText(a.resource, b.resource)),
    points,
    breakEvenEntryRequests: estimate.container?.breakEvenEntryRequests,
    container: containerSentence(estimate),
    needs,
  }
}

export { CONTAINER_ASSUMPTIONS }
