import type { ArchitectureGraph } from '../../src/graph/graph.js'
import type { GraphNode } from '../../src/graph/types.js'
import { defineRule } from '../../src/lint/rule.js'
import { asArray, asMap, asString, displayText, referencesIn, type Value } from '../../src/template/values.js'

/**
 * How a bus is known to carry custom events: rules match patterns on it, or something puts events
 * on it (a function or workflow allowed to PutEvents, a rule, pipe or API integration targeting it).
 */
function customEventEvidence(graph: ArchitectureGraph, bus: GraphNode): string | undefined {
  const rules = graph.outgoing(bus.id).filter((edge) => edge.kind === 'trigger' && graph.nodes.get(edge.to)?.kind === 'rule' && !matchesOnlyAwsEvents(graph.nodes.get(edge.to)!))
  const producers = graph.incoming(bus.id).filter((edge) => {
    const from = graph.nodes.get(edge.from)
    // A rule forwarding AWS service events brings events whose schemas AWS publishes (aws.events registry).
    if (from?.kind === 'rule' && matchesOnlyAwsEvents(from)) return false
    return edge.kind === 'trigger' || (edge.kind === 'may-call' && edge.mode === 'async')
  })
  const names = (ids: string[]) => [...new Set(ids.map((id) => graph.nodes.get(id)?.logicalId ?? id))].join(', ')
  const parts = [
    producers.length > 0 ? `published by ${names(producers.map((edge) => edge.from))}` : undefined,
    rules.length > 0 ? `matched by ${names(rules.map((edge) => edge.to))}` : undefined,
  ].filter(Boolean)
  return parts.length > 0 ? parts.join('; ') : undefined
}

/** A rule whose pattern only matches AWS service events (`source: [aws.s3, ...]`). */
function matchesOnlyAwsEvents(rule: GraphNode): boolean {
  const pattern = rule.resource?.properties.EventPattern
  const sources = asArray(asMap(typeof pattern === 'string' ? parseJson(pattern) : pattern)?.source)
  return sources.length > 0 && sources.every((source) => typeof source === 'string' && source.startsWith('aws.'))
}

function parseJson(text: string): Value | undefined {
  try {
    return JSON.parse(text) as Value
  } catch {
    return undefined
  }
}

export default defineRule({
  id: 'event-bus-without-schema',
  category: 'coupling',
  severity: 'info',
  title: 'A custom event bus carries custom events without a schema',
  rationale:
    'On a custom bus the event format is a contract between producers and consumers that nothing enforces: a producer that renames a ' +
    'field breaks rules and consumers silently (events simply stop matching). A schema in the EventBridge schema registry documents ' +
    'the contract, lets consumers generate code bindings, and schema discovery keeps it current with what is actually published.',
  fix:
    'Publish the event schemas in an AWS::EventSchemas::Registry (AWS::EventSchemas::Schema, OpenAPI 3 or JSON Schema), or turn on ' +
    'schema discovery for the bus with an AWS::EventSchemas::Discoverer whose SourceArn is the bus ARN; version the schemas and validate ' +
    'events against them in the producers.',
  docs: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema.html',
  equivalents: [],
  messages: {
    noSchema: '{{bus}} carries custom events ({{evidence}}) but no schema registry, schema or discoverer describes them',
  },
  checkTemplate({ graph, nodes, report }) {
    const schemaResources = nodes.filter((node) => node.type === 'AWS::EventSchemas::Registry' || node.type === 'AWS::EventSchemas::Schema')
    // A registry or schema cannot be tied to one bus: any of them means the template manages its contracts.
    if (schemaResources.length > 0) return
    const discovered = new Set<string>()
    for (const node of nodes) {
      if (node.type !== 'AWS::EventSchemas::Discoverer' || !node.resource) continue
      const source = node.resource.properties.SourceArn
      for (const reference of referencesIn(source)) discovered.add(reference.id)
      const text = displayText(source)
      if (text) discovered.add(`arn:${text.split('/').pop()}`)
    }
    for (const bus of nodes) {
      if (bus.type !== 'AWS::Events::EventBus' || !bus.resource) continue
      // A partner event bus receives a SaaS partner's events, whose schemas AWS publishes in the aws.partner registry.
      if (bus.resource.properties.EventSourceName !== undefined) continue
      const name = asString(bus.resource.properties.Name)
      if (discovered.has(bus.logicalId) || (name && discovered.has(`arn:${name}`))) continue
      const evidence = customEventEvidence(graph, bus)
      if (evidence) report({ node: bus, messageId: 'noSchema', data: { bus: bus.logicalId, evidence } })
    }
  },
})
