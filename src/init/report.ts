import { relative } from 'node:path'

import type { PatternEntry } from './patterns.js'
import type { OutputFile, PatternManifest } from './types.js'

/** `lambdawise init --list`: id, title and summary, aligned. */
export function formatListing(patterns: readonly PatternEntry[]): string {
  if (patterns.length === 0) return 'No patterns found.'
  const width = Math.max(...patterns.map(({ manifest }) => manifest.id.length))
  return patterns
    .map(({ manifest, origin }) => `${manifest.id.padEnd(width)}  ${manifest.title}${origin === 'user' ? '  (--from)' : ''}\n${' '.repeat(width + 2)}${manifest.summary}`)
    .join('\n')
}

/** The file list with sizes: what --dry-run would write, or what was written. */
export function formatPlan(dir: string, manifest: PatternManifest, files: readonly OutputFile[], verb: 'would create' | 'created' = 'would create'): string {
  const total = files.reduce((sum, file) => sum + file.content.length, 0)
  const width = Math.max(...files.map((file) => file.path.length))
  const head = `${verb === 'created' ? 'Created' : 'Would create'} ${shown(dir)} from the ${manifest.id} pattern: ${files.length} files, ${size(total)}`
  return [head, ...files.map((file) => `  ${file.path.padEnd(width)}  ${size(file.content.length).padStart(8)}`)].join('\n')
}

export function formatNextSteps(dir: string, options: { installed: boolean }): string {
  const cd = shown(dir) === '.' ? [] : [`cd ${shown(dir)}`]
  const steps = [...cd, ...(options.installed ? [] : ['npm install']), 'npm test', 'npx lambdawise lint', 'npx lambdawise estimate --usage lambdawise-usage.yml', 'sam build && sam deploy --guided']
  return ['', 'Next:', ...steps.map((step) => `  ${step}`)].join('\n')
}

function shown(dir: string): string {
  const path = relative(process.cwd(), dir) || '.'
  return path.startsWith('..') ? dir : path
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`
}
