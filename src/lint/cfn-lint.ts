/**
 * The cfn-lint bridge: runs the real cfn-lint (a Python program) on the user's templates and turns
 * its `--format json` output into our findings, so the two linters report as one.
 * https://github.com/aws-cloudformation/cfn-lint#command-line
 */
import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'

import { execa } from 'execa'

import { UserError } from '../errors.js'
import { readDocument } from '../template/load.js'
import { asRecord } from '../template/sam.js'
import { pathToString } from './engine.js'
import type { Category, Finding, Severity } from './types.js'

export type CfnLintMode = 'auto' | 'on' | 'off'

export interface CfnLintOptions {
  /** `auto`: run it when it is installed; `on`: it must be; `off`: never run it. */
  mode: CfnLintMode
  /** `--parameter K=V` values: each template is given those it declares. */
  parameters?: Readonly<Record<string, string>>
  /** Directory cfn-lint runs in (it reads `.cfnlintrc` there); `files` are relative to it. Default: the process's. */
  cwd?: string
}

export interface CfnLintResult {
  findings: Finding[]
  /** Whether cfn-lint ran (false when off, or missing in `auto` mode). */
  ran: boolean
  /** Why it did not run, for the user (stderr). */
  notice?: string
}

export const CFN_LINT_INSTALL_HINT = 'install it with pip install cfn-lint to include its checks'
export const CFN_LINT_MISSING_NOTICE = `cfn-lint not found; ${CFN_LINT_INSTALL_HINT}`

/** cfn-lint takes 1-2 s on a small template and minutes on a 1,000-resource one: wait long, not forever. */
export const CFN_LINT_TIMEOUT_MS = 15 * 60 * 1000

export async function runCfnLint(files: readonly string[], options: CfnLintOptions): Promise<CfnLintResult> {
  if (options.mode === 'off' || files.length === 0) return { findings: [], ran: false }
  const cwd = options.cwd ?? process.cwd()
  // Spawning in a missing directory fails with ENOENT too, which would read as "cfn-lint not found".
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) throw new UserError('no such directory', { file: cwd })
  const invocations = await planInvocations(files, options.parameters ?? {}, cwd)
  const results = await mapWithConcurrency(invocations, availableParallelism(), (invocation) => runOnce(invocation, cwd))
  if (results.some((result) => result === 'missing')) {
    if (options.mode === 'on') throw new UserError('cfn-lint not found', undefined, CFN_LINT_INSTALL_HINT)
    return { findings: [], ran: false, notice: CFN_LINT_MISSING_NOTICE }
  }
  return { findings: results.flatMap((result) => (result === 'missing' ? [] : result)), ran: true }
}

interface Invocation {
  files: readonly string[]
  parameters: Record<string, string>
  region?: string
}

/**
 * cfn-lint refuses `--parameters` with more than one template ("Parameters can only be used with
 * a single template"), and reports E2900 for a parameter the template does not declare. So the
 * files that get parameters run one by one, each with only those it declares; the rest run
 * together in one process (its start-up is most of the time on small templates).
 * `AWS::Region` is not a parameter to cfn-lint but its `--regions`; other pseudo parameters have no
 * cfn-lint equivalent and are left out.
 */
async function planInvocations(files: readonly string[], parameters: Readonly<Record<string, string>>, cwd: string): Promise<Invocation[]> {
  const region = parameters['AWS::Region']
  const given = Object.entries(parameters).filter(([name]) => !name.startsWith('AWS::'))
  const regionOption = region === undefined ? {} : { region }
  if (given.length === 0) return [{ files, parameters: {}, ...regionOption }]
  const together: string[] = []
  const alone: Invocation[] = []
  for (const file of files) {
    const declared = asRecord(asRecord((await readDocument(resolve(cwd, file))).root)?.Parameters) ?? {}
    const own = Object.fromEntries(given.filter(([name]) => Object.hasOwn(declared, name)))
    if (Object.keys(own).length === 0) together.push(file)
    else alone.push({ files: [file], parameters: own, ...regionOption })
  }
  return [...(together.length > 0 ? [{ files: together, parameters: {}, ...regionOption }] : []), ...alone]
}

