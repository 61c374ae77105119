import type { Location, Path } from '../../template/positions.js'
import type { Template, TemplateResource } from '../../template/template.js'
import { asArray, asMap, asString, displayText, type Value } from '../../template/values.js'
import type { BuildContext, Target } from '../context.js'
import type { EdgeMode, GraphNode, NodeKind } from '../types.js'

/**
 * Step Functions definitions: each Task state is an edge from the state machine to what it calls,
 * with the mode its integration pattern implies. Definitions come from `Definition` (inline),
 * `DefinitionString` (often a `Fn::Sub`), or SAM's `DefinitionUri` (a local file), with
 * `DefinitionSubstitutions` applied to `${Name}` placeholders.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
 */
export function stateMachineEdges(context: BuildContext, node: GraphNode, resource: TemplateResource): void {
  const source = definitionOf(context.template, resource)
  if (!source) return
  const walker = new DefinitionWalker(context, node, source.substitutions, source.locate)
  for (const { name, state, path } of statesOf(source.definition)) if (state.Type === 'Task') walker.task(name, state, path)
}

/** A state machine's definition, where it is written, and the `${Name}` substitutions to apply to it. */
export interface DefinitionSource {
  definition: Record<string, Value>
  /** Where a path within the definition is written (a DefinitionString is located as a whole). */
  locate: (path: Path) => Location
  /** The property that holds the definition (`Definition`, `DefinitionUri`, `DefinitionString`). */
  property: 'Definition' | 'DefinitionUri' | 'DefinitionString'
  substitutions: Record<string, Value>
}

/** The definition of a state machine resource, from whichever property holds it; undefined when it cannot be read statically. */
export function definitionOf(template: Template, resource: TemplateResource): DefinitionSource | undefined {
  const properties = resource.properties
  const substitutions = asMap(properties.DefinitionSubstitutions) ?? {}
  const inline = asMap(properties.Definition)
  if (inline) return { definition: inline, locate: (path) => template.locateProperty(resource.id, ['Definition', ...path]), property: 'Definition', substitutions }
  const uri = asString(properties.DefinitionUri)
  const attached = uri ? template.attachedFiles.get(uri) : undefined
  if (attached) {
    const definition = asMap(attached.root as Value)
    if (definition) return { definition, locate: (path) => ({ file: attached.file, ...attached.positions.locate(attached.root, path) }), property: 'DefinitionUri', substitutions }
  }
  const text = displayText(properties.DefinitionString)
  if (text) {
    try {
      const definition = asMap(JSON.parse(text) as Value)
      const location = template.locateProperty(resource.id, ['DefinitionString'])
      if (definition) return { definition, locate: () => location, property: 'DefinitionString', substitutions }
    } catch {
      // A definition we cannot parse statically (e.g. built with Fn::Join around objects) gives no edges.
    }
  }
  return undefined
}

/** A state of a definition, with its name and path from the definition's top (`States`, ...). */
export interface StateEntry {
  name: string
  state: Record<string, Value>
  path: Path
}

/** Every state of a definition, including those nested in Parallel branches and Map iterators. */
export function* statesOf(definition: Record<string, Value>): Generator<StateEntry> {
  yield* walkStates(asMap(definition.States), ['States'], 0)
}

function* walkStates(states: Record<string, Value> | undefined, path: Path, depth: number): Generator<StateEntry> {
  if (!states || depth > 20) return
  for (const [name, raw] of Object.entries(states)) {
    const state = asMap(raw)
    if (!state) continue
    const statePath = [...path, name]
    yield { name, state, path: statePath }
    for (const [index, branch] of asArray(state.Branches).entries()) yield* walkStates(asMap(asMap(branch)?.States), [...statePath, 'Branches', index, 'States'], depth + 1)
    for (const key of ['Iterator', 'ItemProcessor']) yield* walkStates(asMap(asMap(state[key])?.States), [...statePath, key, 'States'], depth + 1)
  }
}

/** Applies DefinitionSubstitutions to `${Name}` in a string: a whole `${Name}` becomes the substituted value itself. */
export function substitute(value: Value | undefined, substitutions: Record<string, Value>): Value | undefined {
  if (typeof value !== 'string') return value
  const whole = /^\$\{([^}]+)\}$/.exec(value)
  if (whole && Object.hasOwn(substitutions, whole[1]!)) return substitutions[whole[1]!]
  return value.replace(/\$\{([^}]+)\}/g, (match, name: string) => {
    const substitution = Object.hasOwn(substitutions, name) ? substitutions[name] : undefined
    return displayText(substitution) ?? match
  })
}

