// Small HTTP helpers shared by the handlers: JSON responses, body parsing, and one place that turns
// errors into responses, so a handler only says what a request means.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'

export type Response = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> }
export type Handler = (event: APIGatewayProxyEventV2) => Promise<Response>

/** An error the client caused or must know about; its message is safe to show. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export function json(statusCode: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined) return { statusCode, headers }
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

export function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) throw new HttpError(400, 'the request has no body')
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'the body is not valid JSON')
  }
}

/**
 * Answers HttpErrors with their status and anything else with a 500 that names the request id,
 * after logging the real error (never shown to the client).
 */
export function withErrors(handle: Handler): Handler {
  return async (event) => {
    try {
      return await handle(event)
    } catch (error) {
      if (error instanceof HttpError) return json(error.statusCode, { message: error.message })
      console.error(JSON.stringify({
        message: 'unhandled error',
        routeKey: event.routeKey,
        requestId: event.requestContext.requestId,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      }))
      return json(500, { message: 'internal error', requestId: event.requestContext.requestId })
    }
  }
}
