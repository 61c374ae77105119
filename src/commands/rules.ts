import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import { UserError } from '../errors.js'

import { ALL_RULES } from '../../rules/index.js'
import { BaseCommand } from '../cli/base-command.js'
import { suggestRule } from '../lint/config.js'
import type { RuleMetadata } from '../lint/types.js'

export default class Rules extends BaseCommand {
  static override summary = 'List the lint rules, or explain one.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> queue-without-redrive', '<%= config.bin %> <%= command.id %> --json']
  static override enableJsonFlag = true
  static override args = { id: Args.string({ description: 'A rule id: show its rationale, fix, docs link and equivalents.' }) }
  static override flags = { category: Flags.string({ description: 'Only rules of this category.' }) }

  async run(): Promise<RuleMetadata[] | RuleMetadata> {
    const { args, flags } = await this.parse(Rules)
    if (args.id) {
      const rule = ALL_RULES.find((candidate) => candidate.id === args.id)
      if (!rule) throw new UserError(`unknown rule "${args.id}"; ${suggestRule(args.id, ALL_RULES)}`)
      const metadata = metadataOf(rule)
      this.log(
        [
          `${rule.id}  (${rule.category}, ${rule.severity})`,
          '',
          rule.title,
          '',
          `Why: ${rule.rationale}`,
          '',
          `Fix: ${rule.fix}`,
          '',
          `Docs: ${rule.docs}`,
          ...(rule.equivalents.length > 0 ? ['', `Equivalents: ${rule.equivalents.join(', ')}`] : []),
        ].join('\n'),
      )
      return metadata
    }
    const rules = ALL_RULES.filter((rule) => !flags.category || rule.category === flags.category)
    const width = Math.max(...rules.map((rule) => rule.id.length))
    for (const rule of [...rules].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id))) {
      this.log(`${rule.id.padEnd(width)}  ${rule.category.padEnd(13)}  ${rule.severity.padEnd(7)}  ${rule.title}`)
    }
    return rules.map(metadataOf)
  }
}

function metadataOf(rule: RuleMetadata): RuleMetadata {
  const { id, category, severity, title, rationale, fix, docs, equivalents, messages } = rule
  return { id, category, severity, title, rationale, fix, docs, equivalents, messages }
}
