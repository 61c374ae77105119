import { requiredEnv } from '../lib/env.js'
import type { Order, RiskAssessment } from '../lib/order.js'

const reviewAmountThresholdCents = Number(requiredEnv('REVIEW_AMOUNT_THRESHOLD_CENTS'))
/** A single line with more units than this looks like reselling or a typo. */
export const MAX_UNREVIEWED_QUANTITY = 20

/** Decides whether a human must look at the order. Replace the rules with your fraud service's call. */
export const handler = async ({ order }: { order: Order }): Promise<RiskAssessment> => {
  const reasons: string[] = []
  if (order.amountCents >= reviewAmountThresholdCents) reasons.push(`amount ${order.amountCents} is at or above the review threshold ${reviewAmountThresholdCents}`)
  for (const line of order.lines) {
    if (line.quantity > MAX_UNREVIEWED_QUANTITY) reasons.push(`${line.quantity} units of ${line.sku}`)
  }
  return { requiresReview: reasons.length > 0, reasons }
}
