/**
 * Reads current prices from the AWS Price List Query API (`pricing update`, design §6–7): every
 * on-demand price item of a service in a region, turned into our `Price`s.
 *
 * The API has endpoints in us-east-1, ap-south-1 and eu-central-1 only (the region asked about is a
 * filter, not the endpoint). The endpoint is the SDK's own: it honours `AWS_ENDPOINT_URL_PRICING`
 * and `AWS_ENDPOINT_URL` (and the shared config file's `endpoint_url`), which is how tests point it
 * at a local Price List server.
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html
 */
import { type Filter, GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing'

import type { Price, PriceTier } from '../cost/types.js'
import { UserError } from '../errors.js'
import { classifyAwsError, CREDENTIALS_HINT } from './errors.js'
import { USAGE_TYPE_KEYS, type UsageTypeMapping } from './price-list-usage-types.js'

export { USAGE_TYPE_KEYS } from './price-list-usage-types.js'

export interface PriceListOptions {
  /** The Price List API's own region: us-east-1 (default), ap-south-1 or eu-central-1. */
  apiRegion?: string
  /** Attempts per call, the first included (the SDK's standard retry mode; default 3). */
  maxAttempts?: number
  /** Items per page (GetProducts' MaxResults, 1–100; default 100). */
  pageSize?: number
}

/** The regions the Price List Query API answers in. */
export const PRICE_LIST_API_REGIONS = ['us-east-1', 'ap-south-1', 'eu-central-1'] as const

/** Our service names (PriceKey.service) and the Price List service codes they stand for. */
export const SERVICE_CODES: Readonly<Record<string, string>> = {
  lambda: 'AWSLambda',
  sqs: 'AWSQueueService',
  sns: 'AmazonSNS',
  apigateway: 'AmazonApiGateway',
  stepfunctions: 'AmazonStates',
  eventbridge: 'AWSEvents',
  dynamodb: 'AmazonDynamoDB',
  logs: 'AmazonCloudWatch',
  nat: 'AmazonEC2',
  fargate: 'AmazonECS',
}

/** Filters beyond the region, where the service code holds far more than we price (all of EC2 for a NAT gateway). */
const EXTRA_FILTERS: Readonly<Record<string, Filter[]>> = {
  nat: [{ Type: 'TERM_MATCH', Field: 'productFamily', Value: 'NAT Gateway' }],
}

/**
 * The region prefix of a usage type: none or `USE1-` in us-east-1 (it depends on the service),
 * `EU-` in eu-west-1, `APN1-` in ap-northeast-1, `APS2-` in ap-southeast-2, `EUC1-` in
 * eu-central-1, and so on: capitals and at most two digits, then a hyphen. No usage type name
 * proper starts that way (`Lambda-…`, `Request`, `Requests-RBP`, `ApiGatewayRequest`).
 */
const REGION_PREFIX = /^[A-Z]{2,4}\d{0,2}-/

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
const MAX_PAGES = 1000


/**
 * Every on-demand price of `service` (our name, e.g. 'lambda', or its service code, 'AWSLambda')
 * in `region`, following NextToken over all pages. Known usage types get our price key names
 * (USAGE_TYPE_KEYS); the others are named `usagetype:<usagetype>`. Items without an on-demand USD
 * price (reserved-only, or priced in CNY) are left out. Sorted by name.
 */
export async function fetchPrices(service: string, region: string, options: PriceListOptions = {}): Promise<Price[]> {
  const { name: serviceName, code: serviceCode } = resolveService(service)
  if (!REGION.test(region)) throw new UserError(`${JSON.stringify(region)} is not an AWS region`, undefined, 'give a region code such as us-east-1 or eu-west-1')
  const apiRegion = options.apiRegion ?? 'us-east-1'
  if (!(PRICE_LIST_API_REGIONS as readonly string[]).includes(apiRegion)) {
    throw new UserError(`the Price List API has no endpoint in ${apiRegion}`, undefined, `use one of ${PRICE_LIST_API_REGIONS.join(', ')}`)
  }
  const pageSize = options.pageSize ?? 100
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new UserError(`page size ${pageSize} is out of range`, undefined, 'give 1 to 100')

  const client = createClient(apiRegion, options.maxAttempts)
  const items: unknown[] = []
  try {
    const filters: Filter[] = [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }, ...(EXTRA_FILTERS[serviceName] ?? [])]
    const seenTokens = new Set<string>()
    let nextToken: string | undefined
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) throw malformed(`more than ${MAX_PAGES} pages`)
      const response = await client
        .send(new GetProductsCommand({ ServiceCode: serviceCode, Filters: filters, FormatVersion: 'aws_v1', NextToken: nextToken, MaxResults: pageSize }))
        .catch((error: unknown) => {
          throw toUserError(error, serviceCode, region)
        })
      if (response.FormatVersion !== undefined && response.FormatVersion !== 'aws_v1') throw malformed(`format version ${response.FormatVersion}, not aws_v1`)
      const priceList: unknown = response.PriceList ?? []
      if (!Array.isArray(priceList)) throw malformed('PriceList is not a list')
      for (const entry of priceList) items.push(parseEntry(entry))
      nextToken = response.NextToken || undefined
      if (!nextToken) break
      if (seenTokens.has(nextToken)) throw malformed('a NextToken came back twice')
      seenTokens.add(nextToken)
    }
  } finally {
    client.destroy()
  }

  const prices: Price[] = []
  const names = new Set<string>()
  for (const item of items) {
    const price = toPrice(item, serviceName, region)
    if (!price) continue
    // Two items for one name (the same usage type under two operations, say): the first keeps the
    // name, the others are told apart by their SKU, so that nothing is lost or overwritten.
    if (names.has(price.key.name)) price.key.name = `usagetype:${usageTypeOf(item)}:${skuOf(item)}`
    names.add(price.key.name)
    prices.push(price)
  }
  return prices.sort((a, b) => (a.key.name < b.key.name ? -1 : a.key.name > b.key.name ? 1 : 0))
}

