import type { CodeSuppression } from '../code/types.js'
import { UserError } from '../errors.js'
import type { Path } from '../template/positions.js'
import type { Template } from '../template/template.js'
import type { Finding } from './types.js'

interface Suppression {
  rule: string
  reason: string
}

/**
 * `Metadata.lambdawise.ignore` on the template (every resource) or on one resource: a list of
 * `{rule, reason}`. The reason is required: a suppression nobody can explain is a finding hidden.
 */
export function applySuppressions(templates: readonly Template[], findings: readonly Finding[]): Finding[] {
  const byFile = new Map<string, { template: Set<string>; resources: Map<string, Set<string>> }>()
  for (const template of templates) {
    const resources = new Map<string, Set<string>>()
    for (const resource of template.resources.values()) {
      const rules = suppressionsAt(template, resource.metadata, ['Resources', resource.id, 'Metadata'])
      if (rules.size > 0) resources.set(resource.id, rules)
    }
    const entry = { template: suppressionsAt(template, template.metadata, ['Metadata']), resources }
    byFile.set(template.file, entry)
    // A finding inside a file the template names (a DefinitionUri) is suppressed as the template's own.
    for (const attached of template.attachedFiles.values()) if (!byFile.has(attached.file)) byFile.set(attached.file, entry)
  }
  return findings.filter((finding) => {
    const suppressions = byFile.get(finding.file)
    if (!suppressions) return true
    if (suppressions.template.has(finding.ruleId)) return false
    return !(finding.resource && suppressions.resources.get(finding.resource)?.has(finding.ruleId))
  })
}

/**
 * `// lambdawise-ignore-next-line <rule>: <reason>` in handler code: the finding of that rule on
 * the next line of that file is silenced (src/code/suppressions.ts reads the comments).
 */
export function applyCodeSuppressions(suppressions: readonly CodeSuppression[], findings: readonly Finding[]): Finding[] {
  if (suppressions.length === 0) return [...findings]
  const silenced = new Set(suppressions.map((suppression) => `${suppression.file}\u0000${suppression.line}\u0000${suppression.rule}`))
  return findings.filter((finding) => !silenced.has(`${finding.file}\u0000${finding.line}\u0000${finding.ruleId}`))
}

function suppressionsAt(template: Template, metadata: unknown, path: Path): Set<string> {
  const lambdawise = record(record(metadata)?.lambdawise)
  const ignore = lambdawise?.ignore
  const rules = new Set<string>()
  if (ignore === undefined) return rules
  const where = (suffix: Path) => ({ file: template.file, ...template.locate([...path, 'lambdawise', 'ignore', ...suffix]) })
  if (!Array.isArray(ignore)) throw new UserError('Metadata.lambdawise.ignore must be a list of {rule, reason}', where([]))
  ignore.forEach((entry: unknown, index) => {
    const suppression = record(entry) as Partial<Suppression> | undefined
    if (typeof suppression?.rule !== 'string') throw new UserError('a lambdawise ignore entry needs a rule id', where([index]), 'write {rule: <rule-id>, reason: <why>}')
    if (typeof suppression.reason !== 'string' || suppression.reason.trim() === '') {
      throw new UserError(`ignoring ${suppression.rule} needs a reason`, where([index]), 'add reason: <why this is acceptable here>')
    }
    rules.add(suppression.rule)
  })
  return rules
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}
