import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

import { ALL_RULES } from '../../rules/index.js'
import { buildGraph } from '../../src/graph/build.js'
import { lintGraph } from '../../src/lint/engine.js'
import { loadTemplate, UserError } from '../../src/index.js'
import { TEST_TODAY } from './lint-helpers.js'

const CORPUS = '../shared/data/corpus/serverless-patterns'

// Every rule over 471 real templates: nothing may crash, and the counts per rule are printed so
// false positives can be reviewed (the top rules were reviewed by hand; see the closing notes).
it('lints every serverless-patterns template without crashing, and prints findings per rule', async () => {
  const files = readdirSync(CORPUS).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()
  const perRule = new Map<string, { findings: number; templates: Set<string> }>()
  let linted = 0
  const started = performance.now()
  for (const name of files) {
    let template
    try {
      template = await loadTemplate(join(CORPUS, name))
    } catch (error) {
      if (error instanceof UserError) continue
      throw error
    }
    const { findings } = lintGraph([template], buildGraph([template]), { rules: ALL_RULES, today: TEST_TODAY })
    linted++
    for (const finding of findings) {
      expect(finding.line).toBeGreaterThanOrEqual(1)
      const entry = perRule.get(finding.ruleId) ?? { findings: 0, templates: new Set<string>() }
      entry.findings++
      entry.templates.add(name)
      perRule.set(finding.ruleId, entry)
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2)
  const rows = [...perRule.entries()].sort((a, b) => b[1].findings - a[1].findings)
  console.log(`lint over the serverless-patterns corpus: ${linted} templates linted in ${seconds} s`)
  console.log(rows.map(([rule, { findings, templates }]) => `  ${rule.padEnd(48)} ${String(findings).padStart(5)} findings in ${String(templates.size).padStart(3)} templates`).join('\n'))
  console.log(`  rules that never fired: ${ALL_RULES.filter((rule) => !perRule.has(rule.id)).map((rule) => rule.id).join(', ') || 'none'}`)
  expect(linted).toBeGreaterThanOrEqual(450)
})