/** Our name for a price item's usage type in `service`, or `usagetype:<usagetype>`. */
export function priceKeyName(service: string, usageType: string): string {
  return mappingOf(service, usageType)?.name ?? `usagetype:${usageType}`
}

function mappingOf(service: string, usageType: string): UsageTypeMapping | undefined {
  return USAGE_TYPE_KEYS[service]?.[usageType.replace(REGION_PREFIX, '')]
}

/**
 * A mapped price in the terms of the cost model: in its unit (converted where the Price List
 * meters differently), and without a leading $0 tier. AWS writes some free allowances into the
 * price item as a first tier at $0 (DynamoDB's first 25 GB of storage, SNS's first million
 * publishes); the model applies free tiers itself, only with --free-tier, so the allowance is
 * dropped and the later tiers' bounds are counted from the end of it.
 */
function inModelTerms(mapping: UsageTypeMapping, tiers: PriceTier[]): { unit: string; tiers: PriceTier[] } {
  let billable = tiers
  if (tiers.length > 1 && tiers[0]!.usd === 0 && tiers[0]!.upTo !== undefined) {
    const allowance = tiers[0]!.upTo
    billable = tiers.slice(1).map((tier) => (tier.upTo === undefined ? { usd: tier.usd } : { upTo: tier.upTo - allowance, usd: tier.usd }))
  }
  const factor = mapping.factor ?? 1
  return {
    unit: mapping.unit,
    tiers: billable.map((tier) => (tier.upTo === undefined ? { usd: tier.usd * factor } : { upTo: tier.upTo / factor, usd: tier.usd * factor })),
  }
}

/**
 * One price item (format aws_v1, parsed) as a Price, or undefined when it has no on-demand USD
 * price. Tiers are ordered by beginRange; a tier's `upTo` is its endRange ('Inf': none).
 */
