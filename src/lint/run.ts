import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ALL_RULES } from '../../rules/index.js'
import type { CodeAnalysis } from '../code/types.js'
import { UserError } from '../errors.js'
import { buildGraph } from '../graph/build.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import { loadTemplates } from '../index.js'
import type { Template } from '../template/template.js'
import { writeFileAtomically } from '../util/files.js'
import { applyBaseline, createBaseline, parseBaseline } from './baseline.js'
import type { LintConfig } from './config.js'
import { compareFindings, lintGraph, type RuleLevel } from './engine.js'
import { applySuppressions } from './suppressions.js'
import type { Category, Finding, LintReport } from './types.js'

export interface LintRunOptions {
  paths: readonly string[]
  /** Lint a deployed stack's template instead of files. */
  stack?: string
  region?: string
  config: LintConfig
  /** `--rule ID=level`, over the config's. */
  levels: ReadonlyMap<string, RuleLevel>
  categories: readonly Category[]
  parameters: Record<string, string>
  cfnLint: 'auto' | 'on' | 'off'
  /** Read the handler code (src/code); `--no-code` turns it off. Default on. */
  code?: boolean
  baselineFile?: string
  writeBaselineFile?: string
  today: Date
}

export interface LintRun {
  report: LintReport
  templates: Template[]
  /** The architecture graph, with code edges when the code was read. */
  graph: ArchitectureGraph
  /** Things the user should know that are not findings (cfn-lint missing, a DefinitionUri file missing). */
  notices: string[]
}

/** The whole `lambdawise lint`: read, build the graph, run rules and cfn-lint, suppress, baseline. */
export async function runLint(options: LintRunOptions): Promise<LintRun> {
  const started = performance.now()
  const readOptions = { parameters: options.parameters }
  // The AWS SDK and execa are imported only when used: together they add ~200 ms to every start.
  const templates = options.stack
    ? [await (await import('../aws/cloudformation.js')).loadStackTemplate(options.stack, { ...readOptions, ...(options.region ? { region: options.region } : {}) })]
    : await loadTemplates(options.paths, readOptions)
  const notices = templates.flatMap((template) => template.warnings.map((warning) => `warning: ${warning.format()}`))
  const levels = new Map([...options.config.rules, ...options.levels])
  const categories = options.categories.length > 0 ? options.categories : options.config.categories ?? []
  const graph = buildGraph(templates)
  const code = options.code === false ? undefined : await readHandlerCode(templates, graph, notices)
  const { findings, suppressed } = lintGraph(templates, graph, { rules: ALL_RULES, levels, categories, today: options.today, ...(code ? { code } : {}) })

  const cfnLint = await cfnLintFindings(templates, options)
  if (cfnLint.notice) notices.push(`notice: ${cfnLint.notice}`)
  const cfnLintUnsuppressed = applySuppressions(templates, cfnLint.findings)
  const cfnLintKept = cfnLintUnsuppressed
    .filter((finding) => levels.get(finding.ruleId) !== 'off' && (categories.length === 0 || categories.includes(finding.category as Category)))
    .map((finding) => {
      const level = levels.get(finding.ruleId)
      return level && level !== 'off' ? { ...finding, severity: level } : finding
    })
  const all = [...findings, ...cfnLintKept].sort(compareFindings)
  const totalSuppressed = suppressed + cfnLint.findings.length - cfnLintUnsuppressed.length

  if (options.writeBaselineFile) writeFileAtomically(options.writeBaselineFile, JSON.stringify(createBaseline(all), null, 2) + '\n')
  const baselineFile = options.writeBaselineFile ?? options.baselineFile ?? options.config.baseline
  let kept = all
  let baselined = 0
  if (baselineFile) {
    let text: string
    try {
      text = readFileSync(baselineFile, 'utf8')
    } catch {
      throw new UserError('no such baseline file', { file: baselineFile }, 'create it with --write-baseline')
    }
    ;({ kept, baselined } = applyBaseline(all, parseBaseline(baselineFile, text)))
  }

  const count = (severity: Finding['severity']) => kept.filter((finding) => finding.severity === severity).length
  const report: LintReport = {
    findings: kept,
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      files: templates.length,
      resources: templates.reduce((total, template) => total + template.resources.size, 0),
      durationMs: Math.round(performance.now() - started),
      suppressed: totalSuppressed,
      baselined,
    },
    files: templates.map((template) => template.file),
  }
  return { report, templates, graph, notices }
}

/**
 * The handler code behind the functions, as code edges in the graph and facts for the code rules.
 * Imported when used: the analysis loads ts-morph (and TypeScript) only when some handler file exists.
 */
async function readHandlerCode(templates: readonly Template[], graph: ArchitectureGraph, notices: string[]): Promise<CodeAnalysis> {
  const { analyseCode } = await import('../code/analyse.js')
  const { codeNotices } = await import('../code/notices.js')
  const { addCodeEdges } = await import('../code/edges.js')
  const analysis = await analyseCode(templates, graph)
  addCodeEdges(graph, analysis)
  notices.push(...codeNotices(analysis).map((notice) => `notice: ${notice}`))
  return analysis
}

/** cfn-lint reads files: a deployed stack's template is written to a temporary one and mapped back. */
async function cfnLintFindings(templates: readonly Template[], options: LintRunOptions): Promise<{ findings: Finding[]; notice?: string }> {
  if (options.cfnLint === 'off') return { findings: [] }
  const { runCfnLint } = await import('./cfn-lint.js')
  if (!options.stack) return runCfnLint(templates.map((template) => template.file), { mode: options.cfnLint, parameters: options.parameters })
  const directory = mkdtempSync(join(tmpdir(), 'lambdawise-stack-'))
  try {
    const template = templates[0]!
    const file = join(directory, 'template' + (template.document.format === 'json' ? '.json' : '.yaml'))
    writeFileSync(file, template.document.text)
    const result = await runCfnLint([file], { mode: options.cfnLint, parameters: options.parameters })
    return { ...result, findings: result.findings.map((finding) => ({ ...finding, file: template.file })) }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}
