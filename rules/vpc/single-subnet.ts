import { availabilityZoneOf, listOf, subnetsOf } from '../../src/lint/facts/vpc.js'
import { defineRule } from '../../src/lint/rule.js'
import { asMap, Conditional, possibleValues, Unresolved, type Value } from '../../src/template/values.js'

/**
 * Lambda runs a VPC function only in the Availability Zones of its subnets; with one subnet (or
 * several in one AZ), an AZ outage stops the function. AWS recommends subnets in at least two AZs
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html).
 */
export default defineRule({
  id: 'single-subnet',
  category: 'vpc',
  severity: 'warning',
  title: 'A VPC function runs in a single subnet or a single Availability Zone',
  rationale:
    'A function attached to a VPC can only run in the Availability Zones of its subnets. Outside a VPC Lambda spreads it over every AZ of the region; ' +
    'with one subnet, or subnets all in one AZ, an outage of that AZ stops every invocation.',
  fix: 'List at least two subnets in different Availability Zones in VpcConfig.SubnetIds (typically the private subnet of each AZ the VPC spans).',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
  equivalents: [],
  messages: {
    single: '{{function}} runs in one subnet ({{subnet}}): an outage of its Availability Zone stops the function',
    sameZone: '{{function}} runs in subnets {{subnets}}, all in {{zone}}: an outage of that Availability Zone stops the function',
  },
  kinds: ['function'],
  check({ graph, template, node, resource, report }) {
    const subnetIds = asMap(resource?.properties.VpcConfig)?.SubnetIds
    const branches = possibleValues(subnetIds)
    if (branches.length === 0) return
    // A condition choosing one subnet for some deployments only (a cheaper test stage) is a choice: judge only when every branch is single-AZ.
    const verdicts = branches.map((branch) => judge(branch))
    if (verdicts.some((verdict) => verdict === undefined)) return
    const verdict = verdicts[0]!
    if (verdict.kind === 'single') {
      report({ path: ['VpcConfig', 'SubnetIds'], messageId: 'single', data: { function: node.logicalId, subnet: verdict.subnet } })
    } else {
      report({ path: ['VpcConfig', 'SubnetIds'], messageId: 'sameZone', data: { function: node.logicalId, subnets: listOf(verdict.subnets), zone: verdict.zone } })
    }

    function judge(value: Value): { kind: 'single'; subnet: string } | { kind: 'same-zone'; subnets: string[]; zone: string } | undefined {
      if (!Array.isArray(value)) return undefined
      const keys = new Map<string, string>()
      for (const item of value) {
        if (item instanceof Conditional) return undefined
        if (typeof item === 'string') keys.set(`id:${item}`, item)
        else if (item instanceof Unresolved && item.references.length === 1) keys.set(`ref:${item.references[0]!.id}`, item.references[0]!.id)
        // The same parameter twice is the same subnet; two imports may be two.
        else if (item instanceof Unresolved && item.text) keys.set(`text:${item.text}`, item.text.replace(/^\$\{([^}]+)\}$/, 'parameter $1'))
        else if (item instanceof Unresolved) keys.set(`unknown:${keys.size}`, 'a subnet')
        else return undefined
      }
      if (keys.size === 0) return undefined
      if (keys.size === 1) return { kind: 'single', subnet: [...keys.values()][0]! }
      const subnets = subnetsOf(graph, node)
      const zones = [...keys.entries()].map(([key, name]) => {
        const subnet = key.startsWith('ref:') ? subnets.find((candidate) => candidate.logicalId === name) : undefined
        return subnet && availabilityZoneOf(template, subnet)
      })
      if (zones.some((zone) => zone === undefined) || new Set(zones.map((zone) => zone!.key)).size !== 1) return undefined
      return { kind: 'same-zone', subnets: [...keys.values()], zone: zones[0]!.display }
    }
  },
})
