import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

import { ALL_RULES } from '../../rules/index.js'
import { CATEGORIES, SEVERITIES } from '../../src/lint/types.js'
import { lintFile } from './lint-helpers.js'

const FIXTURES = 'test/fixtures/rules'

/**
 * The findings a bad fixture says the rule must give, exactly: `# expect: <Resource> <line>` in a
 * template. A fixture may be a directory (a template and handler code, for the code rules): then
 * `# expect:` in its templates and `// expect: <Resource> <line>` in its code name lines of the file
 * they are in, and findings are compared as `<Resource> <file>:<line>`.
 */
function expectedFindings(fixture: string): string[] {
  if (!statSync(fixture).isDirectory()) {
    return [...readFileSync(fixture, 'utf8').matchAll(/^\s*# expect: (\S+) (\d+)\s*$/gm)].map((match) => `${match[1]} ${match[2]}`).sort()
  }
  return filesUnder(fixture).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^\s*(?:#|\/\/) expect: (\S+) (\d+)\s*$/gm)].map((match) => `${match[1]} ${relative(fixture, file)}:${match[2]}`),
  ).sort()
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'node_modules' ? [] : filesUnder(join(directory, entry.name))) : [join(directory, entry.name)],
  )
}

/** A finding as the fixture's expectations write it. */
function findingKey(fixture: string, finding: { resource?: string; file: string; line: number }): string {
  return statSync(fixture).isDirectory() ? `${finding.resource} ${relative(fixture, finding.file)}:${finding.line}` : `${finding.resource} ${finding.line}`
}

describe('rule registry', () => {
  it('every rule file is in the catalogue, with its id as file name and its category as folder', () => {
    const files = readdirSync('rules', { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((directory) => readdirSync(join('rules', directory.name)).map((name) => `${directory.name}/${name.replace(/\.ts$/, '')}`))
      .sort()
    expect(ALL_RULES.map((rule) => `${rule.category}/${rule.id}`).sort()).toEqual(files)
  })

  it('ids are unique, kebab-case; metadata complete; docs link to AWS', () => {
    expect(new Set(ALL_RULES.map((rule) => rule.id)).size).toBe(ALL_RULES.length)
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(CATEGORIES).toContain(rule.category)
      expect(SEVERITIES).toContain(rule.severity)
      for (const text of [rule.title, rule.rationale, rule.fix]) expect(text.length, rule.id).toBeGreaterThan(10)
      expect(rule.docs, rule.id).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com|github\.com\/aws|serverlessland\.com)\//)
      for (const equivalent of rule.equivalents) expect(equivalent).toMatch(/^(serverless-rules|cfn-lint|cdk-nag|checkov):\S+$/)
      expect(Object.keys(rule.messages).length, rule.id).toBeGreaterThan(0)
      expect(Boolean(rule.check) !== Boolean(rule.checkTemplate), rule.id).toBe(true)
    }
  })

  it('every rule has good and bad fixtures, and every bad fixture says what it expects', () => {
    for (const rule of ALL_RULES) {
      const directory = join(FIXTURES, rule.id)
      const files = existsSync(directory) ? readdirSync(directory) : []
      expect(files.filter((name) => name.startsWith('good')), `${rule.id}: good fixture`).not.toHaveLength(0)
      const bad = files.filter((name) => name.startsWith('bad'))
      expect(bad, `${rule.id}: bad fixture`).not.toHaveLength(0)
      for (const name of bad) expect(expectedFindings(join(directory, name)), `${rule.id}/${name}: # expect lines`).not.toHaveLength(0)
    }
  })
})

describe.each(ALL_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const directory = join(FIXTURES, id)
  const files = existsSync(directory) ? readdirSync(directory).sort() : []

  it.each(files.filter((name) => name.startsWith('good')))('does not fire on %s', async (name) => {
    const findings = (await lintFile(join(directory, name))).filter((finding) => finding.ruleId === rule.id)
    expect(findings.map((finding) => `${finding.resource} ${finding.file}:${finding.line}: ${finding.message}`)).toEqual([])
  })

  it.each(files.filter((name) => name.startsWith('bad')))('fires exactly where expected on %s', async (name) => {
    const file = join(directory, name)
    const findings = (await lintFile(file)).filter((finding) => finding.ruleId === rule.id)
    expect(findings.map((finding) => findingKey(file, finding)).sort()).toEqual(expectedFindings(file))
    for (const finding of findings) {
      expect(finding.severity).toBe(rule.severity)
      expect(finding.message).not.toMatch(/\{\{/)
    }
  })
})

describe('README rule table', () => {
  it('is generated from the rules\' metadata (npm run docs)', async () => {
    const { withRuleTable } = await import('../../src/lint/docs.js')
    const readme = readFileSync('README.md', 'utf8')
    expect(readme, 'README.md rule table is stale: run npm run docs').toBe(withRuleTable(readme, ALL_RULES))
  })
})
