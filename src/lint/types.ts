import type { CodeAnalysis } from '../code/types.js'
import type { ArchitectureGraph } from '../graph/graph.js'
import type { GraphNode, NodeKind } from '../graph/types.js'
import type { Location, Path } from '../template/positions.js'
import type { Template, TemplateResource } from '../template/template.js'

export const SEVERITIES = ['error', 'warning', 'info'] as const
/** error: will break or lose data; warning: an architecture risk; info: advice. */
export type Severity = (typeof SEVERITIES)[number]

export const CATEGORIES = ['coupling', 'vpc', 'sync-async', 'resilience', 'observability', 'security', 'cost'] as const
export type Category = (typeof CATEGORIES)[number]

/** What a rule declares about itself: the catalogue, SARIF and the README are generated from it. */
export interface RuleMetadata {
  /** kebab-case, stable forever: configs, suppressions and baselines name it. */
  id: string
  category: Category
  severity: Severity
  /** One line: what is wrong. */
  title: string
  /** Why it matters, in two or three sentences. */
  rationale: string
  /** What to do instead. */
  fix: string
  /** The AWS page that backs it. */
  docs: string
  /** The same check elsewhere: `serverless-rules:ES6000`, `cfn-lint:E3505`, `cdk-nag:...`, `checkov:CKV_AWS_116`. */
  equivalents: string[]
  /** Message templates by id; `{{name}}` is replaced with the report's data. */
  messages: Record<string, string>
}

/**
 * A rule subscribes to what it inspects: `check` is called once per node of the given kinds or
 * resource types; `checkTemplate` once per template (for rules about the whole architecture).
 */
export type Rule = RuleMetadata &
  (
    | { kinds?: readonly NodeKind[]; types?: readonly string[]; check(context: RuleContext): void; checkTemplate?: never }
    | { kinds?: never; types?: never; check?: never; checkTemplate(context: TemplateRuleContext): void }
  )

export interface Report {
  /** The node the finding is about (defaults to the node being checked). */
  node?: GraphNode
  /** Property path within the node's resource, to locate the finding precisely. */
  path?: Path
  /**
   * Where the finding points, for what a property path cannot reach (a state in a state machine's
   * `DefinitionUri` file). Overrides the location `path` gives.
   */
  location?: Location
  messageId: string
  data?: Record<string, string | number>
}

export interface TemplateRuleContext {
  graph: ArchitectureGraph
  template: Template
  /** The date rules judge by (runtime deprecation): given by the engine, not read from the clock. */
  today: Date
  /** Nodes of this template. */
  nodes: readonly GraphNode[]
  /** What the handler code does, when it was read (not with `--no-code`, and only for functions whose code was found). */
  code: CodeAnalysis | undefined
  report(report: Report & { node: GraphNode }): void
}

export interface RuleContext {
  graph: ArchitectureGraph
  template: Template
  /** The node being checked. */
  node: GraphNode
  /** Its template resource (for a SAM implicit node, the resource that creates it). */
  resource: TemplateResource | undefined
  /** What the handler code does, when it was read (not with `--no-code`, and only for functions whose code was found). */
  code: CodeAnalysis | undefined
  /** The date rules judge by (runtime deprecation): given by the engine, not read from the clock. */
  today: Date
  report(report: Report): void
}

export interface Finding {
  ruleId: string
  category: Category | string
  severity: Severity
  message: string
  file: string
  line: number
  column: number
  /** The logical id in the user's template (the SAM resource, not a generated one). */
  resource?: string
  /** Property path within the resource, e.g. `Events.Api.Properties.Path`. */
  path?: string
  source: 'lambdawise' | 'cfn-lint'
  equivalents: string[]
}

/** A lint run: what the formatters turn into text, and the `--format json` contract. */
export interface LintReport {
  findings: Finding[]
  summary: {
    errors: number
    warnings: number
    infos: number
    /** Template files linted. */
    files: number
    /** Resources in them. */
    resources: number
    durationMs: number
    /** Findings silenced by `Metadata.lambdawise.ignore`. */
    suppressed: number
    /** Findings accepted by `--baseline`. */
    baselined: number
  }
  /** The template files linted, as shown in findings. */
  files: string[]
}

/** What formatters may need besides the report. */
export interface FormatContext {
  /** Metadata of every rule that could have fired (SARIF `tool.driver.rules`, JUnit test cases). */
  rules: readonly RuleMetadata[]
  /** Directory findings' files are relative to (SARIF uses repo-relative URIs). */
  cwd: string
  /** Colour output (stylish) — off when not a TTY or NO_COLOR is set. */
  color: boolean
  version: string
}
