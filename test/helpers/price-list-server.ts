/**
 * A local server that speaks the AWS Price List Query API protocol for `GetProducts` (design §7),
 * so that the real `@aws-sdk/client-pricing` can be pointed at it through AWS_ENDPOINT_URL.
 *
 * The protocol is AWS JSON 1.1: `POST /` with `Content-Type: application/x-amz-json-1.1` and
 * `X-Amz-Target: AWSPriceListService.GetProducts`, a JSON body
 * `{ServiceCode, Filters: [{Type, Field, Value}], FormatVersion, NextToken, MaxResults}`, and a JSON
 * answer `{FormatVersion, PriceList: ["<price item as a JSON string>", ...], NextToken}`. Errors are
 * HTTP 4xx/5xx with `{"__type": "<ErrorName>", "message": "..."}` (and the `x-amzn-ErrorType` header).
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 *
 * Price items are served in the real format (the item object of the real responses in
 * test/fixtures/pricing, serialised to a JSON string per item, as the API does).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A price item as the Price List API serves it (format aws_v1), parsed. */
export interface PriceItem {
  product: { productFamily?: string; attributes: Record<string, string>; sku: string }
  serviceCode: string
  terms: Record<string, Record<string, unknown>>
  version?: string
  publicationDate?: string
}

export type Fault =
  /** HTTP 400 `ThrottlingException`, which the SDK retries. */
  | 'throttle'
  /** HTTP 500 `InternalErrorException`, which the SDK retries. */
  | 'server-error'
  /** HTTP 400 `AccessDeniedException`. */
  | 'access-denied'
  /** HTTP 200 with a body that is not JSON. */
  | 'malformed'
  /** HTTP 200, valid JSON, but a price item that is not JSON. */
  | 'malformed-item'
  /** The connection is closed without an answer. */
  | 'hang-up'

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  target: string | undefined
  /** The parsed body, or the raw text when it is not JSON. */
  body: unknown
  /** The fault served instead of an answer, if any. */
  fault?: Fault
}

export interface PriceListServerOptions {
  items?: PriceItem[]
  /** Items per page at most (the API's own MaxResults cap is 100); the request's MaxResults, if smaller, wins. */
  pageSize?: number
}

interface Filter {
  Type?: string
  Field?: string
  Value?: string
}

const CONTENT_TYPE = 'application/x-amz-json-1.1'
const TARGET = 'AWSPriceListService.GetProducts'

export class PriceListServer {
  /** Every request seen, faults included, in order. */
  readonly requests: SeenRequest[] = []
  items: PriceItem[]
  pageSize: number
  private readonly server: Server
  private queuedFaults: Fault[] = []
  private alwaysFault: Fault | undefined
  private faultsByCall = new Map<number, Fault>()

