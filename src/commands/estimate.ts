import { existsSync } from 'node:fs'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import { BaseCommand, parameterFlag, parseParameterFlags } from '../cli/base-command.js'
import { comparisonToCsv, comparisonToJson, comparisonToMarkdown, comparisonToTable } from '../cost/format-compare.js'
import { estimateToCsv, estimateToJson, estimateToMarkdown, estimateToTable } from '../cost/format.js'
import { runEstimate } from '../cost/run.js'
import { UserError } from '../errors.js'
import { writeFileAtomically, writeNewFile } from '../util/files.js'

export default class Estimate extends BaseCommand {
  static override summary = 'Price a serverless architecture per request and per month.'
  static override description =
    'Follows the traffic at the entry points through the architecture graph and prices every resource: Lambda, ' +
    'API Gateway, SQS, SNS, EventBridge, Step Functions, DynamoDB, CloudWatch Logs and NAT gateways, with the cost ' +
    'per request, the total at 10x-1000x the traffic and where a container (Fargate) would be cheaper. Prices come ' +
    'from `pricing update`\'s cache over the bundled snapshot (see `pricing show`). What cannot be derived (e.g. ' +
    'function duration) depends on usage: give it in a --usage file (--write-usage writes one). Exit code 1 when the ' +
    'monthly total is above --budget.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/order-processing --requests 1M',
    '<%= config.bin %> <%= command.id %> --usage lambdawise-usage.yml --format json',
    '<%= config.bin %> <%= command.id %> --usage lambdawise-usage.yml --budget 500',
    '<%= config.bin %> <%= command.id %> . --compare ../main-checkout --usage lambdawise-usage.yml --format markdown',
    '<%= config.bin %> <%= command.id %> --stack orders-prod --region eu-west-1 --requests 10M',
    '<%= config.bin %> <%= command.id %> template.yaml --requests 1M --write-usage lambdawise-usage.yml',
  ]

  static override args = { path: Args.string({ description: 'Template file or directory (default: discover under the current directory).' }) }

  static override flags = {
    usage: Flags.string({ char: 'u', description: 'Usage file (YAML): entry requests, per-resource usage, fanout.' }),
    requests: Flags.string({ description: 'Monthly requests at the entry points, e.g. 1000000, 10M, 2.5B.' }),
    region: Flags.string({ description: 'AWS region to price in (default: the usage file\'s, else the stack\'s, else AWS_REGION, else us-east-1).' }),
    'free-tier': Flags.boolean({ description: 'Apply the AWS free tier.', allowNo: true }),
    format: Flags.string({ char: 'f', description: 'Output format.', options: ['table', 'json', 'markdown', 'csv'], default: 'table' }),
    output: Flags.string({ char: 'o', description: 'Write the estimate to a file.' }),
    budget: Flags.string({ description: 'Exit 1 when the monthly total in USD is above this.' }),
    compare: Flags.string({ description: 'Another version of the architecture (file or directory) to compare with, per resource.' }),
    prices: Flags.string({ description: 'A price file to use instead of the bundled snapshot and the price cache.' }),
    stack: Flags.string({ description: 'Price a deployed CloudFormation stack\'s template, by name.' }),
    'write-usage': Flags.string({ description: 'Write a commented usage file for the architecture (never overwrites).' }),
    parameter: parameterFlag,
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Estimate)
    if (flags.stack !== undefined && args.path !== undefined) throw new UserError('give either --stack or a template path, not both')
    if (flags.stack !== undefined && flags.compare !== undefined) throw new UserError('--compare compares two template versions on disk; it does not work with --stack')
    const budget = flags.budget === undefined ? undefined : Number(flags.budget)
    if (budget !== undefined && !(budget >= 0)) throw new UserError(`--budget expects an amount in USD, got "${flags.budget}"`)
    const writeUsage = flags['write-usage']
    if (writeUsage !== undefined && existsSync(writeUsage)) throw new UserError('the file exists; --write-usage never overwrites', { file: writeUsage }, 'give a new file name or remove the old file')

    const run = await runEstimate({
      path: args.path ?? '.',
      stack: flags.stack,
      usageFile: flags.usage,
      requests: flags.requests,
      region: flags.region,
      freeTier: flags['free-tier'],
      pricesFile: flags.prices,
      cacheDirectory: this.config.cacheDir,
      parameters: parseParameterFlags(flags.parameter),
      compare: flags.compare,
    })
    const format = flags.format as 'table' | 'json' | 'markdown' | 'csv'
    const text = run.comparison
      ? { table: comparisonToTable, json: comparisonToJson, markdown: comparisonToMarkdown, csv: comparisonToCsv }[format](run.comparison)
      : { table: estimateToTable, json: estimateToJson, markdown: estimateToMarkdown, csv: estimateToCsv }[format](run.estimate)
    if (writeUsage !== undefined) {
      writeNewFile(writeUsage, run.usageFileText())
      process.stderr.write(`wrote ${writeUsage}\n`)
    }
    if (flags.output) writeFileAtomically(flags.output, text)
    else process.stdout.write(text)
    if (budget !== undefined && run.estimate.monthlyCost > budget) {
      process.stderr.write(`over budget: $${run.estimate.monthlyCost.toFixed(2)} a month is above --budget $${budget.toFixed(2)}\n`)
      process.exitCode = 1
    }
  }
}
