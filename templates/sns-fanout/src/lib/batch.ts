import type { Logger } from '@aws-lambda-powertools/logger'
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'

/**
 * Processes the messages of a batch independently and reports the ones that failed, so that SQS
 * makes only those visible again (the event source mapping has ReportBatchItemFailures). A message
 * that keeps failing reaches the queue's dead-letter queue after maxReceiveCount receives.
 */
export async function processBatch(event: SQSEvent, logger: Logger, processRecord: (record: SQSRecord) => Promise<void>): Promise<SQSBatchResponse> {
  const results = await Promise.allSettled(event.Records.map((record) => processRecord(record)))
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = []
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') return
    const record = event.Records[index]!
    logger.error('message failed', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: result.reason })
    batchItemFailures.push({ itemIdentifier: record.messageId })
  })
  return { batchItemFailures }
}
