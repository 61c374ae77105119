import { basename, resolve } from 'node:path'

import { UserError } from '../errors.js'
import { isValidName, NAME_RULE, validateName } from './names.js'
import type { PatternEntry } from './patterns.js'
import { ARCHITECTURES, type Architecture, RUNTIMES, type Runtime } from './types.js'

/** What the user gave on the command line; anything missing is asked for, defaulted, or an error. */
export interface GivenAnswers {
  dir?: string | undefined
  pattern?: string | undefined
  name?: string | undefined
  runtime?: string | undefined
  arch?: string | undefined
}

export interface Answers {
  dir: string
  pattern: string
  name: string
  runtime: Runtime
  arch: Architecture
}

/** Interactive questions (src/init/prompts.ts); absent when there is no terminal or with --yes. */
export interface Asker {
  pattern(patterns: readonly PatternEntry[]): Promise<string>
  name(suggestion: string | undefined): Promise<string>
  dir(suggestion: string): Promise<string>
  runtime(): Promise<Runtime>
  arch(): Promise<Architecture>
}

/**
 * nodejs24.x: Lambda deprecates nodejs22.x on 2027-04-30, and lambdawise lint warns 180 days ahead (rule
 * deprecated-runtime), so a nodejs22.x project would not lint clean from 2026-11-01 on.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const DEFAULT_RUNTIME: Runtime = 'nodejs24.x'
export const DEFAULT_ARCH: Architecture = 'arm64'

/**
 * Fills in the answers: flags first, then a name taken from DIR's last part when it is a valid name, then questions
 * when `ask` is there, then defaults (runtime, architecture, DIR = ./NAME). Without `ask` a missing pattern or name
 * is a UserError naming the flag, so a CI job fails at once instead of waiting for input.
 */
export async function resolveAnswers(given: GivenAnswers, patterns: readonly PatternEntry[], ask: Asker | undefined): Promise<Answers> {
  const known = patterns.map((pattern) => pattern.manifest.id)
  const pattern = given.pattern ?? (ask ? await ask.pattern(patterns) : undefined)
  if (pattern === undefined) throw new UserError('missing --pattern', undefined, `choose one of: ${known.join(', ')} (lambdawise init --list describes them)`)
  if (!known.includes(pattern)) throw new UserError(`--pattern ${pattern}: no such pattern`, undefined, `known: ${known.join(', ') || 'none'} (lambdawise init --list)`)

  const fromDir = given.dir === undefined ? undefined : basename(resolve(given.dir))
  const name = given.name ?? (fromDir && isValidName(fromDir) ? fromDir : ask ? await ask.name(undefined) : undefined)
  if (name === undefined) {
    const why = fromDir === undefined ? 'and no DIR to take it from' : `and DIR's name "${fromDir}" is not a valid name`
    throw new UserError(`missing --name (${why})`, undefined, NAME_RULE)
  }
  validateName(name)
  const dir = given.dir ?? (ask ? await ask.dir(name) : name)
  return {
    dir,
    pattern,
    name,
    runtime: checkOption('--runtime', given.runtime, RUNTIMES) ?? (ask ? await ask.runtime() : DEFAULT_RUNTIME),
    arch: checkOption('--arch', given.arch, ARCHITECTURES) ?? (ask ? await ask.arch() : DEFAULT_ARCH),
  }
}

function checkOption<T extends string>(flag: string, value: string | undefined, options: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(options as readonly string[]).includes(value)) throw new UserError(`${flag} ${value}: expected one of ${options.join(', ')}`)
  return value as T
}
