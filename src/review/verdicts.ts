/**
 * Section 1, a verdict per category. Each one is the lint findings of that category (the worst
 * severity decides: error → risk, warning → needs attention, info → advice, none → good), plus
 * the facts only the review has: the synchronous paths' budgets for sync vs async, whether any
 * function is in a VPC, and the estimate for cost. `basis` says what each verdict rests on.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import { CATEGORIES, type Category, type Finding, type RuleMetadata, type Severity } from '../lint/types.js'
import { CATEGORY_TITLES } from './findings.js'
import type { CostSection, SyncPath, Verdict, VerdictStatus } from './types.js'

export interface VerdictInput {
  graph: ArchitectureGraph
  findings: readonly Finding[]
  rules: readonly RuleMetadata[]
  rulesOff: ReadonlySet<string>
  syncPaths: readonly SyncPath[]
  cost: CostSection
}

const STATUS_RANK: Record<VerdictStatus, number> = { good: 0, advice: 1, attention: 2, risk: 3 }
const STATUS_OF_SEVERITY: Record<Severity, VerdictStatus> = { error: 'risk', warning: 'attention', info: 'advice' }

export function verdictsOf(input: VerdictInput): Verdict[] {
  return CATEGORIES.map((category) => verdictFor(category, input))
}

function verdictFor(category: Category, input: VerdictInput): Verdict {
  const findings = input.findings.filter((finding) => finding.category === category)
  const rules = input.rules.filter((rule) => rule.category === category && !input.rulesOff.has(rule.id))
  let status: VerdictStatus = 'good'
  for (const finding of findings) status = worse(status, STATUS_OF_SEVERITY[finding.severity])
  const basis = [rulesLine(category, rules.length, findings)]
  let headline = findingsHeadline(findings, rules)
  const extra = EXTRA[category]?.(input)
  if (extra) {
    status = worse(status, extra.status ?? 'good')
    basis.push(...extra.basis)
    if (extra.headline && findings.length === 0) headline = extra.headline
  }
  return { category, title: CATEGORY_TITLES[category] ?? category, status, headline, basis }
}

function worse(a: VerdictStatus, b: VerdictStatus): VerdictStatus {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a
}

function rulesLine(category: string, ruleCount: number, findings: readonly Finding[]): string {
  const ids = [...new Set(findings.map((finding) => finding.ruleId))].sort()
  const found = ids.length === 0 ? 'none found anything' : `found by ${ids.map((id) => `\`${id}\``).join(', ')}`
  return `${ruleCount} ${category} rule${ruleCount === 1 ? '' : 's'} checked; ${found}`
}

function findingsHeadline(findings: readonly Finding[], rules: readonly RuleMetadata[]): string {
  if (findings.length === 0) return 'No findings'
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length
  const parts = (['error', 'warning', 'info'] as const).filter((severity) => count(severity) > 0).map((severity) => plural(count(severity), severity === 'info' ? 'note' : severity))
  const worst = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))[0]!
  const title = rules.find((rule) => rule.id === worst.ruleId)?.title ?? worst.message
  return `${parts.join(', ')}; worst: ${title}`
}

function severityRank(severity: Severity): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`
}

interface Extra {
  status?: VerdictStatus
  headline?: string
  basis: string[]
}

const EXTRA: Partial<Record<Category, (input: VerdictInput) => Extra>> = {
  vpc: ({ graph }) => {
    const inVpc = [...graph.nodes.values()].filter((node) => node.kind === 'function' && graph.outgoing(node.id).some((edge) => edge.via === 'vpc'))
    return inVpc.length === 0
      ? { headline: 'No function runs in a VPC', basis: ['no function has a VpcConfig'] }
      : { basis: [`${plural(inVpc.length, 'function')} in a VPC: ${inVpc.map((node) => node.id).sort().join(', ')}`] }
  },
  'sync-async': ({ syncPaths }) => {
    if (syncPaths.length === 0) return { headline: 'No synchronous path from an API', basis: ['no API in the template waits on a function'] }
    const over = syncPaths.filter((path) => path.overLimit)
    const budgets = syncPaths.map((path) => path.budgetSeconds).filter((budget): budget is number => budget !== undefined)
    const basis = [`${plural(syncPaths.length, 'synchronous path')} from the APIs; the largest timeout budget is ${budgets.length > 0 ? Math.max(...budgets) : '?'} s`]
    if (over.length > 0) basis.push(`${plural(over.length, 'path')} can outlast the API's limit: ${over.map((path) => path.steps.map((step) => step.name).join(' → ')).join('; ')}`)
    return over.length > 0 ? { status: 'risk', basis } : { headline: 'Every synchronous path fits within the API\'s limit', basis }
  },
  cost: ({ cost }) => {
    const basis = [`$${cost.monthlyCost.toFixed(2)} a month${cost.complete ? '' : ' plus what depends on usage'} in ${cost.region}${cost.perRequestCost !== undefined ? `, $${cost.perRequestCost.toPrecision(3)} per request` : ''}`]
    if (cost.entryRequests === undefined) basis.push('entry requests unknown: the cost at scale was not computed')
    const today = cost.points.find((point) => point.multiplier === 1)
    const containerCheaper = today?.containerMonthly !== undefined && today.lambdaMonthly !== undefined && today.containerMonthly < today.lambdaMonthly
    if (containerCheaper) basis.push('a container would be cheaper than the functions at today\'s traffic')
    else if (cost.breakEvenEntryRequests !== undefined) basis.push(`a container becomes cheaper above about ${cost.breakEvenEntryRequests.toLocaleString('en-US')} entry requests a month`)
    return containerCheaper ? { status: 'attention', headline: 'A container would cost less at this traffic', basis } : { headline: `No findings; $${cost.monthlyCost.toFixed(2)} a month`, basis }
  },
}
