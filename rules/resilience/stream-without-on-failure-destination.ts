import { defineRule } from '../../src/lint/rule.js'
import { own } from '../../src/util/own.js'
import type { Template } from '../../src/template/template.js'
import { asMap, asString, Conditional, displayText, possibleValues, referencesIn, Unresolved, type Value, type ValueMap } from '../../src/template/values.js'

/**
 * Stream and Kafka event sources are read in order per shard or partition: when a batch fails,
 * Lambda retries it until it succeeds, the records expire (24 hours by default for Kinesis and
 * DynamoDB streams), or MaximumRetryAttempts / MaximumRecordAgeInSeconds runs out, and then drops
 * it. Only an on-failure destination keeps a record of what was dropped.
 * https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 * SQS sources are left out: they keep failed messages with the queue's redrive policy instead.
 */
type StreamSource = 'Kinesis' | 'DynamoDB' | 'Kafka' | 'stream'

/** SAM event types that poll a stream or a Kafka topic. */
const SAM_STREAM_EVENTS: Record<string, StreamSource> = { Kinesis: 'Kinesis', DynamoDB: 'DynamoDB', MSK: 'Kafka', SelfManagedKafka: 'Kafka' }

export default defineRule({
  id: 'stream-without-on-failure-destination',
  category: 'resilience',
  severity: 'warning',
  title: 'A stream event source has no on-failure destination',
  rationale:
    'Lambda reads a Kinesis, DynamoDB or Kafka shard in order, so a record the function cannot process is retried until it expires ' +
    '(by default for as long as the stream keeps it), blocking every record behind it. When it finally gives up, the batch is dropped ' +
    'and nothing records what was lost.',
  fix:
    'Add `DestinationConfig: { OnFailure: { Destination: <queue, topic or bucket ARN> } }` to the event source mapping (or the SAM ' +
    'Kinesis/DynamoDB/MSK event), and bound the retries with `MaximumRetryAttempts`, `MaximumRecordAgeInSeconds` and ' +
    '`BisectBatchOnFunctionError: true` so one bad record cannot stall the shard.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html',
  equivalents: ['serverless-rules:ES1001'],
  messages: {
    unbounded:
      '{{function}} reads {{source}} without an on-failure destination: a record that keeps failing blocks its {{shard}} until it ' +
      'expires, then is dropped without a trace',
    bounded:
      '{{function}} reads {{source}} without an on-failure destination: batches that still fail after the configured retries are ' +
      'dropped without a trace',
  },
  kinds: ['function', 'event-source-mapping'],
  check({ node, resource, template, report }) {
    if (!resource || node.resource !== resource) return
    if (resource.type === 'AWS::Lambda::EventSourceMapping') {
      const properties = resource.properties
      const source = streamSourceOf(template, properties)
      if (!source || hasOnFailureDestination(properties.DestinationConfig) !== false) return
      report({
        messageId: bounded(properties) ? 'bounded' : 'unbounded',
        data: { function: functionName(properties.FunctionName) ?? 'the function', ...describe(template, source, properties.EventSourceArn) },
      })
      return
    }
    if (resource.type !== 'AWS::Serverless::Function') return
    for (const [name, definition] of Object.entries(asMap(resource.properties.Events) ?? {})) {
      const event = asMap(definition)
      const type = asString(event?.Type)
      const source = type ? own(SAM_STREAM_EVENTS, type) : undefined
      const properties = asMap(event?.Properties)
      if (!source || !properties || hasOnFailureDestination(properties.DestinationConfig) !== false) continue
      report({
        path: ['Events', name],
        messageId: bounded(properties) ? 'bounded' : 'unbounded',
        data: { function: node.logicalId, ...describe(template, source, properties.Stream) },
      })
    }
  },
})

/**
 * Whether an event source mapping reads a stream or Kafka: its ARN's service, the resource it
 * names (a Kinesis stream or consumer, a table's `StreamArn`), a self-managed Kafka cluster, or,
 * when the ARN is unknowable, `StartingPosition`, which only stream, Kafka and DocumentDB sources take.
 */
