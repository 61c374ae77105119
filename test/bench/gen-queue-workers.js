#!/usr/bin/env node
// The lint benchmark's large template: N functions, each with its own SQS queue (and DLQ) and an
// SQS event, as the issue specifies ("a generated 1,000-function SAM template, each with its queue
// and SQS event"). Deterministic. `node test/bench/gen-queue-workers.js 1000 > workers.yaml`
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export function generateQueueWorkers(n) {
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    `Description: ${n} queue workers (lambdawise lint benchmark)`,
    'Globals:',
    '  Function:',
    '    Runtime: nodejs22.x',
    '    Architectures: [arm64]',
    '    MemorySize: 512',
    '    Tracing: Active',
    'Resources:',
  ]
  for (let index = 0; index < n; index++) {
    const name = `Worker${String(index).padStart(4, '0')}`
    const timeout = 10 + (index % 5) * 10
    lines.push(
      `  ${name}Function:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      Handler: src/handlers/${name.toLowerCase()}.handler`,
      `      Timeout: ${timeout}`,
      '      Environment:',
      '        Variables:',
      `          QUEUE_URL: !Ref ${name}Queue`,
      '      Events:',
      '        Queue:',
      '          Type: SQS',
      '          Properties:',
      `            Queue: !GetAtt ${name}Queue.Arn`,
      '            BatchSize: 10',
      '            FunctionResponseTypes: [ReportBatchItemFailures]',
      `  ${name}Queue:`,
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      `      VisibilityTimeout: ${timeout * 6}`,
      '      RedrivePolicy:',
      `        deadLetterTargetArn: !GetAtt ${name}DeadLetterQueue.Arn`,
      '        maxReceiveCount: 5',
      `  ${name}DeadLetterQueue:`,
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      MessageRetentionPeriod: 1209600',
    )
  }
  return lines.join('\n') + '\n'
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 1000)
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write('usage: gen-queue-workers.js N\n')
    process.exit(2)
  }
  process.stdout.write(generateQueueWorkers(n))
}
