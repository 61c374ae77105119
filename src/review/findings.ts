/** Section 3: findings grouped by category, each rule with why it matters, the fix and the AWS page. */
import type { ArchitectureGraph } from '../graph/graph.js'
import { CATEGORIES, type Finding, type RuleMetadata, type Severity } from '../lint/types.js'
import { compareText } from './inventory.js'
import type { FindingGroup, ReviewNodeMarker, RuleFindings, TopRisk } from './types.js'

export const CATEGORY_TITLES: Readonly<Record<string, string>> = {
  coupling: 'Coupling',
  vpc: 'VPC use',
  'sync-async': 'Sync vs async',
  resilience: 'Resilience',
  observability: 'Observability',
  security: 'Security',
  cost: 'Cost',
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 }

/** cfn-lint's rules have no metadata here: the finding's message stands for the title. */
function metadataFor(ruleId: string, rules: readonly RuleMetadata[]): RuleMetadata | undefined {
  return rules.find((rule) => rule.id === ruleId)
}

export function groupFindings(findings: readonly Finding[], rules: readonly RuleMetadata[]): FindingGroup[] {
  const byCategory = new Map<string, Map<string, RuleFindings>>()
  for (const finding of findings) {
    const byRule = byCategory.get(finding.category) ?? new Map<string, RuleFindings>()
    byCategory.set(finding.category, byRule)
    const rule = metadataFor(finding.ruleId, rules)
    const entry = byRule.get(finding.ruleId) ?? {
      ruleId: finding.ruleId,
      severity: finding.severity,
      title: rule?.title ?? finding.message,
      rationale: rule?.rationale ?? '',
      fix: rule?.fix ?? '',
      docs: rule?.docs ?? '',
      equivalents: [...finding.equivalents],
      instances: [],
    }
    // A config can raise one finding's severity: the rule shows its worst.
    if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[entry.severity]) entry.severity = finding.severity
    entry.instances.push({ message: finding.message, location: `${finding.file}:${finding.line}:${finding.column}`, resource: finding.resource })
    byRule.set(finding.ruleId, entry)
  }
  const order = (category: string) => {
    const index = (CATEGORIES as readonly string[]).indexOf(category)
    return index < 0 ? CATEGORIES.length : index
  }
  return [...byCategory.entries()]
    .sort(([a], [b]) => order(a) - order(b) || compareText(a, b))
    .map(([category, byRule]) => ({
      category,
      title: CATEGORY_TITLES[category] ?? category,
      rules: [...byRule.values()]
        .map((rule) => ({ ...rule, instances: rule.instances.sort((a, b) => compareLocation(a.location, b.location) || compareText(a.message, b.message)) }))
        .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareText(a.ruleId, b.ruleId)),
    }))
}

/** `file:line:col` by file, then numerically. */
function compareLocation(a: string, b: string): number {
  const split = (location: string) => {
    const match = /^(.*):(\d+):(\d+)$/.exec(location)
    return match ? { file: match[1]!, line: Number(match[2]), column: Number(match[3]) } : { file: location, line: 0, column: 0 }
  }
  const left = split(a)
  const right = split(b)
  return compareText(left.file, right.file) || left.line - right.line || left.column - right.column
}

/** The highest-severity findings, one row per rule (a rule that fires on six queues is one risk, on six resources). */
export function topRisks(groups: readonly FindingGroup[], limit = 5): TopRisk[] {
  const risks = groups.flatMap((group) =>
    group.rules.map((rule) => ({
      ruleId: rule.ruleId,
      category: group.category,
      severity: rule.severity,
      title: rule.title,
      count: rule.instances.length,
      resources: [...new Set(rule.instances.map((instance) => instance.resource).filter((resource): resource is string => resource !== undefined))].sort(compareText),
    })),
  )
  return risks
    .filter((risk) => risk.severity !== 'info' || risks.every((other) => other.severity === 'info'))
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.count - a.count || compareText(a.ruleId, b.ruleId))
    .slice(0, limit)
}

/**
 * The graph node each finding is about: its resource's logical id in its file. A finding whose
 * resource is not a node (a generated resource, cfn-lint on a parameter) marks nothing.
 */
export function nodeIdOf(graph: ArchitectureGraph, finding: Finding): string | undefined {
  if (finding.resource === undefined) return undefined
  if (graph.nodes.has(finding.resource)) return finding.resource
  const qualified = `${finding.file}#${finding.resource}`
  if (graph.nodes.has(qualified)) return qualified
  // A finding located in a file the template points to (a state machine's DefinitionUri): match the logical id alone, if unique.
  const matches = [...graph.nodes.values()].filter((node) => node.logicalId === finding.resource)
  return matches.length === 1 ? matches[0]!.id : undefined
}

/** Per node: how many findings and the worst severity. */
export function markersOf(graph: ArchitectureGraph, findings: readonly Finding[]): Map<string, ReviewNodeMarker> {
  const markers = new Map<string, ReviewNodeMarker>()
  for (const finding of findings) {
    const id = nodeIdOf(graph, finding)
    if (id === undefined) continue
    const marker = markers.get(id)
    if (!marker) markers.set(id, { severity: finding.severity, count: 1 })
    else markers.set(id, { severity: SEVERITY_RANK[finding.severity] < SEVERITY_RANK[marker.severity] ? finding.severity : marker.severity, count: marker.count + 1 })
  }
  return new Map([...markers.entries()].sort(([a], [b]) => compareText(a, b)))
}
