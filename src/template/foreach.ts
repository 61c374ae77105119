import type { Path } from './positions.js'
import { asRecord } from './sam.js'

/** A resource a `Fn::ForEach` loop generates, with the path of its body in the user's file. */
export interface ExpandedResource {
  id: string
  definition: unknown
  path: Path
}

/** Resources loops may generate. */
const MAX_GENERATED = 10_000
/** Values loops may copy in all: far beyond real templates, far below what exhausts memory. */
export const MAX_EXPANDED_VALUES = 1_000_000

/**
 * Expands `Fn::ForEach::Name: [Identifier, [values...], {OutputKey: body}]` (the
 * AWS::LanguageExtensions transform) in a Resources section. `${Identifier}` and `&{Identifier}`
 * (non-alphanumerics removed) are replaced in keys and strings, `{Ref: Identifier}` by the value.
 * Loops over a collection we cannot resolve generate nothing (their resources are only known at deploy).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-foreach.html
 */
export function expandResources(
  resources: Record<string, unknown>,
  resolveCollection: (raw: unknown) => unknown,
  tooLarge: (path: Path) => Error,
): ExpandedResource[] {
  const expanded: ExpandedResource[] = []
  const budget = { remaining: MAX_EXPANDED_VALUES }
  let generated = 0
  const visit = (entries: Record<string, unknown>, path: Path, bindings: ReadonlyMap<string, string>, depth: number): void => {
    for (const [key, value] of Object.entries(entries)) {
      if (depth > 5 || (depth > 0 && generated > MAX_GENERATED)) return
      if (!key.startsWith('Fn::ForEach::')) {
        if (depth > 0) generated++
        const definition = substitute(value, bindings, budget)
        if (budget.remaining < 0) throw tooLarge(path)
        expanded.push({ id: substitute(key, bindings, budget) as string, definition, path: [...path, key] })
        continue
      }
      if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string') continue
      const [identifier, rawCollection, body] = value as [string, unknown, unknown]
      const collection = resolveCollection(substitute(rawCollection, bindings, budget))
      const outputs = asRecord(body)
      if (!Array.isArray(collection) || !outputs) continue
      for (const item of collection) {
        if (typeof item !== 'string' && typeof item !== 'number') continue
        visit(outputs, [...path, key, 2], new Map([...bindings, [identifier, String(item)]]), depth + 1)
      }
    }
  }
  visit(resources, ['Resources'], new Map(), 0)
  return expanded
}

function substitute(value: unknown, bindings: ReadonlyMap<string, string>, budget: { remaining: number }): unknown {
  if (bindings.size === 0 || --budget.remaining < 0) return value
  if (typeof value === 'string') {
    return value.replace(/([$&])\{([^}]+)\}/g, (match, sigil: string, name: string) => {
      const bound = bindings.get(name)
      if (bound === undefined) return match
      return sigil === '&' ? bound.replace(/[^A-Za-z0-9]/g, '') : bound
    })
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, bindings, budget))
  const map = asRecord(value)
  if (!map) return value
  const keys = Object.keys(map)
  if (keys.length === 1 && keys[0] === 'Ref' && typeof map.Ref === 'string' && bindings.has(map.Ref)) return bindings.get(map.Ref)
  const result: Record<string, unknown> = {}
  for (const key of keys) Object.defineProperty(result, substitute(key, bindings, budget) as string, { value: substitute(map[key], bindings, budget), enumerable: true, writable: true, configurable: true })
  return result
}
