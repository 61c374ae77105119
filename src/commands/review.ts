import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import { UserError } from '../errors.js'
import { BaseCommand, parameterFlag, parseParameterFlags } from '../cli/base-command.js'
import { reviewToHtml } from '../review/render/html.js'
import { reviewToMarkdown } from '../review/render/markdown.js'
import { runReview } from '../review/run.js'
import { writeFileAtomically } from '../util/files.js'

const FORMATS = ['markdown', 'html', 'json'] as const
type Format = (typeof FORMATS)[number]

export default class Review extends BaseCommand {
  static override summary = 'Write the design review of a serverless architecture: diagram, risks, cost and trade-offs.'
  static override description =
    'Puts lint, estimate and the architecture graph together into the report an architect hands to a team: what the ' +
    'system is and a verdict per category (coupling, VPC use, sync vs async, resilience, observability, security, cost), ' +
    'the architecture diagram with the findings marked, the findings with why they matter and the fix, the cost per ' +
    'request and per month up to 10,000× the traffic with where a container would be cheaper, the vendor lock-in and ' +
    'the synchronous paths\' latency budgets, and a checklist of serverless tips. Markdown (the default) works as a PR ' +
    'comment; HTML is one self-contained, printable file. cfn-lint is not run; the project\'s lambdawise config is used.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/order-processing --usage examples/order-processing/lambdawise-usage.yml',
    '<%= config.bin %> <%= command.id %> --requests 1M --format html --output review.html --open',
    '<%= config.bin %> <%= command.id %> . --usage lambdawise-usage.yml > review.md',
  ]

  static override args = { path: Args.string({ description: 'Template file or directory (default: discover under the current directory).' }) }

  static override flags = {
    usage: Flags.string({ char: 'u', description: 'Usage file (YAML) for the cost section: entry requests, per-resource usage, fanout.' }),
    requests: Flags.string({ description: 'Monthly requests at the entry points, e.g. 1000000, 10M, 2.5B.' }),
    format: Flags.string({ char: 'f', description: 'Output format.', options: [...FORMATS], default: 'markdown' }),
    output: Flags.string({ char: 'o', description: 'Write the report to this file instead of stdout.' }),
    open: Flags.boolean({ description: 'Open the written report with the system\'s default application.' }),
    region: Flags.string({ description: 'AWS region to price in (default: the usage file\'s, else AWS_REGION, else us-east-1).' }),
    code: Flags.boolean({ description: 'Read the handler code (code edges in the diagram, the code rules\' findings); --no-code reviews the templates alone.', default: true, allowNo: true }),
    config: Flags.string({ char: 'c', description: 'lambdawise config file (default: found upwards from the current directory).' }),
    parameter: parameterFlag,
  }

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(Review)
    if (flags.open && !flags.output) throw new UserError('--open opens the written report: give --output FILE too')
    const path = args.path ?? '.'
    const parameters = parseParameterFlags(flags.parameter)
    const run = await runReview({
      path,
      usageFile: flags.usage,
      requests: flags.requests,
      region: flags.region,
      parameters,
      configFile: flags.config,
      cacheDirectory: this.config.cacheDir,
      code: flags.code,
      today: new Date(),
    })
    for (const notice of run.notices) process.stderr.write(`${notice}\n`)
    const format = flags.format as Format
    const text = format === 'markdown'
      ? reviewToMarkdown(run.review)
      : format === 'json'
        ? JSON.stringify(run.review, null, 2) + '\n'
        : reviewToHtml(run.review, run.graph)
    if (flags.output) {
      writeFileAtomically(flags.output, text)
      process.stderr.write(`wrote ${flags.output}\n`)
      if (flags.open) await openFile(flags.output)
    } else process.stdout.write(text)
    return run.review
  }
}

/**
 * The platform's opener, run without a shell (the file name is an argument, never parsed). On
 * Windows `start` is a cmd.exe built-in, so explorer.exe opens the file instead. Failing to open is
 * a warning: the report is written either way.
 */
async function openFile(file: string): Promise<void> {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open'
  const { execa } = await import('execa')
  // Openers return once the application is started; the timeout only guards against one that waits for it to close.
  const result = await execa(opener, [file], { stdio: 'ignore', reject: false, timeout: 10_000 })
  // explorer.exe exits 1 even when it opened the file: on Windows only a failure to start it counts.
  const failed = result.failed && !result.timedOut && !(process.platform === 'win32' && result.exitCode !== undefined)
  if (failed) process.stderr.write(`warning: could not open ${file} with ${opener} (${(result.shortMessage ?? 'failed').split('\n')[0]}); open it yourself\n`)
}
