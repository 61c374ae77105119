import type { SQSEvent, SQSRecord } from 'aws-lambda'

/** An SQS event as Lambda delivers it, with one record per body (raw SNS delivery: the body is the published message). */
export function sqsEvent(...bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, index) => sqsRecord(`message-${index + 1}`, body)) }
}

function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1768473000000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1768473000100' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:queue',
    awsRegion: 'us-east-1',
  }
}

export function orderPlaced(orderId: string, total = 1250): string {
  return JSON.stringify({ id: `event-${orderId}`, type: 'OrderPlaced', occurredAt: '2026-01-15T10:30:00Z', order: { orderId, customerId: 'customer-42', total, currency: 'EUR' } })
}
