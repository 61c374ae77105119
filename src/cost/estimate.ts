import type { ArchitectureGraph } from '../graph/graph.js'
import { compareWithContainer, type ContainerComparison } from './container.js'
import { type UnpricedResource, unpricedResources } from './unpriced.js'
import type { CostComponent, PriceSource } from './types.js'
import { planTraffic, type TrafficPlan } from './propagate.js'
import { type TypedResource, typedResources } from './resources.js'
import { apiGatewayComponents } from './services/api-gateway.js'
import { dynamoDbComponents } from './services/dynamodb.js'
import { eventBridgeComponents } from './services/eventbridge.js'
import { lambdaComponents } from './services/lambda.js'
import { logsComponents } from './services/logs.js'
import { natGatewayComponents } from './services/nat-gateway.js'
import { snsComponents } from './services/sns.js'
import { sqsComponents } from './services/sqs.js'
import { stepFunctionsComponents } from './services/step-functions.js'
import { roundToCents } from './tiers.js'
import {
  apiGatewayUsageOf, dynamoDbUsageOf, eventBridgeUsageOf, lambdaUsageOf, logsUsageOf, natGatewayUsageOf, type ResourceUsage,
  snsUsageOf, sqsUsageOf, stepFunctionsUsageOf, trafficOverrides, type UsageFile,
} from './usage.js'

export interface EstimateOptions {
  region: string
  freeTier: boolean
  /** Monthly requests at the entry points (`--requests`, else the usage file's `entry_requests`). */
  entryRequests: number | undefined
  usage?: UsageFile
  prices: PriceSource
}

export interface ResourceEstimate {
  resource: string
  type: string
  service: TypedResource['service']
  monthlyCost: number
  /** False when a component's cost is unknown (depends on usage, or no price). */
  complete: boolean
  components: CostComponent[]
}

export interface Estimate {
  region: string
  freeTier: boolean
  entryRequests: number | undefined
  monthlyCost: number
  complete: boolean
  /** The whole flow's cost per entry request; undefined without entry requests. */
  perRequestCost: number | undefined
  resources: ResourceEstimate[]
  /** The monthly total at 10x, 100x and 1000x the entry traffic. */
  scaling: ScalingStep[]
  /** The functions against a Fargate service doing the same work; undefined without functions or their duration. */
  container: (ContainerComparison & { breakEvenEntryRequests: number | undefined }) | undefined
  /** Resources that cost money but are not in the model (a database, an interface endpoint): named, not silently $0. */
  unpriced: UnpricedResource[]
}

export interface ScalingStep {
  multiplier: number
  entryRequests: number
  monthlyCost: number
  largest: string | undefined
  container: ContainerComparison | undefined
}

/**
 * SQS bills every API call: a message is sent, received and deleted, so three requests per message
 * (Lambda's poller batches receives and deletes; three is the conservative count the example uses).
 * https://aws.amazon.com/sqs/pricing/
 */
const SQS_REQUESTS_PER_MESSAGE = 3

/** Prices the architecture: traffic propagated from the entry points, usage overrides, one module per service. */
export function estimate(graph: ArchitectureGraph, options: EstimateOptions): Estimate {
  // The typed resources do not depend on traffic: read the template once for all four prices.
  // Neither do the flows of traffic, nor the usage file's overrides before scaling.
  const typed = typedResources(graph)
  const plan = planTraffic(graph, options.usage?.fanout)
  const overrides = options.usage ? trafficOverrides(options.usage, graph) : undefined
  const pricing: Pricing = { graph, typed, plan, overrides, options }
  const base = priceAt(pricing, options.entryRequests, 1)
  const scaling = options.entryRequests === undefined ? [] : [10, 100, 1000].map((multiplier) => {
    const scaled = priceAt(pricing, options.entryRequests! * multiplier, multiplier, base.resources)
    return { multiplier, entryRequests: options.entryRequests! * multiplier, monthlyCost: scaled.monthlyCost, largest: mostExpensive(scaled.resources)?.resource, container: scaled.container }
  })
  return {
    region: options.region,
    freeTier: options.freeTier,
    entryRequests: options.entryRequests,
    monthlyCost: base.monthlyCost,
    complete: base.complete,
    resources: base.resources,
    perRequestCost: options.entryRequests ? base.monthlyCost / options.entryRequests : undefined,
    scaling,
    container: base.container ? { ...base.container, breakEvenEntryRequests: breakEven(base.container, options.entryRequests) } : undefined,
    unpriced: unpricedResources(graph),
  }
}

