/**
 * Where modules are on disk: a handler path or an import specifier to a file, as TypeScript and
 * the bundlers resolve them (extensions, `./a.js` → `a.ts`, index modules, tsconfig `paths`).
 * Synchronous `stat` calls only: resolution runs for a few thousand specifiers at most.
 */
import { readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'

import type { ts as TypeScript } from 'ts-morph'

/** The extensions a module may have, in the order a bundler would pick them. */
export const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']

/** `import x from './a.js'` may name `a.ts`: TypeScript's mapping of output to source extensions. */
const SOURCE_EXTENSIONS_FOR: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '.jsx': ['.tsx', '.jsx'],
  '.ts': ['.ts'], '.mts': ['.mts'], '.cts': ['.cts'], '.tsx': ['.tsx'],
}

/** A module path: the file itself (an output extension mapped to its source), with an extension added, or a directory's index module. */
export function resolveModulePath(base: string): string | undefined {
  const extension = extname(base)
  const stem = base.slice(0, base.length - extension.length)
  const candidates = [
    ...(Object.hasOwn(SOURCE_EXTENSIONS_FOR, extension) ? SOURCE_EXTENSIONS_FOR[extension]!.map((source) => stem + source) : []),
    ...MODULE_EXTENSIONS.map((added) => base + added),
    ...MODULE_EXTENSIONS.map((added) => join(base, `index${added}`)),
  ]
  return candidates.find(isFile)
}

export function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
}

export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
}

/** The `compilerOptions.paths` of one tsconfig.json, made absolute. */
export interface TsconfigPaths {
  /** Where `paths` targets are relative to (`baseUrl`, else the tsconfig's directory). */
  baseDirectory: string
  /** Non-relative specifiers resolve against `baseUrl` too, when it is set. */
  baseUrl?: string
  patterns: { prefix: string; suffix: string; wildcard: boolean; targets: string[] }[]
}

/**
 * The `paths` of `directory/tsconfig.json` (following relative `extends`), `undefined` when the
 * directory has none. A tsconfig without `paths` still answers (with none), so the search upwards stops there.
 */
export function readTsconfigPaths(directory: string, ts: typeof TypeScript): TsconfigPaths | undefined {
  const path = join(directory, 'tsconfig.json')
  if (!isFile(path)) return undefined
  return pathsOfConfig(path, ts, 0) ?? { baseDirectory: directory, patterns: [] }
}

function pathsOfConfig(path: string, ts: typeof TypeScript, depth: number): TsconfigPaths | undefined {
  let config: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined
  try {
    config = ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8')).config as typeof config
  } catch {
    return undefined // an unreadable tsconfig only costs alias resolution
  }
  const directory = dirname(path)
  const options = config?.compilerOptions ?? {}
  const baseUrl = typeof options.baseUrl === 'string' ? resolve(directory, options.baseUrl) : undefined
  if (options.paths && typeof options.paths === 'object') {
    const patterns = Object.entries(options.paths as Record<string, unknown>).map(([key, targets]) => {
      const star = key.indexOf('*')
      return {
        prefix: star < 0 ? key : key.slice(0, star),
        suffix: star < 0 ? '' : key.slice(star + 1),
        wildcard: star >= 0,
        targets: Array.isArray(targets) ? targets.filter((target): target is string => typeof target === 'string') : [],
      }
    })
    // TypeScript prefers the pattern with the longest prefix.
    patterns.sort((a, b) => b.prefix.length - a.prefix.length)
    return { baseDirectory: baseUrl ?? directory, ...(baseUrl ? { baseUrl } : {}), patterns }
  }
  if (typeof config?.extends === 'string' && config.extends.startsWith('.') && depth < 5) {
    const parent = resolve(directory, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`)
    const inherited = isFile(parent) ? pathsOfConfig(parent, ts, depth + 1) : undefined
    if (inherited) return inherited
  }
  return baseUrl ? { baseDirectory: baseUrl, baseUrl, patterns: [] } : undefined
}

/** The absolute module paths an aliased specifier may name, most specific pattern first. */
export function resolvePathAlias(paths: TsconfigPaths, specifier: string): string[] {
  const candidates: string[] = []
  for (const pattern of paths.patterns) {
    const matches = pattern.wildcard
      ? specifier.startsWith(pattern.prefix) && specifier.endsWith(pattern.suffix) && specifier.length >= pattern.prefix.length + pattern.suffix.length
      : specifier === pattern.prefix
    if (!matches) continue
    const captured = pattern.wildcard ? specifier.slice(pattern.prefix.length, specifier.length - pattern.suffix.length) : ''
    for (const target of pattern.targets) candidates.push(resolve(paths.baseDirectory, target.replace('*', captured)))
  }
  if (paths.baseUrl) candidates.push(resolve(paths.baseUrl, specifier))
  return candidates
}
