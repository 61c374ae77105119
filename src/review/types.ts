/**
 * The review report as plain data (issue 7): what `buildReview` returns and both renderers read.
 * Everything here is derived from the graph, the lint report and the estimate; nothing is read
 * from disk or the clock, so the same input gives the same model (and the same bytes rendered).
 */
import type { Category, Severity } from '../lint/types.js'

export interface Review {
  /** What was reviewed, as the user named it (a path or a stack). */
  source: string
  /** The template files read, as shown in findings. */
  files: string[]
  summary: ReviewSummary
  diagram: ReviewDiagram
  findings: FindingGroup[]
  cost: CostSection
  tradeOffs: TradeOffSection
  checklist: ChecklistItem[]
  /** How the analysis was run, said once in the report (cfn-lint off, config used, ...). */
  notes: string[]
}

export interface InventoryGroup {
  /** e.g. "entry points", "functions", "queues". */
  label: string
  names: string[]
}

export type VerdictStatus = 'good' | 'advice' | 'attention' | 'risk'

export interface Verdict {
  category: Category
  /** e.g. "Coupling", "VPC use". */
  title: string
  status: VerdictStatus
  /** One line: the verdict in words. */
  headline: string
  /** What the verdict is based on (rules that fired, counts, cost figures), one fact a line. */
  basis: string[]
}

export interface TopRisk {
  ruleId: string
  category: string
  severity: Severity
  title: string
  /** How many findings of this rule, and on which resources. */
  count: number
  resources: string[]
}

export interface ReviewSummary {
  /** The template's Description, when it has one (the system in its authors' words). */
  description: string | undefined
  inventory: InventoryGroup[]
  findingCounts: Record<Severity, number>
  verdicts: Verdict[]
  topRisks: TopRisk[]
}

/** A node with findings: the worst severity and how many (what the svg helper's NodeMarker holds). */
export interface ReviewNodeMarker {
  severity: Severity
  count: number
}

export interface ReviewDiagram {
  /** Mermaid flowchart with the nodes that have findings styled and labelled. */
  mermaid: string
  /** By graph node id. Sorted by id for stable output. */
  markers: Array<{ nodeId: string } & ReviewNodeMarker>
}

export interface FindingInstance {
  message: string
  /** `file:line:column`. */
  location: string
  resource: string | undefined
}

export interface RuleFindings {
  ruleId: string
  severity: Severity
  title: string
  /** Why it matters. */
  rationale: string
  fix: string
  /** The AWS page that backs the rule. */
  docs: string
  equivalents: string[]
  instances: FindingInstance[]
}

export interface FindingGroup {
  category: string
  title: string
  rules: RuleFindings[]
}

export interface CostResourceRow {
  resource: string
  type: string
  monthlyCost: number
  /** False when part of its cost depends on usage nobody gave. */
  complete: boolean
  /** Components whose cost is unknown. */
  unknown: string[]
}

export interface CostPointModel {
  multiplier: number
  entryRequests: number
  totalMonthly: number
  lambdaMonthly: number | undefined
  containerMonthly: number | undefined
}

export interface CostSection {
  region: string
  freeTier: boolean
  entryRequests: number | undefined
  monthlyCost: number
  complete: boolean
  perRequestCost: number | undefined
  /** Largest first, then by name. */
  resources: CostResourceRow[]
  /** Monthly cost at 1×, 10×, 100×, 1000×, 10000× the entry traffic; empty without entry requests. */
  points: CostPointModel[]
  /** Entry requests a month above which a container is cheaper than the functions; undefined when never (or unknown). */
  breakEvenEntryRequests: number | undefined
  /** One sentence on Lambda against a container, with its assumptions. */
  container: string | undefined
  /** What the estimate needs to be complete (e.g. "--requests N or entry_requests in a usage file"). */
  needs: string[]
}

export type MigrationEffort = 'low' | 'medium' | 'high'

export interface ProprietaryService {
  service: string
  resources: string[]
  alternative: string
  effort: MigrationEffort
  /** One line: why the effort is what it is. */
  reason: string
}

export interface SyncPathStep {
  nodeId: string
  name: string
  kind: string
  /** What this step adds to the budget: a function's Timeout; undefined when unresolved. 0 for steps without one. */
  timeoutSeconds: number | undefined
}

export interface SyncPath {
  /** The API (or function URL) the client calls. */
  entry: string
  /** e.g. "HTTP API". */
  entryKind: string
  /** From the entry point to the last synchronous hop. */
  steps: SyncPathStep[]
  /** Sum of the timeouts along the path; undefined when one is unresolved. */
  budgetSeconds: number | undefined
  /** How long the entry point waits at most. */
  limitSeconds: number | undefined
  overLimit: boolean
}

export interface TradeOffSection {
  services: ProprietaryService[]
  syncPaths: SyncPath[]
}

export interface ChecklistItem {
  id: string
  tip: string
  /** True when none of the deciding rules found anything; undefined when every deciding rule was off. */
  ticked: boolean | undefined
  /** The lint rules that decide the tick: the item is explainable from them. */
  ruleIds: string[]
  /** The deciding rules that found something, with how many findings. */
  failing: Array<{ ruleId: string; count: number }>
  /** What the tick does and does not prove. */
  note: string
}
