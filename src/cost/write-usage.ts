/**
 * `estimate --write-usage FILE`: a usage file for the template, commented, with what the estimate
 * used. Traffic the graph derives from the entry requests is written as a comment (setting it
 * would pin it: it would stop following `entry_requests`); what cannot be derived is a commented
 * key saying so, for the user to fill in. The result parses with parseUsageText as it is.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import { propagateTraffic } from './propagate.js'
import { KEYS_BY_GROUP, type UsageFile, type UsageKey, usageGroupOf } from './usage.js'

/** What each key means, in the words a comment needs. */
const KEY_HELP: Readonly<Record<UsageKey, string>> = {
  monthly_requests: 'requests (invocations, messages, executions) a month',
  request_duration_ms: 'average billed duration of one invocation, ms',
  request_size_kb: 'average payload size, KB (metered in 64 KB chunks; HTTP APIs in 512 KB)',
  monthly_messages: 'WebSocket messages a month',
  message_size_kb: 'average WebSocket message size, KB (metered in 32 KB chunks)',
  monthly_connection_minutes: 'WebSocket connection minutes a month',
  monthly_custom_events: 'custom events put on the bus a month',
  monthly_invocations: 'schedule invocations a month',
  monthly_transitions: 'state transitions a month (Standard workflows)',
  workflow_duration_ms: 'average duration of one execution, ms (Express workflows)',
  memory_mb: 'average memory an execution uses, MB (Express workflows; billed in 64 MB steps)',
  monthly_read_request_units: 'read request units a month (on-demand tables)',
  monthly_write_request_units: 'write request units a month (on-demand tables)',
  storage_gb: 'stored data, GB',
  monthly_data_ingested_gb: 'log data ingested a month, GB',
  monthly_data_processed_gb: 'data through the NAT gateway a month, GB',
}

/** The key propagation fills for each group (the unit it counts traffic in). */
const TRAFFIC_KEY: Readonly<Partial<Record<string, UsageKey>>> = {
  lambda: 'monthly_requests',
  'api-rest-http': 'monthly_requests',
  'api-websocket': 'monthly_messages',
  sqs: 'monthly_requests',
  sns: 'monthly_requests',
  'eventbridge-bus': 'monthly_custom_events',
  'eventbridge-schedule': 'monthly_invocations',
  pipe: 'monthly_requests',
  stepfunctions: 'monthly_requests',
}

export interface WriteUsageOptions {
  region: string
  freeTier: boolean
  entryRequests: number | undefined
  /** The usage file the estimate read, whose values are kept. */
  usage?: UsageFile
  /** What the file is for, for its first comment (the template path or stack name). */
  source: string
}

export function usageFileFor(graph: ArchitectureGraph, options: WriteUsageOptions): string {
  const traffic = propagateTraffic(graph, { ...(options.entryRequests !== undefined ? { entryRequests: options.entryRequests } : {}) })
  const lines = [
    `# lambdawise usage file for ${options.source}, written by \`lambdawise estimate --write-usage\`.`,
    '# Use it with `lambdawise estimate --usage <this file>`. Reference: the usage file section of the lambdawise README.',
    '# Commented values are what the estimate derived from entry_requests along the architecture graph;',
    '# uncomment a key to fix a value, and fill in what "depends on usage" (left out of the total until given).',
    'version: 1',
    `region: ${options.region}`,
    `free_tier: ${options.freeTier}`,
    options.entryRequests === undefined
      ? '# entry_requests: 1000000   # requests a month at the entry points (APIs, schedules, external topics and buses)'
      : `entry_requests: ${options.entryRequests}   # requests a month at the entry points (APIs, schedules, external topics and buses)`,
    'resources:',
  ]
  let resources = 0
  const nodes = [...graph.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (const node of nodes) {
    const group = usageGroupOf(node)
    if (!group) continue
    resources++
    const given = options.usage?.resources.get(node.id) ?? {}
    lines.push(`  ${yamlKey(node.id)}:   # ${node.type}`)
    for (const key of KEYS_BY_GROUP[group]) {
      const value = given[key]
      if (value !== undefined) {
        lines.push(`    ${key}: ${value}   # ${KEY_HELP[key]} (from ${options.usage!.file})`)
        continue
      }
      const derived = TRAFFIC_KEY[group] === key ? traffic.get(node.id)?.monthlyRequests : undefined
      const why = derived !== undefined ? `derived: ${KEY_HELP[key]}` : `depends on usage: ${KEY_HELP[key]}`
      lines.push(`    # ${key}: ${derived !== undefined ? Math.round(derived) : ''}   # ${why}`)
    }
  }
  if (resources === 0) lines[lines.length - 1] = 'resources: {}   # nothing in the template is priced from usage'
  for (const fanout of options.usage?.fanout ?? []) {
    if (fanout === options.usage!.fanout[0]) lines.push('fanout:')
    lines.push(`  ${yamlKey(`${fanout.from}->${fanout.to}`)}: ${fanout.multiplier}`)
  }
  return lines.join('\n') + '\n'
}

/** A logical id is a plain YAML key; a `file#LogicalId` id or an edge key gets quotes. */
function yamlKey(key: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? key : JSON.stringify(key)
}
