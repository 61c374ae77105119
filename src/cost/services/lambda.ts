/**
 * AWS Lambda cost components (layer 2: typed resource + usage -> components; pure).
 * Prices and rules: https://aws.amazon.com/lambda/pricing/ — requests, duration per GB-second
 * rounded up to 1 ms with monthly tiers per architecture, ephemeral storage above the free
 * 512 MB, provisioned concurrency; free tier 1M requests + 400,000 GB-s a month (both
 * architectures, not for provisioned concurrency), which is not in the regional price items.
 */
import { priceComponent, priceKeysFor, type PriceNeed } from '../components.js'
import { withFreeAllowance } from '../tiers.js'
import type { CostComponent, PriceKey, PriceSource } from '../types.js'

export type LambdaArchitecture = 'x86_64' | 'arm64'

export interface LambdaFunction {
  memoryMb: number
  architecture: LambdaArchitecture
  ephemeralStorageMb: number
  /** Provisioned concurrency configured on the function (template ProvisionedConcurrencyConfig). */
  provisionedConcurrency?: number
}

export interface LambdaUsage {
  /** Invocations a month (usage key `monthly_requests`). */
  monthlyRequests?: number
  /** Average duration of one invocation in ms (usage key `request_duration_ms`); billed rounded up to 1 ms. */
  requestDurationMs?: number
  /** Hours a month provisioned concurrency is enabled; a month (730 h) when not given. */
  provisionedHours?: number
}

export interface LambdaOptions {
  region: string
  freeTier: boolean
}

export const LAMBDA_SERVICE = 'lambda'

/** Price names per architecture (the Price List has separate SKUs for x86 and Arm). */
const ARCH_SUFFIX: Record<LambdaArchitecture, string> = { x86_64: 'x86', arm64: 'arm64' }

/** Every price the Lambda module may ask for; a snapshot must have all of them per region. */
export const LAMBDA_PRICE_NEEDS: readonly PriceNeed[] = [
  { service: LAMBDA_SERVICE, name: 'requests' },
  { service: LAMBDA_SERVICE, name: 'duration-x86' },
  { service: LAMBDA_SERVICE, name: 'duration-arm64' },
  { service: LAMBDA_SERVICE, name: 'ephemeral-storage' },
  { service: LAMBDA_SERVICE, name: 'provisioned-concurrency-x86' },
  { service: LAMBDA_SERVICE, name: 'provisioned-concurrency-arm64' },
  { service: LAMBDA_SERVICE, name: 'provisioned-duration-x86' },
  { service: LAMBDA_SERVICE, name: 'provisioned-duration-arm64' },
]

export function lambdaPriceKeys(region: string): PriceKey[] {
  return priceKeysFor(LAMBDA_PRICE_NEEDS, region)
}

/** Lambda's monthly free tier (Lambda pricing page); not part of the regional price items. */
export const LAMBDA_FREE_REQUESTS = 1_000_000
export const LAMBDA_FREE_GB_SECONDS = 400_000
/** Ephemeral storage up to 512 MB is included at no charge. */
export const LAMBDA_FREE_EPHEMERAL_MB = 512
export const HOURS_PER_MONTH = 730

export function lambdaComponents(
  fn: LambdaFunction,
  usage: LambdaUsage,
  prices: PriceSource,
  options: LambdaOptions,
): CostComponent[] {
  const key = (name: string): PriceKey => ({ service: LAMBDA_SERVICE, name, region: options.region })
  const arch = ARCH_SUFFIX[fn.architecture]
  const memoryGb = fn.memoryMb / 1024
  const requests = usage.monthlyRequests
  // Duration is billed per invocation rounded up to the next millisecond.
  const billedSeconds =
    requests !== undefined && usage.requestDurationMs !== undefined
      ? (requests * Math.ceil(usage.requestDurationMs)) / 1000
      : undefined
  const executedGbSeconds = billedSeconds === undefined ? undefined : billedSeconds * memoryGb

  const components: CostComponent[] = [
    priceComponent(prices, {
      name: 'Requests',
      key: key('requests'),
      quantity: requests,
      adjustTiers: options.freeTier ? tiers => withFreeAllowance(tiers, LAMBDA_FREE_REQUESTS) : undefined,
      fallbackUnit: 'requests',
    }),
  ]

  const provisioned = fn.provisionedConcurrency ?? 0
  let onDemandGbSeconds = executedGbSeconds
  if (provisioned > 0) {
    const hours = usage.provisionedHours ?? HOURS_PER_MONTH
    const provisionedGbSeconds = provisioned * memoryGb * hours * 3600
    // Invocations fill the provisioned capacity first and run at the provisioned duration price;
    // what does not fit spills over to on-demand (an assumption: traffic perfectly packed).
    const onProvisioned =
      executedGbSeconds === undefined ? undefined : Math.min(executedGbSeconds, provisionedGbSeconds)
    onDemandGbSeconds =
      executedGbSeconds === undefined || onProvisioned === undefined ? undefined : executedGbSeconds - onProvisioned
    components.push(
      priceComponent(prices, {
        name: `Provisioned concurrency (${fn.architecture})`,
        key: key(`provisioned-concurrency-${arch}`),
        quantity: provisionedGbSeconds,
        fallbackUnit: 'GB-seconds',
      }),
      priceComponent(prices, {
        name: `Duration on provisioned concurrency (${fn.architecture})`,
        key: key(`provisioned-duration-${arch}`),
        quantity: onProvisioned,
        fallbackUnit: 'GB-seconds',
      }),
    )
  }

  components.push(
    priceComponent(prices, {
      name: `Duration (${fn.architecture})`,
      key: key(`duration-${arch}`),
      quantity: onDemandGbSeconds,
      // The free GB-seconds count toward the month's tiers (withFreeAllowance keeps the boundaries).
      adjustTiers: options.freeTier ? tiers => withFreeAllowance(tiers, LAMBDA_FREE_GB_SECONDS) : undefined,
      fallbackUnit: 'GB-seconds',
    }),
  )

  if (fn.ephemeralStorageMb > LAMBDA_FREE_EPHEMERAL_MB) {
    // GB of storage above 512 MB × seconds of execution (not × GB-seconds of memory).
    const extraGb = (fn.ephemeralStorageMb - LAMBDA_FREE_EPHEMERAL_MB) / 1024
    components.push(
      priceComponent(prices, {
        name: 'Ephemeral storage',
        key: key('ephemeral-storage'),
        quantity: billedSeconds === undefined ? undefined : extraGb * billedSeconds,
        fallbackUnit: 'GB-seconds',
      }),
    )
  }
  return components
}
