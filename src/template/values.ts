/**
 * Template values after static resolution. What lambdawise could not know without deploying
 * stays symbolic (`Unresolved`), and `Fn::If` on a condition that depends on the deployment keeps
 * both branches (`Conditional`). Rules must never read a symbolic value as a literal.
 */
export type Value = Primitive | Value[] | ValueMap | Unresolved | Conditional
export type Primitive = string | number | boolean | null
export interface ValueMap {
  [key: string]: Value
}

/** A logical id the value refers to, and the attribute (`Fn::GetAtt`) if any. */
export interface ResourceReference {
  id: string
  attribute?: string
}

export class Unresolved {
  constructor(
    /** The intrinsic that could not be resolved: `Ref`, `Fn::GetAtt`, `Fn::Sub`, ... */
    readonly intrinsic: string,
    /** The resources it names (the graph follows these). */
    readonly references: readonly ResourceReference[],
    /** The string with `${...}` where parts are unknown, when it is a string at all. */
    readonly text?: string,
  ) {}
}

export class Conditional {
  constructor(
    readonly condition: string,
    readonly whenTrue: Value,
    readonly whenFalse: Value,
  ) {}
}

export function isValueMap(value: Value | undefined): value is ValueMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved) && !(value instanceof Conditional)
}

export function asString(value: Value | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function asNumber(value: Value | undefined): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
  return undefined
}

export function asArray(value: Value | undefined): Value[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]
}

export function asMap(value: Value | undefined): ValueMap | undefined {
  return isValueMap(value) ? value : undefined
}

/** Every value a `Conditional` may take (a plain value is its own only possibility). */
export function possibleValues(value: Value | undefined): Value[] {
  if (value instanceof Conditional) return [...possibleValues(value.whenTrue), ...possibleValues(value.whenFalse)]
  return value === undefined ? [] : [value]
}

/** Walks a value (through maps, lists and both branches of conditions) and lists the resources it names. */
export function referencesIn(value: Value | undefined): ResourceReference[] {
  const found: ResourceReference[] = []
  const visit = (current: Value | undefined): void => {
    if (current instanceof Unresolved) for (const reference of current.references) found.push(reference)
    else if (current instanceof Conditional) {
      visit(current.whenTrue)
      visit(current.whenFalse)
    } else if (Array.isArray(current)) current.forEach(visit)
    else if (isValueMap(current)) Object.values(current).forEach(visit)
  }
  visit(value)
  return found
}

/** A string for display or matching: known text, or the text with `${...}` placeholders. */
export function displayText(value: Value | undefined): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Unresolved) return value.text
  return undefined
}
