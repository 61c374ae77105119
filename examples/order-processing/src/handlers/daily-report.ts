// Nightly (EventBridge Scheduler): writes the previous day's orders as CSV to ReportsBucket.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { Handler } from 'aws-lambda'

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const s3 = new S3Client({})

const tableName = required(process.env.TABLE_NAME, 'TABLE_NAME')
const reportsBucket = required(process.env.REPORTS_BUCKET, 'REPORTS_BUCKET')

/** The schedule's Input: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
interface ReportRequest {
  scheduledTime?: string
}

interface ReportResult {
  key: string
  orders: number
}

interface OrderRow {
  orderId: string
  customerId: string
  status: string
  currency: string
  totalCents: number
  createdAt: string
}

export const handler: Handler<ReportRequest, ReportResult> = async (event) => {
  const scheduledAt = event.scheduledTime ? new Date(event.scheduledTime) : new Date()
  const reportDate = new Date(scheduledAt.getTime() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10)

  const rows: OrderRow[] = []
  const pages = paginateQuery(
    { client: ddb, pageSize: 500 },
    {
      TableName: tableName,
      IndexName: 'byCreatedDate',
      KeyConditionExpression: 'createdDate = :date',
      ExpressionAttributeValues: { ':date': reportDate },
      ProjectionExpression: 'orderId, customerId, #status, currency, totalCents, createdAt',
      ExpressionAttributeNames: { '#status': 'status' },
    },
  )
  for await (const page of pages) rows.push(...((page.Items ?? []) as OrderRow[]))

  const header = 'order_id,customer_id,status,currency,total_cents,created_at'
  const lines = rows.map((row) =>
    [row.orderId, row.customerId, row.status, row.currency, row.totalCents, row.createdAt].map(csvField).join(','),
  )
  const key = `daily/${reportDate.slice(0, 4)}/${reportDate}.csv`
  await s3.send(
    new PutObjectCommand({
      Bucket: reportsBucket,
      Key: key,
      Body: [header, ...lines].join('\n') + '\n',
      ContentType: 'text/csv; charset=utf-8',
    }),
  )

  console.info(JSON.stringify({ message: 'Daily report written', reportDate, key, orders: rows.length }))
  return { key, orders: rows.length }
}

function csvField(value: string | number): string {
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
