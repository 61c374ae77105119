import { UserError } from '../errors.js'
import { parseTemplateText } from '../template/parse.js'
import type { Path } from '../template/positions.js'
import { isValidPatternId } from './names.js'
import type { DependencySpec, PatternManifest } from './types.js'

const KEYS = ['id', 'title', 'summary', 'order', 'dependencies', 'devDependencies', 'budget'] as const
// An npm package name, optionally scoped, then an optional `@range` (user patterns pin their own versions).
const DEPENDENCY = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@(.+))?$/

/**
 * Parses and validates a pattern.json. Every problem is a UserError located on the offending key, so a
 * pattern author sees `templates/x/pattern.json:4:3: ...`. `dirName` is the pattern's directory: the id must match
 * it, so `--pattern ID` and the directory listing never disagree.
 */
export function parseManifest(file: string, text: string, dirName: string): PatternManifest {
  const document = parseTemplateText(file, text)
  const root = document.root
  const fail = (path: Path, message: string, hint?: string): never => {
    throw new UserError(message, { file, ...document.positions.locate(root, path) }, hint)
  }
  if (document.format !== 'json') fail([], 'pattern.json must be JSON')
  if (!root || typeof root !== 'object' || Array.isArray(root)) return fail([], 'pattern.json must be an object')
  const entries = root as Record<string, unknown>
  for (const key of Object.keys(entries)) {
    if (!(KEYS as readonly string[]).includes(key)) fail([key], `unknown key "${key}" in pattern.json`, `known keys: ${KEYS.join(', ')}`)
  }
  const requiredString = (key: 'id' | 'title' | 'summary'): string => {
    const value = entries[key]
    if (value === undefined) fail([], `pattern.json has no "${key}"`)
    if (typeof value !== 'string' || value.trim() === '') fail([key], `"${key}" must be a non-empty string`)
    return value as string
  }
  const id = requiredString('id')
  if (!isValidPatternId(id)) fail(['id'], `"id" must be kebab-case (lowercase letters, digits, hyphens), got "${id}"`)
  if (id !== dirName) fail(['id'], `"id" is "${id}" but the directory is "${dirName}"`, 'they must be the same')
  const manifest: PatternManifest = {
    id,
    title: requiredString('title'),
    summary: requiredString('summary'),
    dependencies: dependencies(entries, 'dependencies', fail),
    devDependencies: dependencies(entries, 'devDependencies', fail),
  }
  if (entries.order !== undefined) {
    if (typeof entries.order !== 'number' || !Number.isFinite(entries.order)) fail(['order'], '"order" must be a number')
    manifest.order = entries.order as number
  }
  if (entries.budget !== undefined) {
    if (typeof entries.budget !== 'number' || !(entries.budget > 0)) fail(['budget'], '"budget" must be a positive number (USD a month)')
    manifest.budget = entries.budget as number
  }
  return manifest
}

function dependencies(entries: Record<string, unknown>, key: 'dependencies' | 'devDependencies', fail: (path: Path, message: string, hint?: string) => never): DependencySpec[] {
  const list = entries[key]
  if (list === undefined) return []
  if (!Array.isArray(list)) return fail([key], `"${key}" must be a list of package names`)
  const specs: DependencySpec[] = []
  list.forEach((entry: unknown, index) => {
    const match = typeof entry === 'string' ? DEPENDENCY.exec(entry) : null
    if (!match?.[1]) return fail([key, index], `"${key}" entries must be npm package names, got ${JSON.stringify(entry)}`, 'versions come from templates/_base/versions.json; a user pattern may write "pkg@1.2.3"')
    if (specs.some((spec) => spec.name === match[1])) fail([key, index], `"${match[1]}" is listed twice in "${key}"`)
    specs.push(match[2] ? { name: match[1], version: match[2] } : { name: match[1] })
  })
  return specs
}
