import * as fs from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

import { UserError } from '../errors.js'
import { displayPath } from '../template/discover.js'
import type { OutputFile } from './types.js'

/** The file operations writing needs; tests pass one that fails part-way to check the clean-up. */
export interface WriteFileSystem {
  lstat(path: string): Promise<{ isDirectory(): boolean }>
  readdir(path: string): Promise<string[]>
  mkdir(path: string): Promise<unknown>
  /** Must fail when the file exists (flag `wx`): never overwrite, even if something appeared since the check. */
  writeFile(path: string, content: Buffer, options: { flag: 'wx'; mode: number }): Promise<void>
  unlink(path: string): Promise<void>
  rmdir(path: string): Promise<void>
}

export const nodeFileSystem: WriteFileSystem = {
  lstat: (path) => fs.lstat(path),
  readdir: (path) => fs.readdir(path),
  mkdir: (path) => fs.mkdir(path),
  writeFile: (path, content, options) => fs.writeFile(path, content, options),
  unlink: (path) => fs.unlink(path),
  rmdir: (path) => fs.rmdir(path),
}

export interface WriteOptions {
  /** Write into a non-empty directory (existing files are still never overwritten). */
  force?: boolean
  fileSystem?: WriteFileSystem
}

/** What the write made, so a failure can take back exactly that. */
interface Created {
  files: string[]
  dirs: string[]
}

/**
 * Writes the rendered files under `target`. Refuses a non-empty directory unless `force`; even then refuses any
 * file that exists, listing them all before writing anything. If anything fails part-way, it removes the files and
 * directories it created (never anything that was there before) and rethrows.
 */
export async function writeProject(target: string, files: readonly OutputFile[], options: WriteOptions = {}): Promise<{ dir: string; files: string[] }> {
  const fileSystem = options.fileSystem ?? nodeFileSystem
  const dir = resolve(target)
  await checkTarget(fileSystem, dir, target, files, options.force === true)
  const created: Created = { files: [], dirs: [] }
  try {
    await makeDirectory(fileSystem, dir, created)
    for (const file of files) {
      const path = join(dir, file.path)
      await makeDirectory(fileSystem, dirname(path), created)
      await fileSystem.writeFile(path, file.content, { flag: 'wx', mode: file.executable ? 0o755 : 0o644 })
      created.files.push(path)
    }
  } catch (error) {
    await removeCreated(fileSystem, created)
    if (error instanceof UserError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(`could not write the project${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`, { file: displayPath(dir) }, 'nothing was left behind: the files and directories it had created are removed')
  }
  return { dir, files: files.map((file) => file.path) }
}

async function checkTarget(fileSystem: WriteFileSystem, dir: string, shown: string, files: readonly OutputFile[], force: boolean): Promise<void> {
  const info = await exists(fileSystem, dir)
  if (!info) return
  if (!info.isDirectory()) throw new UserError('exists and is not a directory', { file: shown }, 'choose another DIR')
  if ((await fileSystem.readdir(dir)).length === 0) return
  if (!force) throw new UserError('directory is not empty', { file: shown }, 'choose an empty or new directory, or --force to add the project\'s files to it (existing files are never overwritten)')
  const conflicts: string[] = []
  for (const file of files) {
    // A file in the way, or a file where a directory of the project must go (`src` as a file).
    const parts = file.path.split('/')
    for (let depth = 1; depth <= parts.length; depth++) {
      const relative = parts.slice(0, depth).join('/')
      const found = await exists(fileSystem, join(dir, relative))
      if (!found) break
      if (depth === parts.length || !found.isDirectory()) {
        if (!conflicts.includes(relative)) conflicts.push(relative)
        break
      }
    }
  }
  if (conflicts.length > 0) {
    const listed = conflicts.slice(0, 10).join(', ') + (conflicts.length > 10 ? ` and ${conflicts.length - 10} more` : '')
    throw new UserError(`${conflicts.length} file${conflicts.length === 1 ? '' : 's'} would be overwritten: ${listed}`, { file: shown }, 'lambdawise init never overwrites a file: move them away or choose another directory')
  }
}

async function makeDirectory(fileSystem: WriteFileSystem, dir: string, created: Created): Promise<void> {
  if (await exists(fileSystem, dir)) return
  const parent = dirname(dir)
  if (parent !== dir) await makeDirectory(fileSystem, parent, created)
  await fileSystem.mkdir(dir)
  created.dirs.push(dir)
}

/** Files first, then directories deepest first; rmdir (not a recursive delete) so nothing else can go with them. */
async function removeCreated(fileSystem: WriteFileSystem, created: Created): Promise<void> {
  for (const file of [...created.files].reverse()) await fileSystem.unlink(file).catch(() => undefined)
  for (const dir of [...created.dirs].reverse()) await fileSystem.rmdir(dir).catch(() => undefined)
}

async function exists(fileSystem: WriteFileSystem, path: string): Promise<{ isDirectory(): boolean } | undefined> {
  try {
    return await fileSystem.lstat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