/** Parameters (JSONPath) or Arguments (JSONata) keys that name the called resource, by service. */
const TARGET_PARAMETERS: Array<{ prefix: string; keys: string[]; kinds: NodeKind[] }> = [
  { prefix: 'lambda:invoke', keys: ['FunctionName'], kinds: ['function'] },
  { prefix: 'sqs:sendMessage', keys: ['QueueUrl'], kinds: ['queue'] },
  { prefix: 'sns:publish', keys: ['TopicArn'], kinds: ['topic'] },
  { prefix: 'events:putEvents', keys: ['Entries'], kinds: ['event-bus'] },
  { prefix: 'states:startExecution', keys: ['StateMachineArn'], kinds: ['state-machine'] },
  { prefix: 'dynamodb:', keys: ['TableName'], kinds: ['table'] },
  { prefix: 'aws-sdk:', keys: ['TableName', 'QueueUrl', 'TopicArn', 'FunctionName', 'StateMachineArn', 'Bucket', 'StreamName', 'EventBusName'], kinds: ['table', 'queue', 'topic', 'function', 'state-machine', 'bucket', 'stream', 'event-bus'] },
  { prefix: 'kinesis:', keys: ['StreamName'], kinds: ['stream'] },
  { prefix: 'firehose:', keys: ['DeliveryStreamName'], kinds: ['delivery-stream'] },
]

/**
 * `.waitForTaskToken` hands work over and waits for a callback: async. `.sync` waits for the job.
 * Sending, publishing, putting events and starting an execution return at once: async. The rest
 * (invoking a function, DynamoDB, SDK calls) waits: sync.
 */
function integrationMode(service: string): EdgeMode {
  if (service.endsWith('.waitForTaskToken')) return 'async'
  if (/\.sync(:\d+)?$/.test(service)) return 'sync'
  if (/^(sqs:sendMessage|sns:publish|events:putEvents|states:startExecution)$/.test(service)) return 'async'
  return 'sync'
}

class DefinitionWalker {
  constructor(
    private readonly context: BuildContext,
    private readonly node: GraphNode,
    private readonly substitutions: Record<string, Value>,
    private readonly locate: (path: Path) => Location,
  ) {}

  task(name: string, state: Record<string, Value>, path: Path): void {
    const resource = this.expand(state.Resource)
    // Definitions built with Fn::Join/Fn::Sub write the partition as ${AWS::Partition}.
    const text = (displayText(resource) ?? '').replace(/\$\{AWS::Partition\}/g, 'aws')
    const location = this.locate(path)
    const integration = /^arn:[^:]+:states:::(.+)$/.exec(text)?.[1]
    if (!integration) {
      // A function ARN as the Resource: the classic synchronous Lambda task.
      for (const target of this.targetsOf(resource, ['function'])) this.edge(target, 'sync', name, location, 'lambda:invoke')
      return
    }
    const service = integration
    const rule = TARGET_PARAMETERS.find((candidate) => service.startsWith(candidate.prefix))
    if (!rule) return
    const parameters = asMap(state.Parameters) ?? asMap(state.Arguments) ?? {}
    for (const [key, value] of Object.entries(parameters)) {
      const bareKey = key.replace(/\.\$$/, '')
      if (!rule.keys.includes(bareKey)) continue
      const named = bareKey === 'Entries' ? asArray(value).map((entry) => asMap(entry)?.EventBusName ?? null) : [value]
      for (const item of named) {
        for (const target of this.targetsOf(this.expand(item), rule.kinds)) this.edge(target, integrationMode(service), name, location, service.replace(/\.(waitForTaskToken|sync(:\d+)?)$/, ''))
      }
    }
  }

  private expand(value: Value | undefined): Value | undefined {
    return substitute(value, this.substitutions)
  }

  private targetsOf(value: Value | undefined, kinds: NodeKind[]): Target[] {
    return typeof value === 'string' ? this.context.targetsInText(value, kinds) : this.context.targets(value, kinds)
  }

  private edge(target: Target, mode: EdgeMode, stateName: string, location: Location, action: string): void {
    this.context.edge({
      from: this.node, to: target.node, mode, via: 'definition', kind: 'trigger', location, label: stateName, actions: [action],
      ...(target.condition ? { condition: target.condition } : {}),
    })
  }
}
