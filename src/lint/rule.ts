import type { Rule } from './types.js'

/** Declares a rule (identity function: it gives rule files a typed, uniform shape). */
export function defineRule(rule: Rule): Rule {
  return rule
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => (Object.hasOwn(data, name) ? String(data[name]) : match))
}
