import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import { UserError } from '../errors.js'

import { ALL_RULES } from '../../rules/index.js'
import { BaseCommand, parameterFlag, parseParameterFlags } from '../cli/base-command.js'
import { loadConfig, suggestRule } from '../lint/config.js'
import { meetsThreshold, type RuleLevel } from '../lint/engine.js'
import { FORMATTERS } from '../lint/formatters/index.js'
import { runLint } from '../lint/run.js'
import { writeFileAtomically } from '../util/files.js'
import { CATEGORIES, type Category, SEVERITIES, type Severity } from '../lint/types.js'

const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github', 'markdown'] as const

export default class Lint extends BaseCommand {
  static override summary = 'Report architecture anti-patterns in serverless templates.'
  static override description =
    'Reads CloudFormation/SAM templates, CDK synth output and Serverless Framework output (or a deployed stack), ' +
    'builds the architecture graph, and reports anti-patterns: tight coupling, needless VPC use, synchronous chains ' +
    'where async belongs, missing retries and dead-letter queues, contradictory timeouts, weak security and ' +
    'observability. cfn-lint findings are merged in when it is installed. Exit code 1 when a finding at or above ' +
    '--fail-on remains, 2 for usage or input errors.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/order-processing',
    '<%= config.bin %> <%= command.id %> --format sarif --output lambdawise.sarif',
    '<%= config.bin %> <%= command.id %> --fail-on warning --rule function-default-memory=off',
    '<%= config.bin %> <%= command.id %> --stack orders-prod --region eu-west-1',
  ]

  static override strict = false
  static override args = {
    path: Args.string({ description: 'Template files or directories (default: discover under the current directory).' }),
  }

  static override flags = {
    format: Flags.string({ char: 'f', description: 'Output format.', options: [...FORMATS], default: 'stylish' }),
    output: Flags.string({ char: 'o', description: 'Write the report to a file instead of stdout.' }),
    'fail-on': Flags.string({ description: 'Exit 1 when a finding at or above this severity remains. [default: error]', options: [...SEVERITIES, 'none'] }),
    config: Flags.string({ char: 'c', description: 'Config file (default: lambdawise.config.{json,yaml,yml}, .lambdawiserc*, or package.json "lambdawise", found upwards).' }),
    rule: Flags.string({ char: 'r', description: 'Set a rule\'s level, ID=off|info|warning|error (repeatable).', multiple: true, multipleNonGreedy: true }),
    category: Flags.string({ description: 'Only rules of this category (repeatable).', options: [...CATEGORIES], multiple: true, multipleNonGreedy: true }),
    baseline: Flags.string({ description: 'Accept the findings recorded in this baseline file; report only new ones.' }),
    'write-baseline': Flags.string({ description: 'Record the current findings as accepted in this file.' }),
    'cfn-lint': Flags.string({ description: 'Merge cfn-lint findings: auto (when installed), on (required), off. [default: auto]', options: ['auto', 'on', 'off'] }),
    code: Flags.boolean({ description: 'Read the handler code behind the functions (TypeScript/JavaScript) for the code rules; --no-code lints the templates alone.', default: true, allowNo: true }),
    stack: Flags.string({ description: 'Lint a deployed CloudFormation stack\'s template, by name.' }),
    region: Flags.string({ description: 'AWS region of --stack (default: AWS_REGION, else us-east-1).', dependsOn: ['stack'] }),
    parameter: parameterFlag,
  }

  async run(): Promise<{ findings: unknown[] }> {
    const { argv, flags } = await this.parse(Lint)
    const paths = argv as string[]
    if (flags.stack && paths.length > 0) throw new UserError('give either --stack or template paths, not both')
    const config = loadConfig(ALL_RULES, flags.config ? { explicitFile: flags.config } : {})
    const run = await runLint({
      paths,
      ...(flags.stack ? { stack: flags.stack } : {}),
      ...(flags.region ? { region: flags.region } : {}),
      config,
      levels: parseRuleFlags(flags.rule),
      categories: (flags.category ?? []) as Category[],
      parameters: { ...config.parameters, ...parseParameterFlags(flags.parameter) },
      cfnLint: (flags['cfn-lint'] ?? config.cfnLint ?? 'auto') as 'auto' | 'on' | 'off',
      // A deployed stack's code is in S3, not here.
      code: flags.code && !flags.stack,
      ...(flags.baseline ? { baselineFile: flags.baseline } : {}),
      ...(flags['write-baseline'] ? { writeBaselineFile: flags['write-baseline'] } : {}),
      today: new Date(),
    })
    for (const notice of run.notices) process.stderr.write(`${notice}\n`)
    const toFile = Boolean(flags.output)
    const text = FORMATTERS[flags.format as (typeof FORMATS)[number]](run.report, {
      rules: ALL_RULES,
      cwd: process.cwd(),
      color: !toFile && flags.format === 'stylish' && process.stdout.isTTY === true && !process.env.NO_COLOR,
      version: this.config.version,
    })
    if (flags.output) writeFileAtomically(flags.output, text)
    else process.stdout.write(text)
    const threshold = (flags['fail-on'] ?? config.failOn ?? 'error') as Severity | 'none'
    if (run.report.findings.some((finding) => meetsThreshold(finding.severity, threshold))) process.exitCode = 1
    return { findings: run.report.findings }
  }
}

function parseRuleFlags(values: readonly string[] | undefined): Map<string, RuleLevel> {
  const levels = new Map<string, RuleLevel>()
  for (const entry of values ?? []) {
    const [id, level] = entry.split('=')
    if (!id || !level || !['off', ...SEVERITIES].includes(level)) throw new UserError(`--rule expects ID=off|info|warning|error, got "${entry}"`)
    if (!id.startsWith('cfn-lint:') && !ALL_RULES.some((rule) => rule.id === id)) throw new UserError(`--rule ${id}: unknown rule; ${suggestRule(id, ALL_RULES)}`)
    levels.set(id, level as RuleLevel)
  }
  return levels
}
