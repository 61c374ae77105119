import { UserError } from '../errors.js'
import type { PositionIndex } from './positions.js'
import {
  Conditional,
  displayText,
  type ResourceReference,
  referencesIn,
  Unresolved,
  type Value,
  type ValueMap,
} from './values.js'

/** Intrinsic functions CloudFormation (with the SAM and language-extension transforms) knows. */
const KNOWN_INTRINSICS = new Set([
  'Ref', 'Condition', 'Fn::And', 'Fn::Base64', 'Fn::Cidr', 'Fn::Equals', 'Fn::FindInMap', 'Fn::GetAtt',
  'Fn::GetAZs', 'Fn::If', 'Fn::ImportValue', 'Fn::Join', 'Fn::Length', 'Fn::Not', 'Fn::Or', 'Fn::Select',
  'Fn::Split', 'Fn::Sub', 'Fn::ToJsonString', 'Fn::Transform',
  // Only valid inside a template's Rules section, listed so they are not reported there.
  'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::RefAll', 'Fn::ValueOf', 'Fn::ValueOfAll',
])

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
])

/** Conditions referring to conditions deeper than this stay undecided (and the stack stays small). */
const MAX_CONDITION_CHAIN = 100

/** `AWS::NoValue`: the property or list item is removed. */
const NO_VALUE = Symbol('AWS::NoValue')
type Resolved = Value | typeof NO_VALUE

export interface ResolverInput {
  /** Every declared parameter (and pseudo parameter the user fixed): its value, or an `Unresolved` placeholder. */
  parameters: ReadonlyMap<string, Value>
  /** Every name `Ref` may name that is not a parameter: logical ids of resources. */
  resourceIds: ReadonlySet<string>
  mappings: unknown
  /** Known truth of each condition; undefined when it depends on the deployment. */
  conditionValue: (name: string) => boolean | undefined
}

export class IntrinsicResolver {
  constructor(private readonly input: ResolverInput) {}

  resolve(raw: unknown): Value {
    const value = this.resolveAny(raw, 0)
    return value === NO_VALUE ? null : value
  }