function streamSourceOf(template: Template, properties: ValueMap): StreamSource | undefined {
  if (properties.SelfManagedEventSource !== undefined) return 'Kafka'
  const arn = properties.EventSourceArn
  for (const reference of referencesIn(arn)) {
    const type = template.resources.get(reference.id)?.type
    if (type === 'AWS::Kinesis::Stream' || type === 'AWS::Kinesis::StreamConsumer') return 'Kinesis'
    if (type === 'AWS::MSK::Cluster' || type === 'AWS::MSK::ServerlessCluster') return 'Kafka'
    if (reference.attribute === 'StreamArn' || reference.attribute === 'LatestStreamArn') return 'DynamoDB'
    if (type) return undefined
  }
  const text = textOf(arn)
  const service = text ? /^arn:[^:]+:([^:]+):/.exec(text)?.[1] : undefined
  if (service === 'kinesis') return 'Kinesis'
  if (service === 'kafka') return 'Kafka'
  if (service === 'dynamodb') return /\/stream\//.test(text!) ? 'DynamoDB' : undefined
  if (service) return undefined
  if (properties.StartingPosition !== undefined && properties.DocumentDBEventSourceConfig === undefined) {
    return properties.Topics !== undefined ? 'Kafka' : 'stream'
  }
  return undefined
}

/**
 * `false` when no deployment has an on-failure destination, `true` when every one has, and
 * `undefined` when it depends on a condition (or the whole config is an unresolved value).
 */
function hasOnFailureDestination(config: Value | undefined): boolean | undefined {
  if (config instanceof Unresolved) return undefined
  const verdicts = new Set<boolean>()
  for (const candidate of possibleValues(config === undefined ? null : config)) {
    const onFailure = asMap(candidate)?.OnFailure
    if (onFailure instanceof Unresolved || onFailure instanceof Conditional) return undefined
    const destination = asMap(onFailure)?.Destination
    if (destination instanceof Conditional) return undefined
    verdicts.add(destination !== undefined && destination !== null && destination !== '')
  }
  return verdicts.size === 1 ? [...verdicts][0] : undefined
}

/** Retries bounded by count or record age: failed batches are dropped sooner, but still dropped. */
function bounded(properties: ValueMap): boolean {
  const retries = properties.MaximumRetryAttempts
  const age = properties.MaximumRecordAgeInSeconds
  const set = (value: Value | undefined) => value !== undefined && value !== null && value !== -1 && value !== '-1'
  return set(retries) || set(age)
}

/** The source for the message: `the Kinesis stream Clicks`, and whether it blocks a shard or a partition. */
function describe(template: Template, source: StreamSource, arn: Value | undefined): { source: string; shard: string } {
  const [reference] = referencesIn(arn)
  const text = textOf(arn)
  const written = text && /:(?:table|stream|cluster)\/([^/$]+)/.exec(text)?.[1]
  const name = reference?.id ?? written
  const shard = source === 'Kafka' ? 'partition' : 'shard'
  if (reference && template.resources.get(reference.id)?.type === 'AWS::Kinesis::StreamConsumer') return { source: `Kinesis stream consumer ${name}`, shard }
  if (!name) return { source: source === 'Kafka' ? 'a Kafka topic' : source === 'stream' ? 'a stream' : `a ${source} stream`, shard }
  switch (source) {
    case 'DynamoDB':
      return { source: `the DynamoDB stream of ${name}`, shard }
    case 'Kafka':
      return { source: `Kafka cluster ${name}`, shard }
    default:
      return { source: `${source === 'stream' ? 'stream' : 'Kinesis stream'} ${name}`, shard }
  }
}

/** The text of a value (the first branch that has one), with `${AWS::Partition}` read as `aws`. */
function textOf(value: Value | undefined): string | undefined {
  const text = possibleValues(value).map(displayText).find((candidate) => candidate !== undefined)
  return text?.replace(/\$\{AWS::Partition\}/g, 'aws')
}

function functionName(value: Value | undefined): string | undefined {
  const [reference] = referencesIn(value)
  return reference?.id ?? displayText(value)
}
