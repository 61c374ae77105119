import { describe, expect, it } from 'vitest'
import { aggregate, emptyTotals, mergeInto, parseRecord } from '../src/lib/sales.js'

describe('sales aggregation', () => {
  it('parses a valid record and rejects malformed ones', () => {
    expect(parseRecord('{"sku":"A","quantity":2,"unitPriceCents":150}')).toEqual({ sku: 'A', quantity: 2, unitPriceCents: 150 })
    expect(parseRecord('not json')).toBeUndefined()
    expect(parseRecord('{"sku":"A","quantity":1.5,"unitPriceCents":150}')).toBeUndefined()
    expect(parseRecord('{"sku":"","quantity":1,"unitPriceCents":150}')).toBeUndefined()
    expect(parseRecord('null')).toBeUndefined()
  })

  it('sums quantity and revenue per sku and counts invalid lines', () => {
    const totals = aggregate(['{"sku":"A","quantity":2,"unitPriceCents":150}', '', '{"sku":"A","quantity":1,"unitPriceCents":100}', 'oops', '{"sku":"B","quantity":-1,"unitPriceCents":500}'])
    expect(totals).toEqual({ records: 3, invalidRecords: 1, bySku: { A: { quantity: 3, revenueCents: 400 }, B: { quantity: -1, revenueCents: -500 } } })
  })

  it('merges partial results to the same totals however the input was split', () => {
    const lines = ['{"sku":"A","quantity":2,"unitPriceCents":150}', '{"sku":"B","quantity":1,"unitPriceCents":900}', 'bad', '{"sku":"A","quantity":5,"unitPriceCents":150}']
    const whole = aggregate(lines)
    for (let cut = 0; cut <= lines.length; cut++) {
      expect(mergeInto(mergeInto(emptyTotals(), aggregate(lines.slice(0, cut))), aggregate(lines.slice(cut)))).toEqual(whole)
    }
  })
})
