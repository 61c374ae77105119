import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'

export function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

/** The request body as JSON; undefined when it is missing or not JSON. */
export function jsonBody(body: string | undefined, isBase64Encoded: boolean): unknown {
  if (!body) return undefined
  try {
    return JSON.parse(isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body)
  } catch {
    return undefined
  }
}
