/**
 * Literal references: a resource named by a string written into the template (a name, an ARN, a
 * queue URL) rather than by `Ref`/`Fn::GetAtt`. Values are judged as written (before parameters
 * and mappings are resolved): `!Ref QueueName` resolves to the parameter's default, but it is not a
 * hard-coded string.
 */
import { NAME_PROPERTY_BY_KIND } from '../../graph/context.js'
import { AWS_SERVICE_BY_KIND } from '../../graph/kinds.js'
import type { GraphNode, NodeKind } from '../../graph/types.js'
import type { Path } from '../../template/positions.js'
import { GLOBALS_SECTION_BY_TYPE } from '../../template/sam.js'
import type { Template, TemplateResource } from '../../template/template.js'

/** Resources of one template by the physical name their name property sets to a known string. */
export class PhysicalNames {
  private readonly byName = new Map<string, GraphNode[]>()

  constructor(nodes: readonly GraphNode[]) {
    for (const node of nodes) {
      for (const property of NAME_PROPERTY_BY_KIND[node.kind] ?? []) {
        const name = node.resource?.properties[property]
        if (typeof name === 'string' && name !== '') this.byName.set(name, [...(this.byName.get(name) ?? []), node])
      }
    }
  }

  get size(): number {
    return this.byName.size
  }

  named(name: string, kinds?: readonly NodeKind[]): GraphNode[] {
    return (this.byName.get(name) ?? []).filter((node) => !kinds || kinds.includes(node.kind))
  }
}

/** What a literal is: a bare name, an ARN or a queue URL. */
export type LiteralForm = 'name' | 'ARN' | 'queue URL'

export interface LiteralMatch {
  node: GraphNode
  form: LiteralForm
  /** What an ARN adds after the resource's own ARN (`/*`, `/index/*`, `:alias`). */
  suffix?: string
}

/** Where the name sits in each service's ARN resource part (after `arn:partition:service:region:account:`). */
const ARN_NAME: Record<string, RegExp> = {
  sqs: /^([^:/]+)$/,
  sns: /^([^:/]+)(?::.*)?$/,
  lambda: /^function:([^:]+)(?::.*)?$/,
  dynamodb: /^table\/([^/]+)(?:\/.*)?$/,
  s3: /^([^/]+)(?:\/.*)?$/,
  states: /^(?:stateMachine|execution|express):([^:]+)(?::.*)?$/,
  events: /^event-bus\/([^/]+)$/,
  kinesis: /^stream\/([^/]+)(?:\/.*)?$/,
  firehose: /^deliverystream\/([^/]+)$/,
  logs: /^log-group:([^:]+)(?::.*)?$/,
  secretsmanager: /^secret:(.+?)(?:-[A-Za-z0-9]{6}|-?\*)?$/,
  ssm: /^parameter(\/.+)$/,
}

/** A literal ARN's parts, or undefined when the text is not an ARN. */
export function parseArn(text: string): { service: string; region: string; account: string; resource: string } | undefined {
  const match = /^arn:[^:]+:([^:]+):([^:]*):([^:]*):(.+)$/.exec(text)
  return match ? { service: match[1]!, region: match[2]!, account: match[3]!, resource: match[4]! } : undefined
}

/**
 * The resources of this template a literal names: an ARN or queue URL whose name part is a
 * resource's physical name (and whose service is that resource's), or — where a bare name is
 * expected (`bareNames`) — the physical name itself.
 */
