import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { BASE_DEV_DEPENDENCIES } from '../../src/init/context.js'
import { bundledTemplatesDir, listPatterns, loadBase, loadPattern, ownVersion } from '../../src/init/patterns.js'

const FIXTURES = resolve(import.meta.dirname, '../fixtures/init')
const TEMPLATES = join(FIXTURES, 'templates')

describe('finding patterns', () => {
  it('lists the patterns of a templates directory, skipping _base', async () => {
    const patterns = await listPatterns({ templatesDir: TEMPLATES })
    expect(patterns.map((pattern) => [pattern.manifest.id, pattern.origin])).toEqual([['tiny', 'bundled']])
  })

  it('adds a --from directory of patterns, or one pattern directory', async () => {
    const fromParent = await listPatterns({ templatesDir: TEMPLATES, from: join(FIXTURES, 'house') })
    expect(fromParent.map((pattern) => [pattern.manifest.id, pattern.origin])).toEqual([['tiny', 'bundled'], ['house-worker', 'user']])
    const fromOne = await listPatterns({ templatesDir: TEMPLATES, from: join(FIXTURES, 'house/house-worker') })
    expect(fromOne.map((pattern) => pattern.manifest.id)).toEqual(['tiny', 'house-worker'])
  })

  it('refuses a --from that is not a pattern directory', async () => {
    await expect(listPatterns({ templatesDir: TEMPLATES, from: join(FIXTURES, 'missing') })).rejects.toThrow(/--from: no such directory/)
    await expect(listPatterns({ templatesDir: TEMPLATES, from: join(TEMPLATES, 'tiny/src') })).rejects.toThrow(UserError)
  })

  it('names the known patterns for an unknown one', async () => {
    await expect(loadPattern('nope', { templatesDir: TEMPLATES })).rejects.toThrow('--pattern nope: no such pattern')
  })
})

describe('the bundled patterns', () => {
  it('pin every dependency they name in templates/_base/versions.json', async () => {
    const base = await loadBase()
    const missing: string[] = []
    for (const { manifest } of await listPatterns()) {
      for (const dependency of [...manifest.dependencies, ...manifest.devDependencies]) {
        if (dependency.version) missing.push(`${manifest.id}: ${dependency.name} writes its own version; bundled patterns take it from versions.json`)
        else if (!base.versions[dependency.name]) missing.push(`${manifest.id}: ${dependency.name}`)
      }
    }
    for (const name of BASE_DEV_DEPENDENCIES) if (!base.versions[name]) missing.push(`base: ${name}`)
    expect(missing).toEqual([])
  })

  it('pin exact versions, and lambdawise at this package\'s own version', async () => {
    const { versions } = await loadBase()
    expect(Object.entries(versions).filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version))).toEqual([])
    expect(versions.lambdawise).toBe(ownVersion())
    expect(ownVersion()).toBe((JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version)
  })

  it('are found next to the package, whichever directory runs it', () => {
    expect(bundledTemplatesDir()).toBe(resolve(import.meta.dirname, '../../templates'))
  })
})