/** The resource with the highest monthly cost; the first of several equal ones. */
function mostExpensive(resources: readonly ResourceEstimate[]): ResourceEstimate | undefined {
  let largest: ResourceEstimate | undefined
  for (const resource of resources) if (!largest || resource.monthlyCost > largest.monthlyCost) largest = resource
  return largest
}

/**
 * The entry traffic above which the container is cheaper, from the comparison at today's traffic.
 * Lambda's cost grows in proportion to traffic (L per month now); the container costs c per task and
 * needs k·m tasks at m times today's traffic, but never fewer than two. If c·k < L the container's
 * marginal cost is lower and, with the two-task floor, the lines cross at m = 2c/L; otherwise
 * Lambda stays cheaper at any traffic. Lambda's volume tiers (above 6 billion GB-seconds) make it
 * cheaper still at very high traffic, so this is where the container starts to pay, approximately.
 */
function breakEven(container: ContainerComparison, entryRequests: number | undefined): number | undefined {
  if (entryRequests === undefined || container.fargateMonthlyCost === undefined || container.lambdaMonthlyCost <= 0) return undefined
  const perTask = container.fargateMonthlyCost / container.tasks
  const tasksPerTraffic = container.tasksForWork
  if (perTask * tasksPerTraffic >= container.lambdaMonthlyCost) return undefined
  return Math.ceil(entryRequests * ((2 * perTask) / container.lambdaMonthlyCost))
}

/** What pricing at any traffic level shares. */
interface Pricing {
  graph: ArchitectureGraph
  typed: readonly TypedResource[]
  plan: TrafficPlan
  overrides: ReadonlyMap<string, number> | undefined
  options: EstimateOptions
}

/** `scale` multiplies the usage file's monthly counts too (traffic grows everywhere); sizes, durations and storage stay. */
function priceAt({ graph, typed: typedList, plan, overrides, options }: Pricing, entryRequests: number | undefined, scale: number, base?: readonly ResourceEstimate[]) {
  // The traffic a usage file fixes grows with everything else.
  const perResource = overrides && scale !== 1 ? new Map([...overrides].map(([id, requests]) => [id, requests * scale])) : overrides
  const traffic = plan.run({
    ...(entryRequests !== undefined ? { entryRequests } : {}),
    ...(perResource ? { perResource } : {}),
  })
  // Loops rather than filter/reduce/spread: this runs for every resource at four traffic levels.
  const resources: ResourceEstimate[] = []
  let total = 0
  let complete = true
  for (let position = 0; position < typedList.length; position++) {
    const typed = typedList[position]!
    const requests = traffic.get(typed.id)?.monthlyRequests
    const explicit = options.usage?.resources.get(typed.id)
    // No traffic reaches it and the usage file gives it no monthly count: its usage, and so its
    // price, is the same at every traffic level (most of a large template whose flows are unknown).
    const unchanged = base?.[position]
    if (unchanged && requests === undefined && !(explicit && scalesWithTraffic(explicit))) {
      resources.push(unchanged)
      total += unchanged.monthlyCost
      complete &&= unchanged.complete
      continue
    }
    const node = graph.nodes.get(typed.id)!
    const usage = usageFromTraffic(typed, requests)
    if (explicit) addUsage(usage, explicit, scale)
    const components = componentsOf(typed, usage, options)
    let monthlyCost = 0
    let resourceComplete = typed.unknown.length === 0
    for (const component of components) {
      if (component.monthlyCost === undefined) resourceComplete = false
      else monthlyCost += component.monthlyCost
    }
    const resource: ResourceEstimate = {
      resource: node.logicalId,
      type: node.type,
      service: typed.service,
      monthlyCost: roundToCents(monthlyCost),
      complete: resourceComplete,
      components,
    }
    resources.push(resource)
    total += resource.monthlyCost
    complete &&= resourceComplete
  }
  const container = compareWithContainer(resources.filter((resource) => resource.service === 'lambda'), options.prices, options.region)
  return { monthlyCost: roundToCents(total), complete, resources, container }
}