export function resourcesNamedBy(text: string, names: PhysicalNames, bareNames?: readonly NodeKind[]): LiteralMatch[] {
  const arn = parseArn(text)
  if (arn) {
    const found = ARN_NAME[arn.service]?.exec(arn.resource)
    const name = found?.[1]
    if (!found || !name) return []
    // The resource's own ARN ends with its name (a secret's with a random suffix, a log group's with `:*`).
    const rest = arn.resource.slice(found.index + found[0].indexOf(name) + name.length)
    const suffix = arn.service === 'secretsmanager' || (arn.service === 'logs' && rest === ':*') ? '' : rest
    // SSM parameter names are written with their leading slash; the ARN drops it.
    const candidates = arn.service === 'ssm' ? [name, name.slice(1)] : [name]
    return candidates
      .flatMap((candidate) => names.named(candidate).filter((node) => AWS_SERVICE_BY_KIND[node.kind] === arn.service))
      .map((node) => ({ node, form: 'ARN' as const, ...(suffix ? { suffix } : {}) }))
  }
  const queueUrl = /^https:\/\/sqs\.[^/]+\/[^/]+\/([^/]+)$/.exec(text)?.[1] ?? /^https:\/\/[^/]+\.queue\.amazonaws\.com\/[^/]+\/([^/]+)$/.exec(text)?.[1]
  if (queueUrl) return names.named(queueUrl, ['queue']).map((node) => ({ node, form: 'queue URL' as const }))
  return bareNames ? names.named(text, bareNames).map((node) => ({ node, form: 'name' as const })) : []
}

/** Stands for a pseudo parameter or placeholder inside a literal: it matches no name. */
const PLACEHOLDER = '\u0001'

/**
 * The strings a raw (unresolved) value spells out literally: a plain string, each branch of an
 * `Fn::If`, and `Fn::Sub`/`Fn::Join` text whose only unknown parts are placeholders (kept as
 * `PLACEHOLDER`, so `arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:orders` still spells `orders`).
 * `Ref`, `Fn::GetAtt`, `Fn::ImportValue`, `Fn::FindInMap` and the like are references, not literals.
 */
export function literalStrings(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw]
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return []
  const entries = Object.entries(raw)
  if (entries.length !== 1) return []
  const [intrinsic, argument] = entries[0]!
  if (intrinsic === 'Fn::If' && Array.isArray(argument) && argument.length === 3) return [...literalStrings(argument[1]), ...literalStrings(argument[2])]
  if (intrinsic === 'Fn::Sub') {
    const [format, variables] = Array.isArray(argument) ? argument : [argument, {}]
    if (typeof format !== 'string') return []
    const literalVariables = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {}
    return [format.replace(/\$\{([^}!][^}]*)\}/g, (_whole, name: string) => {
      const variable = Object.hasOwn(literalVariables, name.trim()) ? literalVariables[name.trim()] : undefined
      return typeof variable === 'string' ? variable : PLACEHOLDER
    })]
  }
  if (intrinsic === 'Fn::Join' && Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && Array.isArray(argument[1])) {
    return [argument[1].map((part) => (typeof part === 'string' || typeof part === 'number' ? String(part) : PLACEHOLDER)).join(argument[0])]
  }
  return []
}

/** Whether a literal contains a placeholder (its full text is not known). */
export function hasPlaceholder(text: string): boolean {
  return text.includes(PLACEHOLDER)
}

/** A literal for display: placeholders shown as `${...}`. */
export function displayLiteral(text: string): string {
  const shown = text.replaceAll(PLACEHOLDER, '${…}')
  return shown.length > 90 ? `${shown.slice(0, 87)}...` : shown
}

function child(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
}

function at(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((current, key) => child(current, key), value)
}

/**
 * A resource's property as written in the template: in the resource, or in SAM `Globals` for what
 * it inherits (`inherited`). Undefined when it cannot be found as written (e.g. `Fn::ForEach` output).
 */
export function rawProperty(template: Template, resource: TemplateResource, path: Path): { value: unknown; inherited: boolean } | undefined {
  const root = template.document.root
  const own = at(root, ['Resources', resource.id, 'Properties', ...path])
  if (own !== undefined) return { value: own, inherited: false }
  const section = Object.hasOwn(GLOBALS_SECTION_BY_TYPE, resource.type) ? GLOBALS_SECTION_BY_TYPE[resource.type] : undefined
  const inherited = section && template.flavor === 'sam' ? at(root, ['Globals', section, ...path]) : undefined
  return inherited !== undefined ? { value: inherited, inherited: true } : undefined
}
