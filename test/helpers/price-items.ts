/**
 * Price items built in the real Price List format (aws_v1: product with sku and attributes, terms
 * OnDemand → priceDimensions with beginRange, endRange, unit and pricePerUnit.USD), for services whose
 * real items the repository does not hold. Prices are the caller's; see each test for where they come from.
 */
import type { PriceItem } from './price-list-server.js'

export interface ItemSpec {
  serviceCode: string
  usagetype: string
  unit: string
  /** [beginRange, endRange ('Inf' for none), USD per unit] */
  dimensions: Array<[string, string, string]>
  regionCode: string
  productFamily?: string
  sku?: string
}

let counter = 0

export function priceItem(spec: ItemSpec): PriceItem {
  const sku = spec.sku ?? `TESTSKU${String(++counter).padStart(9, '0')}`
  const term = `${sku}.JRTCKXETXF`
  return {
    product: { productFamily: spec.productFamily ?? 'Serverless', sku, attributes: { usagetype: spec.usagetype, regionCode: spec.regionCode, servicecode: spec.serviceCode } },
    serviceCode: spec.serviceCode,
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
    terms: {
      OnDemand: {
        [term]: {
          sku,
          offerTermCode: 'JRTCKXETXF',
          effectiveDate: '2026-11-01T00:00:00Z',
          priceDimensions: Object.fromEntries(
            spec.dimensions.map(([beginRange, endRange, usd], index) => [
              `${term}.${index}`,
              { rateCode: `${term}.${index}`, description: `${spec.usagetype} ${beginRange}-${endRange}`, beginRange, endRange, unit: spec.unit, pricePerUnit: { USD: usd }, appliesTo: [] },
            ]),
          ),
        },
      },
    },
  }
}
