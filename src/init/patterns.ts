import { existsSync, readFileSync } from 'node:fs'
import { lstat, readdir, readFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { UserError } from '../errors.js'
import { displayPath } from '../template/discover.js'
import { parseManifest } from './manifest.js'
import { BASE_VERSIONS, PATTERN_MANIFEST } from './paths.js'
import type { Base, Pattern, PatternManifest, SourceFile } from './types.js'

/** A pattern directory bigger than this is a wrong `--from` (a home directory, a project with node_modules). */
const MAX_PATTERN_FILES = 500
const MAX_PATTERN_BYTES = 20 * 1024 * 1024
/** Never part of a pattern, wherever they appear. */
const IGNORED = new Set(['.git', 'node_modules', '.DS_Store', 'Thumbs.db'])

/** The lambdawise package root (the directory holding templates/), from src/ under vitest or dist/src/ when built. */
export function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(directory, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'lambdawise') return directory
    const parent = dirname(directory)
    if (parent === directory) throw new Error('lambdawise: cannot find the package root (no package.json named lambdawise above this module)')
    directory = parent
  }
}

export function bundledTemplatesDir(): string {
  return join(packageRoot(), 'templates')
}

/** The version of lambdawise itself, pinned as the generated project's devDependency. */
export function ownVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
}

export interface PatternEntry {
  manifest: PatternManifest
  dir: string
  origin: 'bundled' | 'user'
}

/**
 * Every pattern: the bundled ones, then those under `--from` (one pattern directory, or a directory of them).
 * A user pattern with a bundled pattern's id replaces it: a team's house version of `api-crud` wins.
 */
export async function listPatterns(options: { templatesDir?: string; from?: string } = {}): Promise<PatternEntry[]> {
  const byId = new Map<string, PatternEntry>()
  for (const dir of await patternDirs(options.templatesDir ?? bundledTemplatesDir())) {
    const entry = await readManifest(dir, 'bundled')
    byId.set(entry.manifest.id, entry)
  }
  if (options.from) {
    for (const dir of await userPatternDirs(options.from)) {
      const entry = await readManifest(dir, 'user')
      byId.set(entry.manifest.id, entry)
    }
  }
  return [...byId.values()].sort(byOrder)
}

function byOrder(a: PatternEntry, b: PatternEntry): number {
  const orderA = a.manifest.order ?? Number.POSITIVE_INFINITY
  const orderB = b.manifest.order ?? Number.POSITIVE_INFINITY
  return orderA === orderB ? compareText(a.manifest.id, b.manifest.id) : orderA - orderB
}

/** By code point, not locale: the same order on every machine, so generation is deterministic. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Subdirectories holding a pattern.json; names starting with `_` (the base) are not patterns. */
async function patternDirs(parent: string): Promise<string[]> {
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && !entry.name.startsWith('.') && existsSync(join(parent, entry.name, PATTERN_MANIFEST)))
    .map((entry) => join(parent, entry.name))
    .sort()
}

async function userPatternDirs(from: string): Promise<string[]> {
  const dir = resolve(from)
  const info = await lstat(dir).catch(() => undefined)
  if (!info?.isDirectory()) throw new UserError('--from: no such directory', { file: from }, 'name a pattern directory (with a pattern.json) or a directory of them')
  if (existsSync(join(dir, PATTERN_MANIFEST))) return [dir]
  const dirs = await patternDirs(dir)
  if (dirs.length === 0) throw new UserError(`--from: no ${PATTERN_MANIFEST} in it or in its subdirectories`, { file: from }, 'a pattern directory holds a pattern.json manifest and the files to generate')
  return dirs
}

async function readManifest(dir: string, origin: 'bundled' | 'user'): Promise<PatternEntry> {
  const file = join(dir, PATTERN_MANIFEST)
  return { manifest: parseManifest(displayPath(file), await readFile(file, 'utf8'), basename(dir)), dir, origin }
}

/** The pattern `id` with all its files read, or a UserError listing the ids there are. */
export async function loadPattern(id: string, options: { templatesDir?: string; from?: string } = {}): Promise<Pattern> {
  const patterns = await listPatterns(options)
  const entry = patterns.find((pattern) => pattern.manifest.id === id)
  if (!entry) throw new UserError(`--pattern ${id}: no such pattern`, undefined, `known: ${patterns.map((pattern) => pattern.manifest.id).join(', ') || 'none'} (lambdawise init --list)`)
  return { ...entry, files: (await readTree(entry.dir)).filter((file) => file.path !== PATTERN_MANIFEST) }
}

export async function loadBase(templatesDir = bundledTemplatesDir()): Promise<Base> {
  const dir = join(templatesDir, '_base')
  const files = await readTree(dir)
  const versionsFile = files.find((file) => file.path === BASE_VERSIONS)
  if (!versionsFile) throw new Error(`lambdawise: ${join(dir, BASE_VERSIONS)} is missing (a broken installation)`)
  const versions = JSON.parse(versionsFile.content.toString('utf8')) as Record<string, string>
  return { dir, versions, files: files.filter((file) => file.path !== BASE_VERSIONS) }
}

/** Every file under `root`, paths relative with `/`. Symbolic links are refused: they could point anywhere. */
export async function readTree(root: string): Promise<SourceFile[]> {
  const files: SourceFile[] = []
  let bytes = 0
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(join(root, relative), { withFileTypes: true })
    for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
      if (IGNORED.has(entry.name)) continue
      const path = relative ? `${relative}/${entry.name}` : entry.name
      const full = join(root, path)
      if (entry.isSymbolicLink()) throw new UserError('pattern files may not be symbolic links', { file: displayPath(full) }, 'copy the file into the pattern instead')
      if (entry.isDirectory()) {
        await walk(path)
        continue
      }
      if (!entry.isFile()) continue
      const info = await lstat(full)
      bytes += info.size
      if (files.length >= MAX_PATTERN_FILES || bytes > MAX_PATTERN_BYTES) {
        throw new UserError(`pattern directory is too big (over ${MAX_PATTERN_FILES} files or ${MAX_PATTERN_BYTES / 1024 / 1024} MB)`, { file: displayPath(root) }, 'is this the right directory?')
      }
      files.push({ path, content: await readFile(full), executable: (info.mode & 0o111) !== 0 })
    }
  }
  await walk('')
  return files
}
