import { buildGraph } from '../../src/graph/build.js'
import { lintGraph } from '../../src/lint/engine.js'
import type { Finding, Rule } from '../../src/lint/types.js'
import { loadTemplate } from '../../src/template/load.js'
import type { ReadOptions } from '../../src/template/template.js'
import { ALL_RULES } from '../../rules/index.js'

/** The date rule tests judge by (runtime deprecation), fixed so fixtures do not age. */
export const TEST_TODAY = new Date('2026-11-27T00:00:00Z')

export async function lintFile(file: string, rules: readonly Rule[] = ALL_RULES, options: ReadOptions = {}): Promise<Finding[]> {
  const template = await loadTemplate(file, options)
  return lintGraph([template], buildGraph([template]), { rules, today: TEST_TODAY }).findings
}
