import type { APIGatewayProxyEventV2, EventBridgeEvent } from 'aws-lambda'
import placeOrderRequest from '../../events/place-order-request.json'

/** The sample HTTP API request with another body and headers. */
export function apiRequest(body: string | undefined, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return { ...(placeOrderRequest as APIGatewayProxyEventV2), headers: { 'content-type': 'application/json', ...headers }, body }
}

export function busEvent<T extends string, D>(detailType: T, detail: D, id = 'event-1'): EventBridgeEvent<T, D> {
  return { version: '0', id, 'detail-type': detailType, source: 'test', account: '123456789012', time: '2026-01-15T10:30:00Z', region: 'us-east-1', resources: [], detail }
}
