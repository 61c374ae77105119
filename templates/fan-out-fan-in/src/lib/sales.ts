/**
 * The job's domain: sales records in, revenue per SKU out. Replace this file with your own record
 * type and aggregation; the split / process / merge plumbing around it stays the same. The one
 * requirement for fan-in: merging partial results must not depend on how the input was split
 * (sums, counts, min/max — not medians without more care).
 */
export interface SaleRecord {
  sku: string
  quantity: number
  unitPriceCents: number
}

export interface SkuTotals {
  quantity: number
  revenueCents: number
}

export interface Totals {
  records: number
  invalidRecords: number
  bySku: Record<string, SkuTotals>
}

export const emptyTotals = (): Totals => ({ records: 0, invalidRecords: 0, bySku: {} })

/** One JSON Lines record; undefined when the line is not a valid sale (counted, not fatal). */
export function parseRecord(line: string): SaleRecord | undefined {
  try {
    const value: unknown = JSON.parse(line)
    if (typeof value !== 'object' || value === null) return undefined
    const { sku, quantity, unitPriceCents } = value as Record<string, unknown>
    if (typeof sku !== 'string' || sku.length === 0) return undefined
    if (!Number.isInteger(quantity) || !Number.isInteger(unitPriceCents) || (unitPriceCents as number) < 0) return undefined
    return { sku, quantity: quantity as number, unitPriceCents: unitPriceCents as number }
  } catch {
    return undefined
  }
}

/** Aggregates the lines of one part. */
export function aggregate(lines: Iterable<string>): Totals {
  const totals = emptyTotals()
  for (const line of lines) {
    if (line.trim() === '') continue
    const record = parseRecord(line)
    if (!record) {
      totals.invalidRecords += 1
      continue
    }
    totals.records += 1
    const sku = (totals.bySku[record.sku] ??= { quantity: 0, revenueCents: 0 })
    sku.quantity += record.quantity
    sku.revenueCents += record.quantity * record.unitPriceCents
  }
  return totals
}

/** Adds `part` into `into` (fan-in). */
export function mergeInto(into: Totals, part: Totals): Totals {
  into.records += part.records
  into.invalidRecords += part.invalidRecords
  for (const [sku, totals] of Object.entries(part.bySku)) {
    const target = (into.bySku[sku] ??= { quantity: 0, revenueCents: 0 })
    target.quantity += totals.quantity
    target.revenueCents += totals.revenueCents
  }
  return into
}
