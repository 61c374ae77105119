import { readdir, stat } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'

import { UserError } from '../errors.js'

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.aws-sam', 'coverage', '.venv', '__pycache__'])
const MAX_DEPTH = 8

/** What `discoverTemplates` looks for, for messages and the README. */
export const DISCOVERED_NAMES = ['template.yaml', 'template.yml', 'template.json', 'cdk.out/*.template.json', '.serverless/cloudformation-template-update-stack.json']

/**
 * The templates at `target`: the file itself, or the templates found under a directory — SAM
 * (`template.yaml`), CDK synth output (`cdk.out/*.template.json`) and Serverless Framework output
 * (`.serverless/cloudformation-template-update-stack.json`). Sorted, so output is stable.
 */
export async function discoverTemplates(target: string): Promise<string[]> {
  let isDirectory: boolean
  try {
    isDirectory = (await stat(target)).isDirectory()
  } catch {
    throw new UserError('no such file or directory', { file: target }, 'check the path')
  }
  if (!isDirectory) return [target]
  const found: string[] = []
  await walk(target, 0, false, found)
  if (found.length === 0) {
    throw new UserError(`no templates found (looked for ${DISCOVERED_NAMES.join(', ')})`, { file: target }, 'name a template file on the command line')
  }
  return found.sort()
}

async function walk(directory: string, depth: number, insideCdkOut: boolean, found: string[]): Promise<void> {
  if (depth > MAX_DEPTH) return
  let entries
  try {
    entries = await readdir(directory, { withFileTypes: true })
  } catch {
    return // unreadable directories are not ours to report
  }
  for (const entry of entries) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue
      if (insideCdkOut && entry.name.startsWith('asset.')) continue
      if (entry.name.startsWith('.') && entry.name !== '.serverless') continue
      await walk(path, depth + 1, insideCdkOut || entry.name === 'cdk.out', found)
    } else if (entry.isFile() && isTemplateName(path, insideCdkOut)) {
      found.push(path)
    }
  }
}

function isTemplateName(path: string, insideCdkOut: boolean): boolean {
  const name = basename(path)
  if (insideCdkOut) return name.endsWith('.template.json')
  if (name === 'template.yaml' || name === 'template.yml' || name === 'template.json') return true
  return name === 'cloudformation-template-update-stack.json' && basename(join(path, '..')) === '.serverless'
}

/** A path as the user should see it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const relativePath = relative(cwd, path)
  return relativePath && !relativePath.startsWith('..') && !relativePath.startsWith('/') ? relativePath : path
}
