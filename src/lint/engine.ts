import type { CodeAnalysis } from '../code/types.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import type { GraphNode } from '../graph/types.js'
import type { Path } from '../template/positions.js'
import type { Template } from '../template/template.js'
import { formatMessage } from './rule.js'
import { applyCodeSuppressions, applySuppressions } from './suppressions.js'
import type { Category, Finding, Report, Rule, Severity } from './types.js'

export type RuleLevel = Severity | 'off'

export interface LintOptions {
  rules: readonly Rule[]
  /** Per-rule level from config and `--rule`: a severity, or off. */
  levels?: ReadonlyMap<string, RuleLevel>
  /** Only rules of these categories (all when empty). */
  categories?: readonly Category[]
  /** The date rules judge by; the CLI passes today. */
  today: Date
  /** The handler code analysis (src/code), when code is read. */
  code?: CodeAnalysis
}

export interface LintResult {
  findings: Finding[]
  /** Findings silenced by `Metadata.lambdawise.ignore` or `// lambdawise-ignore-next-line`. */
  suppressed: number
}

/**
 * Runs the rules over the graph: each node is visited once, and only the rules subscribed to its
 * kind or resource type see it. Pure: no I/O; the findings are data.
 */
export function lintGraph(templates: readonly Template[], graph: ArchitectureGraph, options: LintOptions): LintResult {
  const active = options.rules.filter((rule) => {
    if (options.levels?.get(rule.id) === 'off') return false
    return !options.categories?.length || options.categories.includes(rule.category)
  })
  const byKind = new Map<string, Rule[]>()
  const byType = new Map<string, Rule[]>()
  const templateRules: Rule[] = []
  for (const rule of active) {
    if (rule.checkTemplate) templateRules.push(rule)
    for (const kind of rule.kinds ?? []) byKind.set(kind, [...(byKind.get(kind) ?? []), rule])
    for (const type of rule.types ?? []) byType.set(type, [...(byType.get(type) ?? []), rule])
  }

  const findings: Finding[] = []
  const reporter = (rule: Rule, subject: GraphNode) => (report: Report) => {
    findings.push(toFinding(rule, report.node ?? subject, report, options.levels?.get(rule.id)))
  }
  for (const node of graph.nodes.values()) {
    const rules = new Set([...(byKind.get(node.kind) ?? []), ...(byType.get(node.type) ?? [])])
    for (const rule of rules) {
      rule.check?.({ graph, template: node.template, node, resource: resourceOf(node), code: options.code, today: options.today, report: reporter(rule, node) })
    }
  }
  for (const template of templates) {
    const nodes = [...graph.nodes.values()].filter((node) => node.template === template)
    for (const rule of templateRules) {
      rule.checkTemplate?.({ graph, template, nodes, code: options.code, today: options.today, report: (report) => reporter(rule, report.node)(report) })
    }
  }
  const kept = applyCodeSuppressions(options.code?.suppressions ?? [], applySuppressions(templates, findings))
  kept.sort(compareFindings)
  return { findings: kept, suppressed: findings.length - kept.length }
}

function resourceOf(node: GraphNode) {
  return node.resource ?? (node.createdBy ? node.template.resources.get(node.createdBy) : undefined)
}

function toFinding(rule: Rule, node: GraphNode, report: Report, level: RuleLevel | undefined): Finding {
  const resource = resourceOf(node)
  const location = report.location ?? (report.path && resource ? node.template.locateProperty(resource.id, report.path) : node.location)
  const template = rule.messages[report.messageId]
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId ${report.messageId}`)
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: level && level !== 'off' ? level : rule.severity,
    message: formatMessage(template, report.data),
    file: location.file,
    line: location.line,
    column: location.column,
    resource: resource?.id ?? node.logicalId,
    ...(report.path ? { path: pathToString(report.path) } : {}),
    source: 'lambdawise',
    equivalents: rule.equivalents,
  }
}

export function pathToString(path: Path): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('')
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId)
}

/** Whether a finding's severity is at or above the `--fail-on` threshold. */
export function meetsThreshold(severity: Severity, threshold: Severity | 'none'): boolean {
  return threshold !== 'none' && SEVERITY_ORDER[severity] <= SEVERITY_ORDER[threshold]
}
