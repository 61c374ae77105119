// AnalyticsQueue consumer: turns order events (raw SNS messages) into CloudWatch business
// metrics with the embedded metric format. Needs no AWS API call and no extra permission.
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda'

const stage = process.env.STAGE ?? 'dev'

interface OrderAccepted {
  type: 'OrderAccepted'
  orderId: string
  currency: string
  totalCents: number
  itemCount: number
  acceptedAt: string
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = []
  for (const record of event.Records) {
    let message: OrderAccepted
    try {
      message = JSON.parse(record.body) as OrderAccepted
    } catch {
      // Unparseable: let it go to the dead-letter queue after maxReceiveCount attempts.
      batchItemFailures.push({ itemIdentifier: record.messageId })
      continue
    }
    if (message.type !== 'OrderAccepted') continue
    emitMetrics(message)
  }
  return { batchItemFailures }
}

function emitMetrics(order: OrderAccepted): void {
  // Written straight to stdout: with the JSON log format console.log would wrap the document.
  const document = {
    _aws: {
      Timestamp: Date.parse(order.acceptedAt) || Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: 'OrderProcessing',
          Dimensions: [['Stage'], ['Stage', 'Currency']],
          Metrics: [
            { Name: 'OrdersAccepted', Unit: 'Count' },
            { Name: 'OrderValueCents', Unit: 'None' },
            { Name: 'ItemsOrdered', Unit: 'Count' },
          ],
        },
      ],
    },
    Stage: stage,
    Currency: order.currency,
    OrdersAccepted: 1,
    OrderValueCents: order.totalCents,
    ItemsOrdered: order.itemCount,
    orderId: order.orderId,
  }
  process.stdout.write(`${JSON.stringify(document)}\n`)
}