  private constructor(options: PriceListServerOptions) {
    this.items = options.items ?? []
    this.pageSize = options.pageSize ?? 100
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.sendError(response, 500, 'InternalErrorException', String(error))
        else response.destroy()
      })
    })
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(options: PriceListServerOptions = {}): Promise<PriceListServer> {
    const priceListServer = new PriceListServer(options)
    await new Promise<void>((resolve, reject) => {
      priceListServer.server.once('error', reject)
      priceListServer.server.listen(0, '127.0.0.1', () => resolve())
    })
    return priceListServer
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  /** The next `count` calls get `fault` instead of an answer (faults queue up in order). */
  failNext(fault: Fault, count = 1): this {
    for (let index = 0; index < count; index++) this.queuedFaults.push(fault)
    return this
  }

  /** The `call`-th request (1-based, counted since the last `reset()`) gets `fault`. */
  failCall(call: number, fault: Fault): this {
    this.faultsByCall.set(call, fault)
    return this
  }

  /** Every call gets `fault` until `reset()`. */
  failAlways(fault: Fault): this {
    this.alwaysFault = fault
    return this
  }

  /** Forgets scripted faults and recorded requests (the items stay). */
  reset(): this {
    this.queuedFaults = []
    this.alwaysFault = undefined
    this.faultsByCall.clear()
    this.requests.length = 0
    return this
  }

  /** The GetProducts calls that got an answer (no fault). */
  get answered(): SeenRequest[] {
    return this.requests.filter((request) => request.fault === undefined)
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request)
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // Kept as text in the record; answered as a SerializationException below.
    }
    const target = headerValue(request.headers['x-amz-target'])
    const seen: SeenRequest = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, target, body }
    this.requests.push(seen)

    if (request.method !== 'POST' || (request.url ?? '/').split('?')[0] !== '/') {
      return this.sendError(response, 404, 'UnknownOperationException', `no route for ${request.method} ${request.url}`)
    }
    const fault = this.faultsByCall.get(this.requests.length) ?? this.queuedFaults.shift() ?? this.alwaysFault
    if (fault) {
      seen.fault = fault
      return this.sendFault(response, fault)
    }
    if (target !== TARGET) return this.sendError(response, 400, 'UnknownOperationException', `unknown operation ${String(target)}`)
    if (!headerValue(request.headers['content-type'])?.startsWith(CONTENT_TYPE)) {
      return this.sendError(response, 400, 'SerializationException', `Content-Type must be ${CONTENT_TYPE}`)
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return this.sendError(response, 400, 'SerializationException', 'the request body is not a JSON object')
    }
    const input = body as { ServiceCode?: unknown; Filters?: unknown; FormatVersion?: unknown; NextToken?: unknown; MaxResults?: unknown }
    if (typeof input.ServiceCode !== 'string' || input.ServiceCode === '') {
      return this.sendError(response, 400, 'ValidationException', '1 validation error detected: Value null at \'serviceCode\' failed to satisfy constraint: Member must not be null')
    }
    const formatVersion = input.FormatVersion ?? 'aws_v1'
    if (formatVersion !== 'aws_v1') return this.sendError(response, 400, 'InvalidParameterException', `unsupported FormatVersion ${String(formatVersion)}`)
    const filters = Array.isArray(input.Filters) ? (input.Filters as Filter[]) : []
    for (const filter of filters) {
      if (!filter || typeof filter.Field !== 'string' || typeof filter.Value !== 'string' || !FILTER_TYPES.has(filter.Type ?? '')) {
        return this.sendError(response, 400, 'InvalidParameterException', `invalid filter ${JSON.stringify(filter)}`)
      }
    }
    let maxResults = this.pageSize
    if (input.MaxResults !== undefined) {
      if (typeof input.MaxResults !== 'number' || !Number.isInteger(input.MaxResults) || input.MaxResults < 1 || input.MaxResults > 100) {
        return this.sendError(response, 400, 'InvalidParameterException', 'MaxResults must be between 1 and 100')
      }
      maxResults = Math.min(maxResults, input.MaxResults)
    }
    let offset = 0
    if (input.NextToken !== undefined) {
      const decoded = typeof input.NextToken === 'string' ? decodeToken(input.NextToken) : undefined
      if (decoded === undefined) return this.sendError(response, 400, 'InvalidNextTokenException', 'The pagination token is invalid. Try again without a pagination token.')
      offset = decoded
    }

    const matching = this.items.filter((item) => item.serviceCode === input.ServiceCode && filters.every((filter) => matches(item, filter)))
    const page = matching.slice(offset, offset + maxResults)
    const next = offset + maxResults < matching.length ? encodeToken(offset + maxResults) : undefined
    const answer: Record<string, unknown> = { FormatVersion: 'aws_v1', PriceList: page.map((item) => JSON.stringify(item)) }
    if (next !== undefined) answer.NextToken = next
    this.send(response, 200, JSON.stringify(answer))
  }

  private sendFault(response: ServerResponse, fault: Fault): void {
    switch (fault) {
      case 'throttle':
        return this.sendError(response, 400, 'ThrottlingException', 'Rate exceeded')
      case 'server-error':
        return this.sendError(response, 500, 'InternalErrorException', 'An internal error occurred.')
      case 'access-denied':
        return this.sendError(response, 400, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/test is not authorized to perform: pricing:GetProducts')
      case 'malformed':
        return this.send(response, 200, '{"FormatVersion":"aws_v1","PriceList":["{\\"product\\":')
      case 'malformed-item':
        return this.send(response, 200, JSON.stringify({ FormatVersion: 'aws_v1', PriceList: ['{"product": {"sku": "TRUNCATED'] }))
      case 'hang-up':
        response.socket?.destroy()
        return
    }
  }

  private sendError(response: ServerResponse, status: number, type: string, message: string): void {
    response.setHeader('x-amzn-ErrorType', `${type}:`)
    this.send(response, status, JSON.stringify({ __type: type, message }))
  }

  private send(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, {
      'Content-Type': CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': `00000000-0000-4000-8000-${String(this.requests.length).padStart(12, '0')}`,
    })
    response.end(text)
  }
}

const FILTER_TYPES = new Set(['TERM_MATCH', 'EQUALS', 'CONTAINS', 'ANY_OF', 'NONE_OF'])

/** A filter's field is a product attribute (regionCode, location, usagetype, group, ...), or sku / productFamily. */
function matches(item: PriceItem, filter: Filter): boolean {
  const field = filter.Field!
  const value = filter.Value!
  const actual = field === 'sku' ? item.product.sku : field === 'productFamily' ? item.product.productFamily : item.product.attributes[field]
  const values = value.split(',').map((part) => part.trim())
  switch (filter.Type) {
    case 'TERM_MATCH':
    case 'EQUALS':
      return actual === value
    case 'CONTAINS':
      return actual !== undefined && actual.includes(value)
    case 'ANY_OF':
      return actual !== undefined && values.includes(actual)
    case 'NONE_OF':
      return actual === undefined || !values.includes(actual)
    default:
      return false
  }
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url')
}

function decodeToken(token: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))
  return match ? Number(match[1]) : undefined
}

function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
