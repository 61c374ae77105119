/**
 * Would a container be cheaper? The Lambda functions' monthly cost against an always-on Fargate
 * service doing the same work (issue 4: "flag where a container would be cheaper than Lambda at
 * that traffic, and by how much").
 *
 * The container side is sized from the functions' own compute, so it needs no extra usage:
 *   - the work is the functions' billed GB-seconds a month; spread over the month's
 *     2,628,000 seconds (730 hours) it is the average memory in use, in GB;
 *   - Lambda gives a function CPU in proportion to memory, one vCPU at 1,769 MB
 *     (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so the same work
 *     needs that many vCPUs;
 *   - tasks run at 50% average utilisation, to absorb peaks the way Lambda's scaling does, and there
 *     are at least two of them (two Availability Zones), each 1 vCPU and 2 GB (Fargate's 1:2 ratio);
 *   - they run all month: 730 hours, at the Fargate on-demand prices of the functions' architecture.
 * Left out, and said so in the output: the load balancer a container service needs instead of
 * (or behind) API Gateway, and the engineering time to run it.
 */
import type { CostComponent, PriceSource } from './types.js'

const HOURS_PER_MONTH = 730
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
const MB_PER_VCPU = 1769
const TARGET_UTILISATION = 0.5
const MIN_TASKS = 2
const TASK_VCPU = 1
const TASK_MEMORY_GB = 2

export const CONTAINER_ASSUMPTIONS =
  'Fargate tasks of 1 vCPU and 2 GB sized for the functions\' average compute at 50% utilisation, at least 2, running 730 hours; load balancer not included'

export interface ContainerComparison {
  /** What the Lambda functions cost a month (requests, duration, storage, provisioned concurrency). */
  lambdaMonthlyCost: number
  /** The same work on Fargate; undefined when a price is missing. */
  fargateMonthlyCost: number | undefined
  tasks: number
  /** Tasks the work itself needs before the two-task floor (fractional): what grows with traffic. */
  tasksForWork: number
  architecture: 'x86' | 'arm64'
  /** True when Fargate is cheaper; undefined when either side is unknown. */
  containerCheaper: boolean | undefined
  /** Lambda minus Fargate, USD a month (positive: the container saves that much). */
  monthlySaving: number | undefined
}

export interface LambdaCost {
  monthlyCost: number
  complete: boolean
  components: readonly CostComponent[]
}

/** undefined when there are no functions, or their duration is unknown (no compute to compare). */
export function compareWithContainer(functions: readonly LambdaCost[], prices: PriceSource, region: string): ContainerComparison | undefined {
  if (functions.length === 0 || functions.some((fn) => !fn.complete)) return undefined
  let gbSeconds = 0
  let armGbSeconds = 0
  for (const fn of functions) {
    for (const component of fn.components) {
      if (!component.priceKey.name.startsWith('duration-') || component.quantity === undefined) continue
      gbSeconds += component.quantity
      if (component.priceKey.name === 'duration-arm64') armGbSeconds += component.quantity
    }
  }
  // The architecture most of the work runs on: a container service would be built for one.
  const architecture = armGbSeconds * 2 > gbSeconds ? 'arm64' : 'x86'
  const memoryGb = gbSeconds / SECONDS_PER_MONTH / TARGET_UTILISATION
  const vcpus = (memoryGb * 1024) / MB_PER_VCPU
  const tasksForWork = Math.max(vcpus / TASK_VCPU, memoryGb / TASK_MEMORY_GB)
  const tasks = Math.max(MIN_TASKS, Math.ceil(tasksForWork))
  const vcpuPrice = prices.price({ service: 'fargate', name: `vcpu-hours-${architecture}`, region })?.tiers[0]?.usd
  const gbPrice = prices.price({ service: 'fargate', name: `gb-hours-${architecture}`, region })?.tiers[0]?.usd
  const lambdaMonthlyCost = round(functions.reduce((total, fn) => total + fn.monthlyCost, 0))
  const fargateMonthlyCost = vcpuPrice === undefined || gbPrice === undefined ? undefined : round(tasks * HOURS_PER_MONTH * (TASK_VCPU * vcpuPrice + TASK_MEMORY_GB * gbPrice))
  return {
    lambdaMonthlyCost,
    fargateMonthlyCost,
    tasks,
    tasksForWork,
    architecture,
    containerCheaper: fargateMonthlyCost === undefined ? undefined : fargateMonthlyCost < lambdaMonthlyCost,
    monthlySaving: fargateMonthlyCost === undefined ? undefined : round(lambdaMonthlyCost - fargateMonthlyCost),
  }
}

function round(usd: number): number {
  return Math.round(usd * 100) / 100
}
