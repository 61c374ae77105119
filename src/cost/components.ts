import { tieredCost } from './tiers.js'
import type { CostComponent, PriceKey, PriceSource, PriceTier } from './types.js'

/** A price a service module needs, before a region is chosen. */
export interface PriceNeed {
  service: string
  name: string
}

/** The keys of `needs` in `region`. */
export function priceKeysFor(needs: readonly PriceNeed[], region: string): PriceKey[] {
  return needs.map(need => ({ service: need.service, name: need.name, region }))
}

/** The keys `source` has no price for (a snapshot is complete when this is empty). */
export function missingPrices(keys: readonly PriceKey[], source: PriceSource): PriceKey[] {
  return keys.filter(key => source.price(key) === undefined)
}

export interface ComponentSpec {
  name: string
  key: PriceKey
  /** Monthly quantity in the price's unit; undefined when it depends on usage nobody gave. */
  quantity: number | undefined
  /** Units of the month used before this component (tier boundaries are on the month's total). */
  alreadyUsed?: number
  /** Changes the price's tiers before pricing, e.g. to add a free allowance. */
  adjustTiers?: (tiers: PriceTier[]) => PriceTier[]
  /** Unit to show when the price is missing (otherwise the price's own unit). */
  fallbackUnit: string
}

/**
 * One cost component: unknown usage or a missing price leave the cost undefined, never 0
 * (style.md: "depends on usage", never a silent 0).
 */
export function priceComponent(prices: PriceSource, spec: ComponentSpec): CostComponent {
  const price = prices.price(spec.key)
  const usageKnown = spec.quantity !== undefined && Number.isFinite(spec.quantity)
  const quantity = usageKnown ? spec.quantity : undefined
  let monthlyCost: number | undefined
  if (price !== undefined && quantity !== undefined) {
    const tiers = spec.adjustTiers ? spec.adjustTiers([...price.tiers]) : price.tiers
    monthlyCost = tieredCost(quantity, tiers, spec.alreadyUsed ?? 0)
  }
  return {
    name: spec.name,
    unit: price?.unit ?? spec.fallbackUnit,
    quantity,
    unitPrice: price?.tiers[0]?.usd,
    monthlyCost,
    usageKnown,
    priceKey: spec.key,
  }
}

/** The sum of the known monthly costs, and whether any component is still unknown. */
export function totalOf(components: readonly CostComponent[]): { monthlyCost: number; complete: boolean } {
  let monthlyCost = 0
  let complete = true
  for (const component of components) {
    if (component.monthlyCost === undefined) complete = false
    else monthlyCost += component.monthlyCost
  }
  return { monthlyCost, complete }
}
