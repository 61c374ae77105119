import { describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { type Asker, resolveAnswers } from '../../src/init/answers.js'
import type { PatternEntry } from '../../src/init/patterns.js'

const PATTERNS: PatternEntry[] = [
  { manifest: { id: 'queue-worker', title: 'Q', summary: 'S', dependencies: [], devDependencies: [] }, dir: '/t/queue-worker', origin: 'bundled' },
  { manifest: { id: 'api-crud', title: 'A', summary: 'S', dependencies: [], devDependencies: [] }, dir: '/t/api-crud', origin: 'bundled' },
]

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof UserError) return error.format()
    throw error
  }
  throw new Error('expected a UserError')
}

/** An asker that records the questions and answers from a script. */
function scripted(answers: Partial<Record<keyof Asker, string>>): { asker: Asker; asked: string[] } {
  const asked: string[] = []
  const answer = (question: keyof Asker) => {
    asked.push(question)
    const value = answers[question]
    if (value === undefined) throw new Error(`unexpected question ${question}`)
    return Promise.resolve(value)
  }
  return {
    asked,
    asker: {
      pattern: () => answer('pattern'),
      name: () => answer('name'),
      dir: () => answer('dir'),
      runtime: () => answer('runtime') as Promise<'nodejs24.x'>,
      arch: () => answer('arch') as Promise<'x86_64'>,
    },
  }
}

describe('filling in what the user did not give', () => {
  it('without a terminal, names the missing --pattern', async () => {
    expect(await failure(resolveAnswers({ dir: 'orders' }, PATTERNS, undefined))).toBe('missing --pattern — choose one of: queue-worker, api-crud (lambdawise init --list describes them)')
  })

  it('without a terminal, names the missing --name when DIR cannot supply it', async () => {
    expect(await failure(resolveAnswers({ pattern: 'api-crud' }, PATTERNS, undefined))).toMatch(/^missing --name \(and no DIR to take it from\)/)
    expect(await failure(resolveAnswers({ pattern: 'api-crud', dir: 'svc/My_Api' }, PATTERNS, undefined))).toMatch(/^missing --name \(and DIR's name "My_Api" is not a valid name\)/)
  })

  it('takes the name from DIR and defaults runtime and architecture', async () => {
    expect(await resolveAnswers({ pattern: 'api-crud', dir: 'services/orders' }, PATTERNS, undefined)).toEqual({ dir: 'services/orders', pattern: 'api-crud', name: 'orders', runtime: 'nodejs24.x', arch: 'arm64' })
  })

  it('defaults DIR to ./NAME', async () => {
    expect(await resolveAnswers({ pattern: 'api-crud', name: 'billing' }, PATTERNS, undefined)).toMatchObject({ dir: 'billing', name: 'billing' })
  })

  it('refuses a bad --name, an unknown pattern and a bad --runtime', async () => {
    expect(await failure(resolveAnswers({ pattern: 'api-crud', name: '../x' }, PATTERNS, undefined))).toMatch(/^--name "..\/x": /)
    expect(await failure(resolveAnswers({ pattern: 'nope', name: 'x' }, PATTERNS, undefined))).toBe('--pattern nope: no such pattern — known: queue-worker, api-crud (lambdawise init --list)')
    expect(await failure(resolveAnswers({ pattern: 'api-crud', name: 'x', runtime: 'nodejs18.x' }, PATTERNS, undefined))).toBe('--runtime nodejs18.x: expected one of nodejs22.x, nodejs24.x')
  })

  it('on a terminal, asks only for what is missing', async () => {
    const { asker, asked } = scripted({ pattern: 'queue-worker', name: 'jobs', dir: 'work/jobs', runtime: 'nodejs24.x', arch: 'x86_64' })
    expect(await resolveAnswers({}, PATTERNS, asker)).toEqual({ dir: 'work/jobs', pattern: 'queue-worker', name: 'jobs', runtime: 'nodejs24.x', arch: 'x86_64' })
    expect(asked).toEqual(['pattern', 'name', 'dir', 'runtime', 'arch'])

    const second = scripted({})
    await resolveAnswers({ dir: 'orders', pattern: 'api-crud', runtime: 'nodejs22.x', arch: 'arm64' }, PATTERNS, second.asker)
    expect(second.asked).toEqual([])
  })
})
