/**
 * The three layers of the cost model (design §6, as infracost has them):
 *   1. template resource -> typed resource, with CloudFormation/SAM defaults (src/cost/resources.ts);
 *   2. typed resource + usage -> cost components, pure functions, one module per service (src/cost/services/);
 *   3. price key -> price, from the bundled snapshot or the Price List API (src/cost/prices/).
 */

/** A price the model needs, named independently of where it comes from. */
export interface PriceKey {
  /** e.g. 'lambda', 'apigateway', 'sqs', 'sns', 'eventbridge', 'stepfunctions', 'dynamodb', 'logs', 'nat', 'fargate' */
  service: string
  /** Stable name within the service, e.g. 'requests', 'duration-x86', 'duration-arm64', 'rest-requests'. */
  name: string
  region: string
}

/** One step of a tiered price: the price applies to quantities from the previous tier's end up to `upTo`. */
export interface PriceTier {
  /** Inclusive upper bound of the tier in the price's unit (undefined: no upper bound). */
  upTo?: number
  /** USD per unit. */
  usd: number
}

export interface Price {
  key: PriceKey
  /** The unit the tiers are in, e.g. 'requests', 'GB-seconds', 'GB-month', 'hours', 'GB'. */
  unit: string
  /** Ordered tiers; a flat price is one tier without `upTo`. */
  tiers: PriceTier[]
  /** Where the figure comes from (AWS page URL, Price List SKU) and when it was taken (YYYY-MM-DD). */
  source: string
  date: string
}

export interface PriceSource {
  /** The price, or undefined when this source has none (the caller says so, never prices it at 0). */
  price(key: PriceKey): Price | undefined
}

/** One line of an estimate. */
export interface CostComponent {
  name: string
  unit: string
  /** Monthly quantity in `unit`; undefined when it depends on usage nobody gave ("depends on usage"). */
  quantity: number | undefined
  /** The price applied (the first tier's price when tiered), USD per unit. */
  unitPrice: number | undefined
  /** USD per month; undefined when the quantity or the price is unknown. */
  monthlyCost: number | undefined
  usageKnown: boolean
  priceKey: PriceKey
}
