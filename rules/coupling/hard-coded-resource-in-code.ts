import type { HardCodedReference } from '../../src/code/types.js'
import { formatLocation, handlerOf } from '../../src/lint/facts/code.js'
import { PhysicalNames, resourcesNamedBy } from '../../src/lint/facts/coupling.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Template } from '../../src/template/template.js'

const FORM: Record<HardCodedReference['kind'], string> = {
  arn: 'an ARN',
  'queue-url': 'a queue URL',
  'api-url': 'an API URL',
  'function-url': 'a function URL',
  'resource-name': 'a resource name',
}

/** Names that stand for an account's built-in resource, not one the code should be given: the default event bus. */
const BUILT_IN_NAMES = new Set(['default'])

const namesByTemplate = new WeakMap<Template, PhysicalNames>()

export default defineRule({
  id: 'hard-coded-resource-in-code',
  category: 'coupling',
  severity: 'warning',
  title: 'The handler code hard-codes a resource name, ARN or URL',
  rationale:
    'A name, ARN or URL written into the code ties it to one account, region and stage: the same code deployed as another stack ' +
    'or in another account still talks to the original resource, and renaming or replacing the resource breaks the function ' +
    'without any change in the template. The template cannot show, or grant least privilege for, what the code really uses.',
  fix:
    'Pass the resource in an environment variable the template sets with `!Ref`/`!GetAtt` (`QUEUE_URL: !Ref OrdersQueue`) and read ' +
    '`process.env.QUEUE_URL` in the code; for resources of other stacks, use a parameter, an export (`!ImportValue`) or an SSM parameter.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html',
  equivalents: [],
  messages: {
    hardCoded: '{{function}} hard-codes {{form}} in its code: {{text}}{{resource}}',
  },
  kinds: ['function'],
  check({ graph, node, template, code, report }) {
    const handler = handlerOf(code, node)
    if (!handler) return
    const found = new Map<string, { form: string; text: string; location: HardCodedReference['location'] }>()
    for (const reference of handler.hardCoded) {
      found.set(formatLocation(reference.location), { form: FORM[reference.kind], text: reference.text, location: reference.location })
    }
    for (const call of handler.sdkCalls) {
      for (const target of call.targets) {
        if (target.kind !== 'literal' || BUILT_IN_NAMES.has(target.text)) continue
        const key = formatLocation(target.location)
        if (!found.has(key)) found.set(key, { form: `the ${call.operation} target`, text: target.text, location: target.location })
      }
    }
    if (found.size === 0) return
    let names = namesByTemplate.get(template)
    if (!names) namesByTemplate.set(template, (names = new PhysicalNames([...graph.nodes.values()].filter((other) => other.template === template))))
    for (const { form, text, location } of found.values()) {
      const matches = resourcesNamedBy(text, names, ['queue', 'topic', 'function', 'table', 'bucket', 'state-machine', 'event-bus', 'stream', 'secret', 'parameter'])
      const resource = matches.length > 0 ? ` (${matches.map((match) => match.node.logicalId).join(', ')} of this template)` : ''
      report({ location, messageId: 'hardCoded', data: { function: node.logicalId, form, text: `'${text}'`, resource } })
    }
  },
})