export function toPrice(item: unknown, service: string, region: string): Price | undefined {
  if (!isObject(item) || !isObject(item.product) || !isObject(item.product.attributes)) throw malformed('a price item has no product attributes')
  const attributes = item.product.attributes
  const sku = stringField(item.product.sku) ?? stringField(attributes.sku)
  const usageType = stringField(attributes.usagetype)
  if (!sku || !usageType) throw malformed('a price item has no SKU or usage type')
  // The API filtered on the region already; an item that says otherwise is not for us.
  if (typeof attributes.regionCode === 'string' && attributes.regionCode !== region) return undefined

  const onDemand = isObject(item.terms) ? item.terms.OnDemand : undefined
  if (onDemand === undefined) return undefined
  if (!isObject(onDemand)) throw malformed(`SKU ${sku}: OnDemand terms are not an object`)
  const terms = Object.values(onDemand).filter(isObject)
  if (terms.length === 0) return undefined
  // Normally one on-demand term per SKU; if there are several, the latest takes effect.
  const term = terms.reduce((latest, candidate) => (String(candidate.effectiveDate ?? '') > String(latest.effectiveDate ?? '') ? candidate : latest))
  if (!isObject(term.priceDimensions)) throw malformed(`SKU ${sku}: the on-demand term has no price dimensions`)

  const dimensions = Object.values(term.priceDimensions).map((dimension) => {
    if (!isObject(dimension)) throw malformed(`SKU ${sku}: a price dimension is not an object`)
    const begin = toNumber(dimension.beginRange ?? '0')
    const end = dimension.endRange === undefined || dimension.endRange === 'Inf' ? undefined : toNumber(dimension.endRange)
    const usdText = isObject(dimension.pricePerUnit) ? dimension.pricePerUnit.USD : undefined
    const usd = usdText === undefined ? undefined : toNumber(usdText)
    if (begin === undefined || (dimension.endRange !== undefined && dimension.endRange !== 'Inf' && end === undefined) || (usdText !== undefined && (usd === undefined || usd < 0))) {
      throw malformed(`SKU ${sku}: a price dimension has a bad range or price`)
    }
    return { begin, end, usd, unit: stringField(dimension.unit) ?? '' }
  })
  if (dimensions.length === 0) return undefined
  // Priced in another currency only (the China regions): no USD price to give.
  if (dimensions.some((dimension) => dimension.usd === undefined)) return undefined
  dimensions.sort((a, b) => a.begin - b.begin)
  const rawTiers: PriceTier[] = dimensions.map(({ end, usd }) => (end === undefined ? { usd: usd! } : { upTo: end, usd: usd! }))
  const rawUnit = normaliseUnit(dimensions[0]!.unit)
  const mapping = mappingOf(service, usageType)
  const { unit, tiers } = mapping ? inModelTerms(mapping, rawTiers) : { unit: rawUnit, tiers: rawTiers }

  const date = dayOf(item.publicationDate) ?? dayOf(term.effectiveDate) ?? versionDay(item.version)
  if (!date) throw malformed(`SKU ${sku}: no publication date`)
  return {
    key: { service, name: mapping?.name ?? `usagetype:${usageType}`, region },
    unit,
    tiers,
    source: `Price List API SKU ${sku} (${usageType})`,
    date,
  }
}

function resolveService(service: string): { name: string; code: string } {
  if (SERVICE_CODES[service]) return { name: service, code: SERVICE_CODES[service] }
  const byCode = Object.entries(SERVICE_CODES).find(([, code]) => code === service)
  if (byCode) return { name: byCode[0], code: byCode[1] }
  throw new UserError(`unknown service ${JSON.stringify(service)}`, undefined, `give one of ${Object.keys(SERVICE_CODES).join(', ')}`)
}

function createClient(apiRegion: string, maxAttempts: number | undefined): PricingClient {
  // The SDK's "releases after January 2027 need Node 22" warning (see src/aws/cloudformation.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return new PricingClient({
    region: apiRegion,
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    // A stalled connection should not hang the command: the SDK has no request timeout by default.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  })
}

/**
 * A PriceList entry is a price item as a JSON string (the SDK may hand it over as a String object
 * that parses itself); a parsed object is taken as it is.
 */