  /**
   * Copy on write: a list or plain map none of whose values change is returned as it is, so the
   * resolved properties share what has no intrinsic in it with the parsed template (most of it)
   * instead of copying every value of every resource. Neither is ever modified.
   */
  private resolveAny(raw: unknown, depth: number): Resolved {
    if (depth > 100) return new Unresolved('depth', [])
    if (raw === null || raw === undefined) return null
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw
    if (Array.isArray(raw)) {
      let items: Value[] | undefined
      for (let index = 0; index < raw.length; index++) {
        const item: unknown = raw[index]
        const resolved = this.resolveAny(item, depth + 1)
        if (items === undefined) {
          if (resolved === item) continue
          items = raw.slice(0, index) as Value[]
        }
        if (resolved !== NO_VALUE) items.push(resolved)
      }
      return items ?? (raw as Value[])
    }
    if (typeof raw !== 'object') return null
    const source = raw as Record<string, unknown>
    const keys = Object.keys(source)
    if (keys.length === 1) {
      const key = keys[0]!
      if (key === 'Ref' || key.startsWith('Fn::')) return this.resolveIntrinsic(key, source[key], depth + 1)
    }
    // Only plain maps are shared; anything else (a parser's Date, say) becomes a plain map, as before.
    let map: ValueMap | undefined = Object.getPrototypeOf(source) === Object.prototype ? undefined : {}
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!
      const item = source[key]
      const resolved = this.resolveAny(item, depth + 1)
      if (map === undefined) {
        if (resolved === item) continue
        map = {}
        for (let before = 0; before < index; before++) setValue(map, keys[before]!, source[keys[before]!] as Value)
      }
      if (resolved !== NO_VALUE) setValue(map, key, resolved)
    }
    return map ?? (source as ValueMap)
  }

  private resolveIntrinsic(name: string, argument: unknown, depth: number): Resolved {
    switch (name) {
      case 'Ref':
        return this.resolveRef(argument)
      case 'Fn::GetAtt':
        return this.resolveGetAtt(argument)
      case 'Fn::Sub':
        return this.resolveSub(argument, depth)
      case 'Fn::Join':
        return this.resolveJoin(argument, depth)
      case 'Fn::If':
        return this.resolveIf(argument, depth)
      case 'Fn::FindInMap':
        return this.resolveFindInMap(argument, depth)
      case 'Fn::Select':
        return this.resolveSelect(argument, depth)
      case 'Fn::Split':
        return this.resolveSplit(argument, depth)
      default: {
        // Base64, Cidr, GetAZs, ImportValue, ...: the value is only known once deployed,
        // but the resources its arguments name still matter to the graph.
        const resolvedArgument = this.resolveAny(argument, depth)
        return new Unresolved(name, referencesIn(resolvedArgument === NO_VALUE ? null : resolvedArgument))
      }
    }
  }

  private resolveRef(argument: unknown): Resolved {
    if (typeof argument !== 'string') return new Unresolved('Ref', [])
    if (argument === 'AWS::NoValue') return NO_VALUE
    const parameter = this.input.parameters.get(argument)
    if (parameter !== undefined) return parameter
    if (PSEUDO_PARAMETERS.has(argument)) return new Unresolved('Ref', [], `\${${argument}}`)
    return new Unresolved('Ref', [{ id: argument }], `\${${argument}}`)
  }

  private resolveGetAtt(argument: unknown): Resolved {
    let parts: unknown[] = []
    if (typeof argument === 'string') {
      const dot = argument.indexOf('.')
      parts = dot < 0 ? [argument] : [argument.slice(0, dot), argument.slice(dot + 1)]
    } else if (Array.isArray(argument)) parts = argument
    // The language extensions allow `!GetAtt [!Sub '${Name}Queue', Arn]`.
    const [rawId, attribute] = parts
    const id = typeof rawId === 'string' ? rawId : this.resolveAny(rawId, 1)
    if (typeof id !== 'string') return new Unresolved('Fn::GetAtt', [])
    const attributeName = typeof attribute === 'string' ? attribute : undefined
    return new Unresolved('Fn::GetAtt', [{ id, attribute: attributeName }], `\${${id}${attributeName ? '.' + attributeName : ''}}`)
  }

  private resolveSub(argument: unknown, depth: number): Resolved {
    let format: unknown = argument
    let variables: Record<string, unknown> = {}
    if (Array.isArray(argument)) {
      format = argument[0]
      if (argument[1] && typeof argument[1] === 'object' && !Array.isArray(argument[1])) variables = argument[1] as Record<string, unknown>
    }
    if (typeof format !== 'string') return new Unresolved('Fn::Sub', [])
    const references: ResourceReference[] = []
    let complete = true
    const text = format.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return '${' + inner.slice(1) + '}'
      const name = inner.trim()
      let value: Resolved
      if (Object.hasOwn(variables, name)) value = this.resolveAny(variables[name], depth + 1)
      else if (name.includes('.') && !PSEUDO_PARAMETERS.has(name)) value = this.resolveGetAtt(name)
      else value = this.resolveRef(name)
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
      complete = false
      if (value !== NO_VALUE) for (const reference of referencesIn(value)) references.push(reference)
      return (value instanceof Unresolved && value.text) || whole
    })
    return complete ? text : new Unresolved('Fn::Sub', references, text)
  }

  private resolveJoin(argument: unknown, depth: number): Resolved {
    if (!Array.isArray(argument) || argument.length !== 2) return new Unresolved('Fn::Join', [])
    const delimiter = typeof argument[0] === 'string' ? argument[0] : ''
    const list = this.resolveAny(argument[1], depth + 1)
    if (!Array.isArray(list)) return new Unresolved('Fn::Join', list === NO_VALUE ? [] : referencesIn(list))
    const parts = list.map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : undefined))
    if (parts.every((part) => part !== undefined)) return parts.join(delimiter)
    const text = list.map((item, index) => parts[index] ?? displayText(item) ?? '${?}').join(delimiter)
    return new Unresolved('Fn::Join', referencesIn(list), text)
  }

  private resolveIf(argument: unknown, depth: number): Resolved {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') return new Unresolved('Fn::If', [])
    const condition = argument[0]
    const known = this.input.conditionValue(condition)
    if (known === true) return this.resolveAny(argument[1], depth + 1)
    if (known === false) return this.resolveAny(argument[2], depth + 1)
    const whenTrue = this.resolveAny(argument[1], depth + 1)
    const whenFalse = this.resolveAny(argument[2], depth + 1)
    return new Conditional(condition, whenTrue === NO_VALUE ? null : whenTrue, whenFalse === NO_VALUE ? null : whenFalse)
  }

  private resolveFindInMap(argument: unknown, depth: number): Resolved {
    if (!Array.isArray(argument) || argument.length < 3) return new Unresolved('Fn::FindInMap', [])
    const [mapName, topKey, secondKey] = argument.slice(0, 3).map((part) => this.resolveAny(part, depth + 1))
    const mappings = this.input.mappings as Record<string, Record<string, Record<string, unknown>>> | undefined
    if (typeof mapName === 'string' && typeof topKey === 'string' && typeof secondKey === 'string') {
      const top = mappings && Object.hasOwn(mappings, mapName) ? mappings[mapName] : undefined
      const second = top && Object.hasOwn(top, topKey) ? top[topKey] : undefined
      const found = second && Object.hasOwn(second, secondKey) ? second[secondKey] : undefined
      if (found !== undefined) return this.resolveAny(found, depth + 1)
    }
    // The language extensions' optional default: [Map, Top, Second, {DefaultValue: x}].
    const fallback = argument[3] as { DefaultValue?: unknown } | undefined
    if (fallback && typeof fallback === 'object' && 'DefaultValue' in fallback) return this.resolveAny(fallback.DefaultValue, depth + 1)
    return new Unresolved('Fn::FindInMap', [])
  }

  private resolveSelect(argument: unknown, depth: number): Resolved {
    if (!Array.isArray(argument) || argument.length !== 2) return new Unresolved('Fn::Select', [])
    const index = this.resolveAny(argument[0], depth + 1)
    const list = this.resolveAny(argument[1], depth + 1)
    const position = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : NaN
    if (Array.isArray(list) && Number.isInteger(position) && position >= 0 && position < list.length) return list[position]!
    return new Unresolved('Fn::Select', list === NO_VALUE ? [] : referencesIn(list))
  }

  private resolveSplit(argument: unknown, depth: number): Resolved {
    if (!Array.isArray(argument) || argument.length !== 2) return new Unresolved('Fn::Split', [])
    const delimiter = this.resolveAny(argument[0], depth + 1)
    const source = this.resolveAny(argument[1], depth + 1)
    if (typeof delimiter === 'string' && delimiter !== '' && typeof source === 'string') return source.split(delimiter)
    return new Unresolved('Fn::Split', source === NO_VALUE ? [] : referencesIn(source))
  }
}