async function runOnce(invocation: Invocation, cwd: string): Promise<Finding[] | 'missing'> {
  const args = ['--format', 'json']
  if (invocation.region !== undefined) args.push('--regions', invocation.region)
  const parameters = Object.entries(invocation.parameters)
  // One `--parameters` with every pair: each `--parameters` flag is a separate parameter *set*,
  // and cfn-lint lints the template once per set.
  if (parameters.length > 0) args.push('--parameters', ...parameters.map(([name, value]) => `${name}=${value}`))
  // cfn-lint expands each template name with Python's glob: escape names holding glob characters.
  args.push('--', ...invocation.files.map(escapeGlob))

  const result = await execa('cfn-lint', args, {
    cwd,
    reject: false,
    // With no template on its command line cfn-lint reads one from a piped stdin: never let it wait.
    stdin: 'ignore',
    timeout: CFN_LINT_TIMEOUT_MS,
    // Templates are UTF-8 (we require it); so is the JSON we read back, whatever the locale.
    env: { PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8' },
    stripFinalNewline: true,
  })

  // Not on PATH; or a pyenv shim whose Python version does not have it ("pyenv: cfn-lint: command not found", 127).
  if (result.code === 'ENOENT' || (result.exitCode === 127 && /command not found/i.test(result.stderr))) return 'missing'
  if (result.timedOut) {
    throw new UserError(`cfn-lint did not finish within ${CFN_LINT_TIMEOUT_MS / 60_000} minutes`, undefined, `run it by hand to see why: cfn-lint ${invocation.files.join(' ')}`)
  }
  if (result.exitCode === undefined || !isFindingsExitCode(result.exitCode)) {
    throw crashError(result.exitCode, result.signal, result.stdout, result.stderr, result.code)
  }
  let output: unknown
  try {
    output = JSON.parse(result.stdout === '' ? '[]' : result.stdout)
  } catch {
    throw crashError(result.exitCode, result.signal, result.stdout, result.stderr, result.code, 'its output is not JSON')
  }
  const matches = parseMatches(output)
  if (!matches) throw crashError(result.exitCode, result.signal, result.stdout, result.stderr, result.code, 'its output is not the JSON cfn-lint writes')
  const asPassed = new Map(invocation.files.map((file) => [resolve(cwd, file), file]))
  return matches.map((match) => toFinding(match, asPassed, invocation.files, cwd))
}

/**
 * cfn-lint's exit code is a bit mask of what it found: 2 errors, 4 warnings, 8 informational
 * (0 when nothing, or nothing at `--non-zero-exit-code`'s level). Anything else (1 for a bad
 * configuration or an uncaught exception, odd codes, >= 16) means it did not lint.
 */
export function isFindingsExitCode(code: number): boolean {
  return code >= 0 && code <= 14 && code % 2 === 0
}

function crashError(exitCode: number | undefined, signal: string | undefined, stdout: string, stderr: string, code: string | undefined, why?: string): UserError {
  const status = signal ? `was killed by ${signal}` : code && exitCode === undefined ? `could not be started (${code})` : `failed (exit code ${exitCode})`
  const line = usefulLine(stdout, stderr)
  return new UserError(`cfn-lint ${status}${why ? `: ${why}` : ''}${line ? `: ${line}` : ''}`, undefined, 'run cfn-lint by hand on the same files to see its full output')
}

/**
 * The line of cfn-lint's output that says what went wrong: a Python traceback's last line (the
 * exception); else the first non-blank line of stderr; else of stdout, where cfn-lint prints its
 * configuration errors ("Configuration error: ...", or a JSON finding for a bad .cfnlintrc).
 */
export function usefulLine(stdout: string, stderr: string): string | undefined {
  const lines = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '')
  const errorLines = lines(stderr)
  if (errorLines.some((line) => line.startsWith('Traceback (most recent call last)'))) return errorLines.at(-1)
  if (errorLines.length > 0) return errorLines[0]
  try {
    const matches = parseMatches(JSON.parse(stdout))
    if (matches?.[0]) return matches[0].Message
  } catch {
    // Not JSON: fall through to its first line.
  }
  return lines(stdout)[0]?.slice(0, 500)
}

/** One entry of cfn-lint's `--format json` output (the fields we read). */
interface CfnLintMatch {
  Filename: string | null
  Level: string
  Message: string
  Location: { Start: { LineNumber: number; ColumnNumber: number }; Path: (string | number)[] | null }
  Rule: { Id: string; Description?: string }
}

