import { statSync } from 'node:fs'

import { analyseCode } from '../../src/code/analyse.js'
import { addCodeEdges } from '../../src/code/edges.js'
import { buildGraph } from '../../src/graph/build.js'
import { loadTemplates } from '../../src/index.js'
import { lintGraph } from '../../src/lint/engine.js'
import type { Finding, Rule } from '../../src/lint/types.js'
import { loadTemplate } from '../../src/template/load.js'
import type { ReadOptions } from '../../src/template/template.js'
import { ALL_RULES } from '../../rules/index.js'

/** The date rule tests judge by (runtime deprecation), fixed so fixtures do not age. */
export const TEST_TODAY = new Date('2026-11-27T00:00:00Z')

/**
 * Lints a template file, or a fixture project directory (a template and its handler code), as
 * `lambdawise lint` does without cfn-lint: the code is read unless `code: false`.
 */
export async function lintFile(path: string, rules: readonly Rule[] = ALL_RULES, options: ReadOptions & { code?: boolean } = {}): Promise<Finding[]> {
  const { code: readCode = true, ...readOptions } = options
  const templates = statSync(path).isDirectory() ? await loadTemplates([path], readOptions) : [await loadTemplate(path, readOptions)]
  const graph = buildGraph(templates)
  const code = readCode ? await analyseCode(templates, graph) : undefined
  if (code) addCodeEdges(graph, code)
  return lintGraph(templates, graph, { rules, today: TEST_TODAY, ...(code ? { code } : {}) }).findings
}