/**
 * Decides conditions where it can. A condition is decided only by values the user fixed
 * (`--parameter`) or constants: parameter defaults are what a deployment *may* use, and a
 * condition exists precisely to vary between deployments, so both branches stay in play.
 */
export class ConditionEvaluator {
  private readonly cache = new Map<string, boolean | undefined>()
  private readonly evaluating = new Set<string>()
  private readonly resolver: IntrinsicResolver

  constructor(
    private readonly conditions: Record<string, unknown>,
    fixedParameters: ReadonlyMap<string, Value>,
    declaredParameters: ReadonlySet<string>,
    resourceIds: ReadonlySet<string>,
    mappings: unknown,
  ) {
    const parameters = new Map<string, Value>()
    for (const name of declaredParameters) parameters.set(name, fixedParameters.get(name) ?? new Unresolved('Ref', [], `\${${name}}`))
    for (const [name, value] of fixedParameters) parameters.set(name, value)
    this.resolver = new IntrinsicResolver({ parameters, resourceIds, mappings, conditionValue: (name) => this.value(name) })
  }

  value(name: string): boolean | undefined {
    if (this.cache.has(name)) return this.cache.get(name)
    // A cycle (CloudFormation rejects it) or a chain deeper than any real template: do not decide.
    if (this.evaluating.has(name) || this.evaluating.size > MAX_CONDITION_CHAIN) return undefined
    this.evaluating.add(name)
    const result = this.evaluate(this.conditions[name], 0)
    this.evaluating.delete(name)
    this.cache.set(name, result)
    return result
  }

