// JobsTable records each job by its jobId, so a job runs once even when SQS delivers its message
// twice or a producer sends it twice: SQS standard queues deliver at least once.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { JobResult } from './job.js'

/** How long a job record is kept: longer than JobsQueue keeps a message (4 days), so a redelivery always finds it. */
export const RECORD_TTL_SECONDS = 7 * 24 * 60 * 60

export type Claim = 'claimed' | 'completed' | 'in-progress'

export class JobStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Claims a job for this invocation until `lockUntil` (epoch ms). Succeeds for a new job, and for one
   * whose earlier attempt died without finishing (its lock has expired); otherwise says why not.
   */
  async claim(jobId: string, lockUntil: number, now = Date.now()): Promise<Claim> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { jobId, status: 'IN_PROGRESS', lockUntil, expiresAt: Math.floor(now / 1000) + RECORD_TTL_SECONDS },
          ConditionExpression: 'attribute_not_exists(jobId) OR (#status = :inProgress AND lockUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      return 'claimed'
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      // The exception carries the record that failed the condition (raw attribute values).
      return error.Item?.status?.S === 'COMPLETED' ? 'completed' : 'in-progress'
    }
  }

  async complete(jobId: string, result: JobResult, now = Date.now()): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { jobId },
        UpdateExpression: 'SET #status = :completed, #result = :result, completedAt = :completedAt REMOVE lockUntil',
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
        ExpressionAttributeValues: { ':completed': 'COMPLETED', ':result': result, ':completedAt': new Date(now).toISOString() },
      }),
    )
  }
}
