import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED'

/** The outcome of trying to take a run: ours to do, or already done or being done elsewhere. */
export type Claim = { claimed: true } | { claimed: false; status: RunStatus }

const RETENTION_SECONDS = 90 * 24 * 60 * 60

/**
 * One item per scheduled run in a DynamoDB table, written only with conditional updates, so that of
 * several deliveries of the same run (Scheduler and Lambda both deliver at least once, and both retry)
 * exactly one does the work at a time, and none repeats a run that succeeded.
 */
export class RunLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Takes the run unless it succeeded or another invocation holds an unexpired lease on it.
   * The lease lasts as long as the invocation can live, so a run whose invocation timed out or
   * crashed can be taken again by the retry.
   */
  async claim(runId: string, owner: string, leaseMs: number, now = Date.now()): Promise<Claim> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { runId },
          UpdateExpression:
            'SET #status = :running, #owner = :owner, startedAt = :now, leaseExpiresAt = :lease, expiresAt = :expires ' +
            'REMOVE #error ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(runId) OR #status = :failed OR (#status = :running AND leaseExpiresAt < :now)',
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner', '#error': 'error' },
          ExpressionAttributeValues: {
            ':running': 'RUNNING',
            ':failed': 'FAILED',
            ':owner': owner,
            ':now': now,
            ':lease': now + leaseMs,
            ':expires': Math.floor(now / 1000) + RETENTION_SECONDS,
            ':one': 1,
          },
          // The item that blocked us comes back with the error: no second read to learn why.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      return { claimed: true }
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      const status = error.Item?.status?.S
      return { claimed: false, status: status === 'SUCCEEDED' || status === 'FAILED' ? status : 'RUNNING' }
    }
  }

  /** Records the result; only the holder of the run may (a late invocation whose lease ran out may not). */
  async succeed(runId: string, owner: string, result: Record<string, unknown>, now = Date.now()): Promise<void> {
    await this.finish(runId, owner, 'SUCCEEDED', { result }, now)
  }

  async fail(runId: string, owner: string, message: string, now = Date.now()): Promise<void> {
    await this.finish(runId, owner, 'FAILED', { error: message }, now)
  }

  private async finish(runId: string, owner: string, status: RunStatus, fields: Record<string, unknown>, now: number): Promise<void> {
    const names: Record<string, string> = { '#status': 'status', '#owner': 'owner' }
    const values: Record<string, unknown> = { ':status': status, ':owner': owner, ':now': now }
    const sets = ['#status = :status', 'finishedAt = :now']
    for (const [key, value] of Object.entries(fields)) {
      names[`#${key}`] = key
      values[`:${key}`] = value
      sets.push(`#${key} = :${key}`)
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { runId },
        UpdateExpression: `SET ${sets.join(', ')} REMOVE leaseExpiresAt`,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    )
  }
}
