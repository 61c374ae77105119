import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import { BaseCommand } from '../cli/base-command.js'
import { resolveAnswers } from '../init/answers.js'
import { ARCHITECTURES, generateProject, gitInit, listPatterns, npmInstall, RUNTIMES, type StepResult, writeProject } from '../init/index.js'
import { terminalAsker } from '../init/prompts.js'
import { formatListing, formatNextSteps, formatPlan } from '../init/report.js'

export default class Init extends BaseCommand {
  static override summary = 'Create a serverless project from an architecture pattern.'
  static override description =
    'Generates a SAM + TypeScript project that already follows the advice lambdawise lint enforces: template.yaml, ' +
    'handlers with tests, sample events, a README with the architecture diagram, a usage file for estimate and a CI ' +
    'workflow. Everything is rendered in memory first; a non-empty directory is refused unless --force, and an existing ' +
    'file is never overwritten. Asks for what is missing on a terminal; with --yes or without a terminal it uses ' +
    'defaults or fails (exit 2) naming the missing flag.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --list',
    '<%= config.bin %> <%= command.id %> orders --pattern queue-worker',
    '<%= config.bin %> <%= command.id %> ./svc/billing --pattern api-crud --name billing-api --runtime nodejs24.x --no-install',
    '<%= config.bin %> <%= command.id %> jobs --pattern house-worker --from ../platform/patterns --dry-run',
  ]

  static override enableJsonFlag = true
  static override args = {
    dir: Args.string({ description: 'Directory to create the project in (default: ./NAME).' }),
  }

  static override flags = {
    pattern: Flags.string({ description: 'Architecture pattern (see --list).' }),
    name: Flags.string({ description: 'Project name: the stack and package name (default: DIR\'s last part, when valid).' }),
    runtime: Flags.string({ description: 'Lambda runtime. [default: nodejs24.x]', options: [...RUNTIMES] }),
    arch: Flags.string({ description: 'Lambda architecture. [default: arm64]', options: [...ARCHITECTURES] }),
    install: Flags.boolean({ description: 'Run npm install in the project. [default: on a terminal, yes; otherwise no]', allowNo: true }),
    git: Flags.boolean({ description: 'git init and a first commit (skipped inside an existing repository). [default: yes]', allowNo: true }),
    'dry-run': Flags.boolean({ description: 'Show the files it would create; write nothing.' }),
    yes: Flags.boolean({ char: 'y', description: 'Ask nothing: use defaults, fail on what has none.' }),
    force: Flags.boolean({ description: 'Write into a non-empty directory (existing files are still never overwritten).' }),
    from: Flags.string({ description: 'Your own pattern directory (a pattern.json and its files), or a directory of them.' }),
    list: Flags.boolean({ description: 'List the patterns.', exclusive: ['pattern', 'name', 'dry-run', 'force'] }),
  }

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(Init)
    const patterns = await listPatterns(flags.from ? { from: flags.from } : {})
    if (flags.list) {
      this.log(formatListing(patterns))
      return { patterns: patterns.map(({ manifest, origin }) => ({ ...manifest, origin })) }
    }
    const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true && !this.jsonEnabled()
    const answers = await resolveAnswers({ dir: args.dir, pattern: flags.pattern, name: flags.name, runtime: flags.runtime, arch: flags.arch }, patterns, terminal && !flags.yes ? terminalAsker() : undefined)
    const { manifest, files } = await generateProject({ ...answers, ...(flags.from ? { from: flags.from } : {}) })
    const result = { dir: answers.dir, pattern: manifest.id, name: answers.name, runtime: answers.runtime, arch: answers.arch, dryRun: flags['dry-run'], files: files.map((file) => ({ path: file.path, bytes: file.content.length })) }
    if (flags['dry-run']) {
      this.log(formatPlan(answers.dir, manifest, files))
      return result
    }
    await writeProject(answers.dir, files, { force: flags.force })
    this.log(formatPlan(answers.dir, manifest, files, 'created'))
    // The project is complete without these; a failure is reported and makes the exit code 1, but nothing is undone.
    const steps: StepResult[] = []
    if (flags.install ?? terminal) {
      process.stderr.write('Installing dependencies (npm install)…\n')
      steps.push(await npmInstall(answers.dir))
    }
    if (flags.git ?? true) steps.push(await gitInit(answers.dir, `Create ${answers.name} from the lambdawise ${manifest.id} pattern`))
    for (const step of steps) if (step.message) process.stderr.write(`${step.ok ? 'note' : 'warning'}: ${step.message}\n`)
    if (steps.some((step) => !step.ok)) process.exitCode = 1
    this.log(formatNextSteps(answers.dir, { installed: steps.some((step) => step.step === 'install' && step.ok) }))
    return { ...result, steps }
  }
}
