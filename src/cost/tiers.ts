import type { PriceTier } from './types.js'

/**
 * Tiered prices as data plus one small function (style.md, Cost): every service prices its
 * quantities through `tieredCost`, never through per-service if-chains.
 */

/**
 * USD for `quantity` units under `tiers`, for the units that come after the `alreadyUsed`
 * units of the month (the tier boundaries are on the month's running total, as AWS meters them).
 *
 * Tiers are ordered; each applies from the previous tier's `upTo` (0 for the first) to its own
 * `upTo`. A free tier is simply a tier with `usd: 0`. Units beyond the last bounded tier are
 * priced at the last tier's price, so a table that forgot its open-ended tier still never
 * under-prices to 0.
 */
export function tieredCost(quantity: number, tiers: readonly PriceTier[], alreadyUsed = 0): number {
  if (!(quantity > 0) || tiers.length === 0) return 0
  const start = alreadyUsed > 0 ? alreadyUsed : 0
  const end = start + quantity
  let lower = 0
  let total = 0
  tiers.forEach((tier, index) => {
    const isLast = index === tiers.length - 1
    const upper = isLast || tier.upTo === undefined ? Number.POSITIVE_INFINITY : tier.upTo
    const from = Math.max(lower, start)
    const to = Math.min(upper, end)
    if (to > from) total += (to - from) * tier.usd
    lower = Math.max(lower, upper)
  })
  return total
}

/**
 * The tiers with the first `freeQuantity` units of the month at $0. The paid tiers keep their
 * boundaries on the month's total (Lambda's 6B GB-s tier counts the free 400,000 GB-s too).
 */
export function withFreeAllowance(tiers: readonly PriceTier[], freeQuantity: number): PriceTier[] {
  if (!(freeQuantity > 0)) return [...tiers]
  const result: PriceTier[] = [{ upTo: freeQuantity, usd: 0 }]
  tiers.forEach((tier, index) => {
    const isLast = index === tiers.length - 1
    if (isLast || tier.upTo === undefined) {
      result.push({ usd: tier.usd })
    } else if (tier.upTo > freeQuantity) {
      result.push({ upTo: tier.upTo, usd: tier.usd })
    }
  })
  return result
}

/**
 * `value` rounded up to a whole number of `step`s (Step Functions express: 100 ms and 64 MB).
 * A relative tolerance keeps float noise (300.00000000000006 ms) from adding a whole step.
 */
export function roundUpTo(value: number, step: number): number {
  if (!(step > 0)) throw new Error(`roundUpTo: step must be positive, got ${step} (a bug in the caller)`)
  if (!(value > 0)) return 0
  const steps = value / step
  const nearest = Math.round(steps)
  const whole = Math.abs(steps - nearest) < 1e-9 ? nearest : Math.ceil(steps)
  return whole * step
}

/**
 * How many metered chunks a payload of `sizeKb` counts as: SQS, SNS and EventBridge meter
 * 64 KB chunks, API Gateway HTTP APIs 512 KB, WebSocket messages 32 KB. At least 1.
 */
export function chunks(sizeKb: number, chunkKb = 64): number {
  if (!(chunkKb > 0)) throw new Error(`chunks: chunk size must be positive, got ${chunkKb} (a bug in the caller)`)
  if (!(sizeKb > 0)) return 1
  return Math.max(1, roundUpTo(sizeKb, chunkKb) / chunkKb)
}

/** AWS rounds each line item of a bill to the cent. */
export function roundToCents(usd: number): number {
  return Math.round((usd + Number.EPSILON) * 100) / 100
}