function parseEntry(entry: unknown): unknown {
  if (typeof entry === 'string' || entry instanceof String) {
    try {
      return JSON.parse(String(entry)) as unknown
    } catch {
      throw malformed('a price item is not valid JSON')
    }
  }
  if (isObject(entry)) return entry
  throw malformed('a price item is neither a JSON string nor an object')
}

function malformed(detail: string): UserError {
  return new UserError(`the Price List API returned a malformed response: ${detail}`, undefined, endpointHint())
}

function endpointHint(): string {
  const endpoint = process.env.AWS_ENDPOINT_URL_PRICING || process.env.AWS_ENDPOINT_URL
  return endpoint ? `check the endpoint ${endpoint} (AWS_ENDPOINT_URL_PRICING, AWS_ENDPOINT_URL)` : 'try again later; if it persists, report it'
}

/** Everything the API call can fail with is about the account, the network or the API, not a bug here. */
function toUserError(error: unknown, serviceCode: string, region: string): UserError {
  if (error instanceof UserError) return error
  const { failure, name, firstLine, metadata } = classifyAwsError(error)
  const what = `cannot read ${serviceCode} prices for ${region} from the Price List API`
  const attempts = metadata?.attempts ? ` (${metadata.attempts} attempt${metadata.attempts === 1 ? '' : 's'})` : ''
  const endpoint = process.env.AWS_ENDPOINT_URL_PRICING || process.env.AWS_ENDPOINT_URL
  if (failure === 'throttling') return new UserError(`${what}: the API kept throttling the requests${attempts}`, undefined, 'wait a minute and try again')
  if (failure === 'credentials') return new UserError(`${what}: ${firstLine}`, undefined, CREDENTIALS_HINT)
  if (failure === 'access-denied') return new UserError(`${what}: access denied: ${firstLine}`, undefined, 'the credentials need pricing:GetProducts')
  if (failure === 'network') {
    return new UserError(
      `cannot reach the Price List API${endpoint ? ` at ${endpoint}` : ''}: ${firstLine}`,
      undefined,
      endpoint ? 'check that the endpoint is up (AWS_ENDPOINT_URL_PRICING, AWS_ENDPOINT_URL)' : 'check the network connection',
    )
  }
  // A body the SDK could not parse: its deserializer's SyntaxError, or an error it wraps one in.
  if (name === 'SyntaxError' || /deserializ|unexpected token|json/i.test(firstLine)) {
    return new UserError(`${what}: the API returned a malformed response: ${firstLine}`, undefined, endpointHint())
  }
  const status = metadata?.httpStatusCode ? ` (HTTP ${metadata.httpStatusCode})` : ''
  return new UserError(`${what}: ${name === 'Error' ? '' : `${name}: `}${firstLine}${status}${attempts}`, undefined, endpoint ? `check the endpoint ${endpoint}` : 'try again later')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function toNumber(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) return undefined
  const number = Number(value)
  return Number.isFinite(number) ? number : undefined
}

function dayOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined
}

/** An offer version such as 20221214183021. */
function versionDay(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^(\d{4})(\d{2})(\d{2})/.exec(value) : null
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined
}

/** The Price List's units in the words our prices use; others are kept as AWS writes them. */
function normaliseUnit(unit: string): string {
  if (/^requests?$/i.test(unit)) return 'requests'
  if (/GB-Seconds?$/i.test(unit)) return 'GB-seconds'
  if (/^GB-Mo(nth)?$/i.test(unit)) return 'GB-month'
  if (/^(Hrs|Hours?)$/i.test(unit)) return 'hours'
  if (/^GB-(Hrs|Hours?)$/i.test(unit)) return 'GB-hours'
  return unit
}

function usageTypeOf(item: unknown): string {
  return isObject(item) && isObject(item.product) && isObject(item.product.attributes) ? String(item.product.attributes.usagetype) : ''
}

function skuOf(item: unknown): string {
  return isObject(item) && isObject(item.product) ? String(item.product.sku) : ''
}
