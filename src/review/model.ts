/**
 * `buildReview`: the design-review report as data, from what lint and estimate already computed.
 * Pure: no files, no clock, no network; the renderers (render/markdown.ts, render/html.ts) turn
 * it into text, and src/review/run.ts does the reading.
 */
import type { Estimate, ScalingStep } from '../cost/estimate.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import type { LintReport, RuleMetadata, Severity } from '../lint/types.js'
import { checklistOf } from './checklist.js'
import { costSectionOf } from './cost.js'
import { groupFindings, markersOf, topRisks } from './findings.js'
import { inventoryOf } from './inventory.js'
import { mermaidWithMarkers } from './mermaid.js'
import { syncPaths } from './sync-paths.js'
import { proprietaryServices } from './trade-offs.js'
import type { Review } from './types.js'
import { verdictsOf } from './verdicts.js'

export interface ReviewInput {
  graph: ArchitectureGraph
  lint: LintReport
  estimate: Estimate
  /** Metadata of the rules that ran: rationale, fix and AWS page of each finding. */
  rules: readonly RuleMetadata[]
  /** Steps beyond the estimate's 1000× (the 10000× one, see scale.ts). */
  extraScaling?: readonly ScalingStep[]
  /** What was reviewed, as the user named it. */
  source: string
  /** Rules the config switched off: they decide no verdict or tick. */
  rulesOff?: readonly string[]
  /** How the analysis was run, to say in the report. */
  notes?: readonly string[]
}

export function buildReview(input: ReviewInput): Review {
  const { graph, lint } = input
  const rulesOff = new Set(input.rulesOff ?? [])
  const findings = groupFindings(lint.findings, input.rules)
  const cost = costSectionOf(input.estimate, input.extraScaling)
  const paths = syncPaths(graph)
  const markers = markersOf(graph, lint.findings)
  const count = (severity: Severity) => lint.findings.filter((finding) => finding.severity === severity).length
  // The system in its authors' words: the templates' Description, once each.
  const descriptions = [...new Set([...graph.nodes.values()].map((node) => node.template.description?.trim().replace(/\s+/g, ' ')).filter((text): text is string => Boolean(text)))]
  return {
    source: input.source,
    files: [...lint.files],
    summary: {
      description: descriptions.length > 0 ? descriptions.join(' ') : undefined,
      inventory: inventoryOf(graph),
      findingCounts: { error: count('error'), warning: count('warning'), info: count('info') },
      verdicts: verdictsOf({ graph, findings: lint.findings, rules: input.rules, rulesOff, syncPaths: paths, cost }),
      topRisks: topRisks(findings),
    },
    diagram: {
      mermaid: mermaidWithMarkers(graph, markers),
      markers: [...markers.entries()].map(([nodeId, marker]) => ({ nodeId, ...marker })),
    },
    findings,
    cost,
    tradeOffs: { services: proprietaryServices(graph), syncPaths: paths },
    checklist: checklistOf(lint.findings, rulesOff),
    notes: [...(input.notes ?? [])],
  }
}
