import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { UserError } from '../errors.js'
import { displayPath } from '../template/discover.js'
import { parseTemplateText } from '../template/parse.js'
import type { Path, PositionIndex } from '../template/positions.js'
import type { RuleLevel } from './engine.js'
import { CATEGORIES, type Category, type Rule, SEVERITIES, type Severity } from './types.js'

/** What a lambdawise config file may hold. Unknown keys are errors: a typo must not be silently ignored. */
export interface LintConfig {
  rules: Map<string, RuleLevel>
  categories?: Category[]
  failOn?: Severity | 'none'
  cfnLint?: 'auto' | 'on' | 'off'
  /** Resolved against the config file's directory. */
  baseline?: string
  parameters?: Record<string, string>
  /** The file it came from, when there is one. */
  file?: string
}

const CONFIG_FILE_NAMES = [
  'lambdawise.config.json', 'lambdawise.config.yaml', 'lambdawise.config.yml',
  '.lambdawiserc', '.lambdawiserc.json', '.lambdawiserc.yaml', '.lambdawiserc.yml',
]
const LEVELS = ['off', ...SEVERITIES] as const

/** The config named by `--config`, or the first found upwards from `cwd` (package.json "lambdawise" key included). */
export function loadConfig(rules: readonly Rule[], options: { explicitFile?: string; cwd?: string } = {}): LintConfig {
  if (options.explicitFile) {
    if (!existsSync(options.explicitFile)) throw new UserError('no such config file', { file: options.explicitFile }, 'check the --config path')
    return readConfigFile(options.explicitFile, rules)
  }
  let directory = resolve(options.cwd ?? process.cwd())
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(directory, name)
      if (existsSync(path)) return readConfigFile(path, rules)
    }
    const packageJson = join(directory, 'package.json')
    if (existsSync(packageJson)) {
      const document = parseTemplateText(displayPath(packageJson), readFileSync(packageJson, 'utf8'))
      const root = document.root as Record<string, unknown> | null
      if (root && typeof root === 'object' && Object.hasOwn(root, 'lambdawise')) {
        return validateConfig(root.lambdawise, { file: displayPath(packageJson), positions: document.positions, root, base: ['lambdawise'] }, rules)
      }
    }
    const parent = dirname(directory)
    if (parent === directory) return { rules: new Map() }
    directory = parent
  }
}

function readConfigFile(path: string, rules: readonly Rule[]): LintConfig {
  const file = displayPath(path)
  const document = parseTemplateText(file, readFileSync(path, 'utf8'))
  return validateConfig(document.root, { file, positions: document.positions, root: document.root, base: [] }, rules)
}

interface Source {
  file: string
  positions: PositionIndex
  root: unknown
  base: Path
}

export function validateConfig(value: unknown, source: Source, rules: readonly Rule[]): LintConfig {
  const fail = (path: Path, message: string, hint?: string): never => {
    throw new UserError(message, { file: source.file, ...source.positions.locate(source.root, [...source.base, ...path]) }, hint)
  }
  const config: LintConfig = { rules: new Map(), file: source.file }
  if (value === null || value === undefined) return config
  if (typeof value !== 'object' || Array.isArray(value)) fail([], 'the config must be a map')
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    switch (key) {
      case 'rules': {
        if (!entry || typeof entry !== 'object' || Array.isArray(entry)) fail([key], 'rules must map rule ids to off, info, warning or error')
        for (const [id, level] of Object.entries(entry as Record<string, unknown>)) {
          if (!rules.some((rule) => rule.id === id)) fail([key, id], `unknown rule "${id}" in rules`, suggestRule(id, rules))
          if (!LEVELS.includes(level as RuleLevel)) fail([key, id], `rules.${id} must be one of ${LEVELS.join(', ')}`)
          config.rules.set(id, level as RuleLevel)
        }
        break
      }
      case 'categories':
        if (!Array.isArray(entry) || entry.some((category) => !CATEGORIES.includes(category as Category))) fail([key], `categories must be a list of ${CATEGORIES.join(', ')}`)
        config.categories = entry as Category[]
        break
      case 'failOn':
        if (!['none', ...SEVERITIES].includes(entry as string)) fail([key], 'failOn must be error, warning, info or none')
        config.failOn = entry as Severity | 'none'
        break
      case 'cfnLint':
        if (!['auto', 'on', 'off'].includes(entry as string)) fail([key], 'cfnLint must be auto, on or off')
        config.cfnLint = entry as 'auto' | 'on' | 'off'
        break
      case 'baseline':
        if (typeof entry !== 'string') fail([key], 'baseline must be a file path')
        config.baseline = resolve(dirname(source.file), entry as string)
        break
      case 'parameters':
        if (!entry || typeof entry !== 'object' || Array.isArray(entry)) fail([key], 'parameters must map parameter names to values')
        config.parameters = Object.fromEntries(Object.entries(entry as Record<string, unknown>).map(([name, parameter]) => [name, String(parameter)]))
        break
      default:
        fail([key], `unknown config key "${key}"`, 'known keys: rules, categories, failOn, cfnLint, baseline, parameters')
    }
  }
  return config
}

/** "did you mean ...": the known rule id sharing the longest prefix or most words. */
export function suggestRule(id: string, rules: readonly Rule[]): string {
  const words = new Set(id.split('-'))
  const best = [...rules].sort((a, b) => score(b.id) - score(a.id))[0]
  function score(candidate: string): number {
    return candidate.split('-').filter((word) => words.has(word)).length
  }
  return best && score(best.id) > 0 ? `did you mean ${best.id}? (lambdawise rules lists them all)` : 'lambdawise rules lists them all'
}