/** Validates the parts of cfn-lint's JSON we rely on; undefined when it is not that shape. */
export function parseMatches(output: unknown): CfnLintMatch[] | undefined {
  if (!Array.isArray(output)) return undefined
  const matches: CfnLintMatch[] = []
  for (const item of output) {
    const match = asRecord(item)
    const rule = asRecord(match?.Rule)
    const location = asRecord(match?.Location)
    const start = asRecord(location?.Start)
    if (!match || !rule || typeof rule.Id !== 'string' || typeof match.Message !== 'string' || typeof match.Level !== 'string') return undefined
    const line = start?.LineNumber
    const column = start?.ColumnNumber
    const path = location?.Path
    matches.push({
      Filename: typeof match.Filename === 'string' ? match.Filename : null,
      Level: match.Level,
      Message: match.Message,
      Location: {
        Start: { LineNumber: typeof line === 'number' && line >= 1 ? line : 1, ColumnNumber: typeof column === 'number' && column >= 1 ? column : 1 },
        Path: Array.isArray(path) && path.every((segment) => typeof segment === 'string' || typeof segment === 'number') ? path : null,
      },
      Rule: { Id: rule.Id, ...(typeof rule.Description === 'string' ? { Description: rule.Description } : {}) },
    })
  }
  return matches
}

const SEVERITY_BY_LEVEL: Record<string, Severity> = { Error: 'error', Warning: 'warning', Informational: 'info' }

function toFinding(match: CfnLintMatch, asPassed: ReadonlyMap<string, string>, files: readonly string[], cwd: string): Finding {
  // cfn-lint prints names normalised (`./a.yaml` as `a.yaml`); findings name the file as we were given it.
  // A configuration error (E0003) has no file: it is about the whole run, so about its first file.
  const file = match.Filename === null ? files[0]! : asPassed.get(resolve(cwd, match.Filename)) ?? match.Filename
  const path = match.Location.Path
  const resource = path?.[0] === 'Resources' && typeof path[1] === 'string' ? path[1] : undefined
  const propertyPath = resource !== undefined && path?.[2] === 'Properties' && path.length > 3 ? pathToString(path.slice(3)) : undefined
  return {
    ruleId: `cfn-lint:${match.Rule.Id}`,
    category: cfnLintCategory(match.Rule.Id),
    severity: SEVERITY_BY_LEVEL[match.Level] ?? (match.Rule.Id.startsWith('W') ? 'warning' : match.Rule.Id.startsWith('I') ? 'info' : 'error'),
    message: match.Message,
    file,
    line: match.Location.Start.LineNumber,
    column: match.Location.Start.ColumnNumber,
    ...(resource !== undefined ? { resource } : {}),
    ...(propertyPath !== undefined ? { path: propertyPath } : {}),
    source: 'cfn-lint',
    equivalents: [],
  }
}

/**
 * Our categories are about architecture; cfn-lint's rules are mostly about whether a template is
 * valid, grouped by template section (E1 functions, E2 parameters, E3 resources, E6 outputs...),
 * not by concern. Most of its findings mean "this stack will fail to create or update, or a
 * resource will not be what the template says" — a deployment that rolls back or a setting that
 * silently differs is a reliability failure, so the default is `resilience` (as are its
 * DeletionPolicy and retention rules: data loss on replacement). The rules that are about one of
 * our other concerns, judged from `cfn-lint --list-rules` 1.51, are named here; an id cfn-lint adds
 * later falls back to `resilience` until it is listed. The JSON contract keeps to our seven
 * categories, so users filter cfn-lint's findings with the same `--category` as ours.
 */
export const CFN_LINT_CATEGORIES: Readonly<Record<string, Category>> = {
  // IAM policies, trust, resource policies, secrets and encryption.
  ...Object.fromEntries(
    ['E1051', 'W1011', 'W1051', 'W2501', 'W2511', 'E3510', 'E3511', 'E3512', 'E3513', 'E3514', 'E3530', 'W3037', 'W3045', 'I3510', 'W3664', 'E3704', 'E3709', 'E3720'].map((id) => [id, 'security']),
  ),
  // VPCs, subnets, security groups and where things are placed in them.
  ...Object.fromEntries(['E1150', 'E1151', 'E1153', 'E1154', 'E3022', 'E3052', 'E3059', 'E3060', 'E3064', 'E3680', 'E3714', 'W3700'].map((id) => [id, 'vpc'])),
  // Logging configuration and log subscriptions.
  ...Object.fromEntries(['E2529', 'E3046', 'E3696', 'E3713'].map((id) => [id, 'observability'])),
  // Legacy instance generations cost more for the same work.
  I3100: 'cost',
}

export function cfnLintCategory(ruleId: string): Category {
  return CFN_LINT_CATEGORIES[ruleId] ?? 'resilience'
}

/** Python's glob.escape: `*`, `?` and `[` each inside brackets. */
export function escapeGlob(file: string): string {
  return file.replace(/[*?[]/g, (character) => `[${character}]`)
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}
