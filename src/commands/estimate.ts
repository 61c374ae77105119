import { readFileSync } from 'node:fs'

import { Args, Flags } from '@oclif/core'

import { BaseCommand, parameterFlag, parseParameterFlags } from '../cli/base-command.js'
import { estimate } from '../cost/estimate.js'
import { estimateToCsv, estimateToJson, estimateToMarkdown, estimateToTable } from '../cost/format.js'
import { SnapshotPriceSource } from '../cost/prices/snapshot.js'
import { parseRequestCount, parseUsageText } from '../cost/usage.js'
import { UserError } from '../errors.js'
import { loadGraph } from '../index.js'
import { writeFileAtomically } from '../lint/run.js'

export default class Estimate extends BaseCommand {
  static override summary = 'Price a serverless architecture per request and per month (preview).'
  static override description =
    'Follows the traffic at the entry points through the architecture graph and prices every resource from the ' +
    'bundled price snapshot: Lambda, API Gateway, SQS, SNS, EventBridge, Step Functions, DynamoDB, CloudWatch Logs ' +
    'and NAT gateways. What cannot be derived (e.g. function duration) depends on usage: give it in a --usage file. ' +
    'Exit code 1 when the monthly total is above --budget.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/order-processing --requests 1M',
    '<%= config.bin %> <%= command.id %> --usage lambdawise-usage.yml --format json',
    '<%= config.bin %> <%= command.id %> --requests 10M --budget 500',
  ]

  static override args = { path: Args.string({ description: 'Template file or directory (default: discover under the current directory).', default: '.' }) }

  static override flags = {
    usage: Flags.string({ char: 'u', description: 'Usage file (YAML): entry requests, per-resource usage, fanout.' }),
    requests: Flags.string({ description: 'Monthly requests at the entry points, e.g. 1000000, 10M, 2.5B.' }),
    region: Flags.string({ description: 'AWS region to price in (default: the usage file\'s, else AWS_REGION, else us-east-1).' }),
    'free-tier': Flags.boolean({ description: 'Apply the AWS free tier.', allowNo: true }),
    format: Flags.string({ char: 'f', description: 'Output format.', options: ['table', 'json', 'markdown', 'csv'], default: 'table' }),
    output: Flags.string({ char: 'o', description: 'Write the estimate to a file.' }),
    budget: Flags.string({ description: 'Exit 1 when the monthly total in USD is above this.' }),
    parameter: parameterFlag,
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Estimate)
    const { graph } = await loadGraph([args.path], { parameters: parseParameterFlags(flags.parameter) })
    const usage = flags.usage ? parseUsageText(flags.usage, readUsage(flags.usage), graph) : undefined
    const requests = flags.requests === undefined ? usage?.entryRequests : parseRequestCount(flags.requests)
    if (flags.requests !== undefined && requests === undefined) throw new UserError(`--requests expects a count like 1000000, 10M or 2.5B, got "${flags.requests}"`)
    const budget = flags.budget === undefined ? undefined : Number(flags.budget)
    if (budget !== undefined && !(budget >= 0)) throw new UserError(`--budget expects an amount in USD, got "${flags.budget}"`)
    const region = flags.region ?? usage?.region ?? process.env.AWS_REGION ?? 'us-east-1'
    const prices = new SnapshotPriceSource()
    prices.requireRegion(region)
    const result = estimate(graph, { region, freeTier: flags['free-tier'] ?? usage?.freeTier ?? false, entryRequests: requests, ...(usage ? { usage } : {}), prices })
    const formatters = { table: estimateToTable, json: estimateToJson, markdown: estimateToMarkdown, csv: estimateToCsv }
    const text = formatters[flags.format as keyof typeof formatters](result)
    if (flags.output) writeFileAtomically(flags.output, text)
    else process.stdout.write(text)
    if (budget !== undefined && result.monthlyCost > budget) {
      process.stderr.write(`over budget: $${result.monthlyCost.toFixed(2)} a month is above --budget $${budget.toFixed(2)}\n`)
      process.exitCode = 1
    }
  }
}

function readUsage(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new UserError('no such usage file', { file }, 'check the --usage path')
  }
}
