import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { nodeFileSystem, type WriteFileSystem, writeProject } from '../../src/init/write.js'
import type { OutputFile } from '../../src/init/types.js'

const FILES: OutputFile[] = [
  { path: '.gitignore', content: Buffer.from('node_modules/\n'), executable: false },
  { path: 'README.md', content: Buffer.from('# x\n'), executable: false },
  { path: 'scripts/run.sh', content: Buffer.from('#!/bin/sh\n'), executable: true },
  { path: 'src/handlers/a.ts', content: Buffer.from('export {}\n'), executable: false },
  { path: 'src/handlers/b.ts', content: Buffer.from('export {}\n'), executable: false },
  { path: 'template.yaml', content: Buffer.from('Resources: {}\n'), executable: false },
]

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lambdawise-init-write-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

/** Every path under `dir`, relative, sorted: what is on disk. */
function tree(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? [`${prefix}${entry.name}/`, ...tree(join(dir, entry.name), `${prefix}${entry.name}/`)] : [`${prefix}${entry.name}`]))
    .sort()
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof UserError) return error.format()
    throw error
  }
  throw new Error('expected a UserError')
}

describe('writing a project', () => {
  it('creates the directory and every file (parents included), keeping the executable bit', async () => {
    const target = join(root, 'a/b/project')
    const result = await writeProject(target, FILES)
    expect(result.files).toEqual(FILES.map((file) => file.path))
    expect(tree(target)).toEqual(['.gitignore', 'README.md', 'scripts/', 'scripts/run.sh', 'src/', 'src/handlers/', 'src/handlers/a.ts', 'src/handlers/b.ts', 'template.yaml'])
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toBe('# x\n')
    expect(statSync(join(target, 'scripts/run.sh')).mode & 0o111).not.toBe(0)
    expect(statSync(join(target, 'README.md')).mode & 0o111).toBe(0)
  })

  it('writes into an existing empty directory', async () => {
    await writeProject(root, FILES)
    expect(tree(root)).toContain('template.yaml')
  })

  it('refuses a non-empty directory without --force, and writes nothing', async () => {
    writeFileSync(join(root, 'notes.txt'), 'mine')
    expect(await failure(writeProject(root, FILES))).toContain('directory is not empty — choose an empty or new directory, or --force')
    expect(tree(root)).toEqual(['notes.txt'])
  })

  it('with --force, adds files beside the existing ones', async () => {
    writeFileSync(join(root, 'notes.txt'), 'mine')
    mkdirSync(join(root, 'src'))
    await writeProject(root, FILES, { force: true })
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('mine')
    expect(tree(root)).toContain('src/handlers/a.ts')
  })

  it('even with --force never overwrites: lists every conflict and writes nothing', async () => {
    writeFileSync(join(root, 'README.md'), 'my readme')
    mkdirSync(join(root, 'src/handlers'), { recursive: true })
    writeFileSync(join(root, 'src/handlers/b.ts'), 'mine')
    // A file where the project needs a directory is a conflict too.
    writeFileSync(join(root, 'scripts'), 'a file')
    const message = await failure(writeProject(root, FILES, { force: true }))
    expect(message).toBe(`${root}: 3 files would be overwritten: README.md, scripts, src/handlers/b.ts — lambdawise init never overwrites a file: move them away or choose another directory`)
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('my readme')
    expect(tree(root)).toEqual(['README.md', 'scripts', 'src/', 'src/handlers/', 'src/handlers/b.ts'])
  })

  it('refuses a target that is a file', async () => {
    writeFileSync(join(root, 'x'), '')
    expect(await failure(writeProject(join(root, 'x'), FILES))).toContain('exists and is not a directory')
  })

  it('on a failure part-way, removes exactly what it created and leaves what was there', async () => {
    // Pre-existing: the target (with --force), one of the project's directories, and an unrelated file in it.
    mkdirSync(join(root, 'src'))
    writeFileSync(join(root, 'src/keep.ts'), 'mine')
    writeFileSync(join(root, 'notes.txt'), 'mine')
    let writes = 0
    const failing: WriteFileSystem = {
      ...nodeFileSystem,
      async writeFile(path, content, options) {
        // The fifth file fails, as a full disk would.
        if (++writes === 5) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
        return nodeFileSystem.writeFile(path, content, options)
      },
    }
    const message = await failure(writeProject(root, FILES, { force: true, fileSystem: failing }))
    expect(message).toContain('could not write the project (ENOSPC)')
    expect(message).toContain('nothing was left behind')
    expect(tree(root)).toEqual(['notes.txt', 'src/', 'src/keep.ts'])
  })

  it('on a failure in a new directory, removes the directory it made too', async () => {
    const target = join(root, 'new/project')
    const failing: WriteFileSystem = {
      ...nodeFileSystem,
      async writeFile(path, content, options) {
        if (path.endsWith('template.yaml')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' })
        return nodeFileSystem.writeFile(path, content, options)
      },
    }
    await failure(writeProject(target, FILES, { fileSystem: failing }))
    expect(tree(root)).toEqual([])
  })

  it('never overwrites a file that appears between the check and the write', async () => {
    const target = join(root, 'p')
    const racing: WriteFileSystem = {
      ...nodeFileSystem,
      async writeFile(path, content, options) {
        if (path.endsWith('README.md')) writeFileSync(path, 'someone else')
        return nodeFileSystem.writeFile(path, content, options)
      },
    }
    expect(await failure(writeProject(target, FILES, { fileSystem: racing }))).toContain('EEXIST')
    // Its own files are gone; the other writer's file is not its to remove.
    expect(tree(root)).toEqual(['p/', 'p/README.md'])
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toBe('someone else')
  })
})