  private evaluate(expression: unknown, depth: number): boolean | undefined {
    if (depth > 50 || !expression || typeof expression !== 'object' || Array.isArray(expression)) {
      return typeof expression === 'boolean' ? expression : undefined
    }
    const [[name, argument] = []] = Object.entries(expression)
    const operands = Array.isArray(argument) ? argument : []
    switch (name) {
      case 'Condition':
        return typeof argument === 'string' ? this.value(argument) : undefined
      case 'Fn::Equals': {
        if (operands.length !== 2) return undefined
        const [left, right] = operands.map((operand) => this.resolver.resolve(operand))
        const comparable = (value: Value | undefined) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        if (!comparable(left) || !comparable(right)) return undefined
        return String(left) === String(right)
      }
      case 'Fn::Not': {
        const inner = this.evaluate(operands[0], depth + 1)
        return inner === undefined ? undefined : !inner
      }
      case 'Fn::And': {
        const values = operands.map((operand) => this.evaluate(operand, depth + 1))
        if (values.includes(false)) return false
        return values.every((value) => value === true) ? true : undefined
      }
      case 'Fn::Or': {
        const values = operands.map((operand) => this.evaluate(operand, depth + 1))
        if (values.includes(true)) return true
        return values.every((value) => value === false) ? false : undefined
      }
      default:
        return undefined
    }
  }
}

/**
 * Reports the first `Fn::Something` CloudFormation does not know, at its position.
 * `Metadata` and `Rules` are skipped: the first is free-form, the second has its own functions.
 */
export function checkIntrinsicNames(file: string, root: unknown, positions: PositionIndex): void {
  // No paths are built on the way down (this visits every value of every template): an unknown
  // intrinsic is located by the position recorded for its own key.
  const visit = (value: unknown, depth: number, section: string | undefined): void => {
    if (depth > 100 || value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1, section)
      return
    }
    // for-in rather than Object.keys: no array per map (parsed templates are plain objects). The
    // map itself is checked before what it holds, so the outermost unknown function is reported.
    let count = 0
    let first: string | undefined
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue
      if (count++ === 0) first = key
      else break
    }
    if (count === 1 && first!.startsWith('Fn::') && !KNOWN_INTRINSICS.has(first!) && !first!.startsWith('Fn::ForEach::')) {
      const position = positions.positionOf(value, first!) ?? positions.positionOf(value) ?? { line: 1, column: 1 }
      throw new UserError(`unknown intrinsic function ${first}`, { file, ...position }, 'see the list of intrinsic functions in the CloudFormation User Guide')
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue
      if (depth === 0 && (key === 'Metadata' || key === 'Rules')) continue
      if (depth === 2 && section === 'Resources' && key === 'Metadata') continue
      visit((value as Record<string, unknown>)[key], depth + 1, depth === 0 ? key : section)
    }
  }
  visit(root, 0, undefined)
}

/** `map[key] = value`, except that "__proto__" stays an ordinary key (a plain assignment would set the prototype). */
function setValue(map: ValueMap, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true })
  else map[key] = value
}