/** The usage file's values over the propagated ones, monthly counts times `scale`. */
function addUsage(usage: ResourceUsage, explicit: ResourceUsage, scale: number): void {
  for (const key in explicit) {
    const name = key as keyof ResourceUsage
    const value = explicit[name]
    usage[name] = scale !== 1 && value !== undefined && isMonthlyCount(name) ? value * scale : value
  }
}

/** Monthly counts grow with the traffic; sizes, durations, storage and `_gb` amounts stay. */
function isMonthlyCount(key: string): boolean {
  return key.startsWith('monthly_') && !key.endsWith('_gb')
}

function scalesWithTraffic(explicit: ResourceUsage): boolean {
  for (const key in explicit) if (explicit[key as keyof ResourceUsage] !== undefined && isMonthlyCount(key)) return true
  return false
}

/** The usage propagation implies, in each service's own keys; the usage file's values win. */
function usageFromTraffic(typed: TypedResource, requests: number | undefined): ResourceUsage {
  if (requests === undefined) return {}
  switch (typed.service) {
    case 'lambda':
    case 'apigateway':
    case 'sns':
      return { monthly_requests: requests }
    case 'sqs':
      return { monthly_requests: requests * SQS_REQUESTS_PER_MESSAGE }
    case 'eventbridge':
      return typed.resource.kind === 'bus' ? { monthly_custom_events: requests } : typed.resource.kind === 'schedule' ? { monthly_invocations: requests } : { monthly_requests: requests }
    case 'stepfunctions':
      // Standard workflows bill transitions, which depend on the path taken: left to the usage file.
      return typed.resource.type === 'EXPRESS' ? { monthly_requests: requests } : {}
    default:
      return {}
  }
}

function componentsOf(typed: TypedResource, usage: ResourceUsage, options: EstimateOptions): CostComponent[] {
  const serviceOptions = { region: options.region, freeTier: options.freeTier }
  switch (typed.service) {
    case 'lambda':
      return lambdaComponents(typed.resource, lambdaUsageOf(usage), options.prices, serviceOptions)
    case 'apigateway':
      return apiGatewayComponents(typed.resource, apiGatewayUsageOf(usage), options.prices, serviceOptions)
    case 'sqs':
      return sqsComponents(typed.resource, sqsUsageOf(usage), options.prices, serviceOptions)
    case 'sns':
      return snsComponents(typed.resource, snsUsageOf(usage), options.prices, serviceOptions)
    case 'eventbridge':
      return eventBridgeComponents(typed.resource, eventBridgeUsageOf(usage), options.prices, serviceOptions)
    case 'stepfunctions':
      return stepFunctionsComponents(typed.resource, stepFunctionsUsageOf(usage), options.prices, serviceOptions)
    case 'dynamodb':
      return dynamoDbComponents(typed.resource, dynamoDbUsageOf(usage), options.prices, serviceOptions)
    case 'logs':
      return logsComponents(typed.resource, logsUsageOf(usage), options.prices, serviceOptions)
    case 'nat':
      return natGatewayComponents(typed.resource, natGatewayUsageOf(usage), options.prices, serviceOptions)
  }
}
