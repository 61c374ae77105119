/**
 * Traffic propagation along the architecture graph (issue 4, "the cost model"): the traffic at
 * the entry points flows over the edges to every resource behind them.
 *
 * Units: a node's `monthlyRequests` is what it does per month in its own terms — an API's
 * requests, a function's invocations, the messages sent to a queue or published to a topic, the
 * events put on a bus or matched by a rule, a state machine's executions, a schedule's
 * invocations. (An SQS queue's billed API requests — send, receive, delete — are the cost layer's
 * business; here a queue counts messages.)
 *
 * Entry points get `entryRequests`: APIs (REST, HTTP, WebSocket, function URLs), and topics,
 * buses, queues, streams and pattern rules with no producer in the template (no incoming edge
 * that carries traffic, and not a dead-letter target). Schedules produce their own invocations
 * from `rate(...)` / `cron(...)` (730 hours a month).
 *
 * Edges that carry traffic, ×1 unless said otherwise:
 * - trigger edges: API → function, topic → each subscriber, bus → each rule, rule/schedule →
 *   each target, state machine → each task (once per execution: retries, loops, Map states
 *   and branches not taken are not modelled), function destinations;
 * - queue/stream → consumer (poll): invocations = messages ÷ batch size, the `BatchSize` of the
 *   SAM event or `AWS::Lambda::EventSourceMapping`; without one, AWS's default (10 for SQS, 100
 *   for Kinesis and DynamoDB streams); full batches are assumed, so this is the fewest
 *   invocations; when the batch size cannot be read (unresolved), 1, with a note;
 * - may-call edges that hand a message over (`async`: send, publish, put events, start
 *   execution) from a function or state machine to a queue, topic, bus, stream, delivery stream
 *   or state machine: one message per invocation;
 * - other may-call edges (reads, writes, invokes the code may or may not make) and failure
 *   (DLQ) and network edges carry nothing unless the usage file's `fanout` gives them a multiplier.
 *
 * Every multiplier can be set per edge (`fanout`); per-resource usage from the file replaces the
 * propagated value of that resource (and what flows on from it). A node several edges reach gets
 * the sum; when any of them is unknown, the node is unknown (undefined, "depends on usage",
 * never 0). Loops are solved by iterating (capped); a loop that amplifies traffic is unknown.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import type { GraphEdge, GraphNode, NodeKind } from '../graph/types.js'
import { asMap, asNumber, asString, referencesIn, type Value } from '../template/values.js'

export type TrafficSource = 'usage' | 'propagated' | 'schedule'

export interface NodeTraffic {
  /** Monthly requests in the node's own unit (see the module comment); undefined: cannot be derived. */
  monthlyRequests: number | undefined
  source: TrafficSource
  /** Why a value is what it is, when it is not plain (default batch size, unknown loop, ...). */
  notes?: string[]
}

export interface FanoutInput {
  from: string
  to: string
  multiplier: number
}

export interface PropagateOptions {
  /** Monthly requests at every entry point; undefined leaves entry points unknown. */
  entryRequests?: number
  /** Per-resource traffic from the usage file, by node id (see `trafficOverrides` in usage.ts). */
  perResource?: ReadonlyMap<string, number> | Readonly<Record<string, number>>
  /** Edge multipliers from the usage file's `fanout`. */
  fanout?: readonly FanoutInput[]
}

/** A month is 730 hours (design §6). */
export const HOURS_PER_MONTH = 730
const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24

/**
 * AWS's default batch sizes when the template gives none: 10 for SQS, 100 for Kinesis and
 * DynamoDB streams (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html).
 */
const DEFAULT_BATCH_SIZE: Readonly<Record<string, number>> = { queue: 10, stream: 100, table: 100 }

const ENTRY_KINDS: ReadonlySet<NodeKind> = new Set(['topic', 'event-bus', 'queue', 'stream', 'rule'])
const SEND_TARGET_KINDS: ReadonlySet<NodeKind> = new Set(['queue', 'topic', 'event-bus', 'stream', 'delivery-stream', 'state-machine'])
const SENDER_KINDS: ReadonlySet<NodeKind> = new Set(['function', 'state-machine'])

/** One traffic-carrying connection between two nodes (several graph edges between them count once). */
interface Flow {
  from: string
  to: string
  /** Items (messages, events, requests) arriving at `to` per item `from` passes on. */
  multiplier: number
  /** Requests `to` is billed for per item arriving (1 ÷ batch size for a polled function, else 1). */
  requestsPerItem: number
  note?: string
}

export function propagateTraffic(graph: ArchitectureGraph, options: PropagateOptions = {}): Map<string, NodeTraffic> {
  return planTraffic(graph, options.fanout).run(options)
}

/**
 * What propagation needs that does not depend on the amounts: the flows, the loops in
 * topological order, the schedules' invocations and the entry points. `estimate` prices the same
 * graph at four traffic levels, and builds this once for all four.
 */
export interface TrafficPlan {
  run(options: Omit<PropagateOptions, 'fanout'>): Map<string, NodeTraffic>
}

interface Component {
  members: readonly string[]
  memberSet: ReadonlySet<string>
  isLoop: boolean
}

export function planTraffic(graph: ArchitectureGraph, fanoutInput: PropagateOptions['fanout'] = []): TrafficPlan {
  const fanout = new Map<string, number>()
  for (const override of fanoutInput) fanout.set(pairKey(override.from, override.to), override.multiplier)

  const flows = collectFlows(graph, fanout)
  const incoming = new Map<string, Flow[]>()
  const outgoing = new Map<string, Flow[]>()
  for (const flow of flows) {
    push(incoming, flow.to, flow)
    push(outgoing, flow.from, flow)
  }

  // Values of their own, unless the usage file sets the node: schedules count their invocations, entry points get the entry traffic.
  const schedules = new Map<string, { invocations: number | undefined; note?: string }>()
  const entryPoints = new Set<string>()
  for (const node of graph.nodes.values()) {
    if (node.kind === 'schedule') {
      const expression = scheduleExpressionOf(graph, node)
      const invocations = expression === undefined ? undefined : monthlyInvocations(expression)
      const note = expression === undefined ? 'no schedule expression found' : invocations === undefined ? `cannot count the invocations of ${expression}` : undefined
      schedules.set(node.id, { invocations, ...(note ? { note } : {}) })
    } else if (isEntryPoint(graph, node, incoming)) {
      entryPoints.add(node.id)
    }
  }

  // Strongly connected components in topological order: a loop is solved as one piece.
  const components: Component[] = stronglyConnected([...graph.nodes.keys()], id => (outgoing.get(id) ?? []).map(flow => flow.to)).map(members => ({
    members,
    memberSet: new Set(members),
    isLoop: members.length > 1 || (outgoing.get(members[0]!) ?? []).some(flow => flow.to === members[0]),
  }))

  return {
    run: (options) => runPlan(graph, { incoming, schedules, entryPoints, components }, options),
  }
}

function runPlan(
  graph: ArchitectureGraph,
  plan: {
    incoming: ReadonlyMap<string, Flow[]>
    schedules: ReadonlyMap<string, { invocations: number | undefined; note?: string }>
    entryPoints: ReadonlySet<string>
    components: readonly Component[]
  },
  options: Omit<PropagateOptions, 'fanout'>,
): Map<string, NodeTraffic> {
  const { incoming, schedules, entryPoints, components } = plan
  const overrides = toMap(options.perResource)
  const result = new Map<string, NodeTraffic>()
  const notes = new Map<string, string[]>()
  const note = (id: string, text: string) => {
    const list = notes.get(id)
    if (!list) notes.set(id, [text])
    else if (!list.includes(text)) list.push(text)
  }

  // Sources: usage overrides, schedules and entry points have values of their own.
  const own = new Map<string, NodeTraffic>()
  for (const id of graph.nodes.keys()) {
    const override = overrides.get(id)
    const schedule = schedules.get(id)
    if (override !== undefined) {
      own.set(id, { monthlyRequests: override, source: 'usage' })
    } else if (schedule) {
      if (schedule.note) note(id, schedule.note)
      own.set(id, { monthlyRequests: schedule.invocations, source: 'schedule' })
    } else if (entryPoints.has(id)) {
      own.set(id, { monthlyRequests: options.entryRequests, source: 'propagated' })
      note(id, 'entry point')
    }
  }

  // Two values per node: its requests (what it is billed for) and the items it passes on. They
  // differ for a function fed by batches: 10 messages make one invocation, but the function
  // handles (and sends on) 10 messages.
  const items = new Map<string, number | undefined>()
  const inflow = new Inflow(incoming, items, note)

  for (const { members: component, memberSet: members, isLoop } of components) {
    if (!isLoop) {
      const id = component[0]!
      const fixed = own.get(id)
      // A fixed value (usage, schedule, entry) is also what the node passes on.
      if (fixed) {
        result.set(id, fixed)
        items.set(id, fixed.monthlyRequests)
      } else {
        const requests = inflow.into(id, undefined, undefined)
        result.set(id, { monthlyRequests: requests, source: 'propagated' })
        items.set(id, inflow.items)
      }
      continue
    }
    // A loop: the items of its members solve x = c + A·x exactly (see solveLoop).
    const inside = solveLoop(component, own, incoming, items)
    for (const id of component) {
      const fixed = own.get(id)
      if (fixed) {
        result.set(id, fixed)
        items.set(id, fixed.monthlyRequests)
      } else if (inside) {
        result.set(id, { monthlyRequests: inflow.into(id, members, inside), source: 'propagated' })
        items.set(id, inside.get(id))
      } else {
        result.set(id, { monthlyRequests: undefined, source: 'propagated' })
        items.set(id, undefined)
        note(id, `traffic loop through ${component.join(', ')} does not settle: set its usage or a fanout below 1`)
      }
    }
  }

  for (const [id, list] of notes) {
    const traffic = result.get(id)
    if (traffic && list.length > 0) result.set(id, { ...traffic, notes: list })
  }
  return result
}

/**
 * Requests and items flowing into a node from what is already settled, or, for a member of a
 * loop, from the loop's solution. A class rather than closures made per component: propagation
 * runs over every node at four traffic levels.
 */
class Inflow {
  /** The items that flowed into the node of the last `into` call (undefined when unknown). */
  items: number | undefined

  constructor(
    private readonly incoming: ReadonlyMap<string, Flow[]>,
    private readonly settled: ReadonlyMap<string, number | undefined>,
    private readonly note: (id: string, text: string) => void,
  ) {}

  /** The requests into `id`; undefined when any flow into it is unknown, or nothing flows in. */
  into(id: string, members: ReadonlySet<string> | undefined, inside: ReadonlyMap<string, number | undefined> | undefined): number | undefined {
    const flows = this.incoming.get(id)
    this.items = undefined
    if (!flows || flows.length === 0) return undefined
    let requests = 0
    let total = 0
    for (const flow of flows) {
      const from = members?.has(flow.from) ? inside!.get(flow.from) : this.settled.get(flow.from)
      if (from === undefined) return undefined
      total += from * flow.multiplier
      requests += from * flow.multiplier * flow.requestsPerItem
      if (flow.note) this.note(id, flow.note)
    }
    this.items = total
    return requests
  }
}

function isEntryPoint(graph: ArchitectureGraph, node: GraphNode, incoming: ReadonlyMap<string, Flow[]>): boolean {
  if (node.kind === 'api') return true
  if (!ENTRY_KINDS.has(node.kind)) return false
  if ((incoming.get(node.id) ?? []).length > 0) return false
  const graphIncoming = graph.incoming(node.id)
  // A dead-letter queue receives failures, not traffic; anything a resource in the template produces into is not external.
  if (graphIncoming.some(edge => edge.kind === 'failure' || edge.kind === 'trigger')) return false
  if (graphIncoming.some(edge => edge.kind === 'may-call' && edge.mode === 'async')) return false
  return true
}

function collectFlows(graph: ArchitectureGraph, fanout: ReadonlyMap<string, number>): Flow[] {
  // Flows in the order their pair was first seen, found by from and to (not by a joined string:
  // ten thousand of those were a good part of planning).
  const flows: Flow[] = []
  const byPair = new Map<string, Map<string, number>>()
  for (const edge of graph.edges) {
    const from = graph.nodes.get(edge.from)
    const to = graph.nodes.get(edge.to)
    if (!from || !to) continue
    const given = fanout.size === 0 ? undefined : fanout.get(pairKey(edge.from, edge.to))
    const derived = given === undefined ? derivedFlow(graph, edge, from, to) : undefined
    if (given === undefined && derived === undefined) continue
    // On a polled edge the fanout is invocations per message (replacing 1 ÷ batch size); the function still handles every message.
    const flow: Flow = given === undefined
      ? derived!
      : edge.mode === 'poll' && to.kind === 'function'
        ? { from: edge.from, to: edge.to, multiplier: 1, requestsPerItem: given }
        : { from: edge.from, to: edge.to, multiplier: given, requestsPerItem: 1 }
    let targets = byPair.get(edge.from)
    if (!targets) byPair.set(edge.from, (targets = new Map()))
    const existing = targets.get(edge.to)
    // Several edges between the same two nodes (env + IAM, definition + IAM) are one flow; a trigger's reading wins.
    if (existing === undefined) targets.set(edge.to, flows.push(flow) - 1)
    else if (edge.kind === 'trigger' && given === undefined) flows[existing] = flow
  }
  return flows
}

function derivedFlow(graph: ArchitectureGraph, edge: GraphEdge, from: GraphNode, to: GraphNode): Flow | undefined {
  if (edge.kind === 'trigger') {
    if (edge.mode === 'poll' && to.kind === 'function') {
      const batch = batchSizeOf(graph, from, to)
      return { from: from.id, to: to.id, multiplier: 1, requestsPerItem: 1 / batch.size, ...(batch.note ? { note: batch.note } : {}) }
    }
    return { from: from.id, to: to.id, multiplier: 1, requestsPerItem: 1 }
  }
  if (edge.kind === 'may-call' && edge.mode === 'async' && SENDER_KINDS.has(from.kind) && SEND_TARGET_KINDS.has(to.kind)) {
    return { from: from.id, to: to.id, multiplier: 1, requestsPerItem: 1 }
  }
  return undefined
}

/** The batch size of the event source mapping from `source` to `fn` (SAM event or AWS::Lambda::EventSourceMapping). */
export function batchSizeOf(graph: ArchitectureGraph, source: GraphNode, fn: GraphNode): { size: number; note?: string } {
  const fallback = DEFAULT_BATCH_SIZE[source.kind]
  const names = (value: Value | undefined) => referencesIn(value).some(reference => reference.id === source.logicalId)
  const read = (value: Value | undefined, where: string): { size: number; note?: string } => {
    if (value === undefined) {
      return fallback === undefined
        ? { size: 1, note: `no BatchSize in ${where}: 1 message per invocation assumed` }
        : { size: fallback, note: `no BatchSize in ${where}: AWS's default ${fallback}, full batches assumed` }
    }
    const size = asNumber(value)
    if (size === undefined || !(size >= 1)) return { size: 1, note: `BatchSize in ${where} is not known: 1 message per invocation assumed` }
    return { size }
  }
  // SAM: Events.<name>.Properties.Queue / Stream naming the source.
  const events = asMap(fn.resource?.properties.Events) ?? {}
  for (const [name, definition] of Object.entries(events)) {
    const event = asMap(definition)
    const properties = asMap(event?.Properties)
    if (!properties) continue
    if (names(properties.Queue) || names(properties.Stream)) return read(properties.BatchSize, `event ${name} of ${fn.logicalId}`)
  }
  // CloudFormation: an event source mapping naming both.
  for (const resource of source.template.resources.values()) {
    if (resource.type !== 'AWS::Lambda::EventSourceMapping') continue
    const properties = resource.properties
    const namesFunction = referencesIn(properties.FunctionName).some(reference => reference.id === fn.logicalId) || asString(properties.FunctionName) === fn.logicalId
    if (namesFunction && names(properties.EventSourceArn)) return read(properties.BatchSize, resource.id)
  }
  return { size: 1, note: `batch size of ${source.logicalId} → ${fn.logicalId} not found: 1 message per invocation assumed` }
}

/** The `rate(...)`/`cron(...)`/`at(...)` of a schedule node: its own property, else the label of its target edge. */
export function scheduleExpressionOf(graph: ArchitectureGraph, node: GraphNode): string | undefined {
  const own = asString(node.resource?.properties.ScheduleExpression)
  if (own) return own
  for (const edge of graph.outgoing(node.id)) {
    if (edge.label && /^(rate|cron|at)\(/.test(edge.label.trim())) return edge.label.trim()
  }
  return undefined
}

/**
 * Invocations a month (730 hours) of an EventBridge schedule expression
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html — the same syntax
 * as scheduled rules; day-of-week 1-7 is SUN-SAT); undefined when it
 * cannot be counted (a one-time `at(...)`, a cron field this does not read).
 *
 * `rate(5 minutes)` is 730 × 60 / 5 = 8,760. `cron(min hour dom month dow year)`: firings a day
 * (minutes × hours) × days a month, where the days are every day (30.42 a month), the share of
 * weekdays (`MON-FRI`: 5/7 of them) or the days of the month listed (`1,15`: 2; `L`, `15W`,
 * `2#1`: 1), times the share of months listed (12 when `*`). Years are not counted.
 */
export function monthlyInvocations(expression: string): number | undefined {
  const text = expression.trim()
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(text)
  if (rate) {
    const every = Number(rate[1])
    if (!(every > 0)) return undefined
    const unit = rate[2]!.toLowerCase()
    const minutes = unit.startsWith('minute') ? every : unit.startsWith('hour') ? every * 60 : every * 60 * 24
    return MINUTES_PER_MONTH / minutes
  }
  const cron = /^cron\((.*)\)$/i.exec(text)
  if (!cron) return undefined
  const fields = cron[1]!.trim().split(/\s+/)
  if (fields.length !== 6) return undefined
  const [minuteField, hourField, domField, monthField, dowField] = fields as [string, string, string, string, string]
  const minutes = countField(minuteField, 0, 59)
  const hours = countField(hourField, 0, 23)
  const months = countField(monthField, 1, 12, MONTHS)
  if (minutes === undefined || hours === undefined || months === undefined) return undefined
  const perDay = minutes * hours
  const monthShare = months / 12
  const any = (field: string) => field === '*' || field === '?'
  let days: number | undefined
  if (any(domField) && any(dowField)) days = DAYS_PER_MONTH
  else if (any(domField)) {
    if (/#|.L$/i.test(dowField)) days = 1
    else {
      const weekdays = countField(dowField, 1, 7, WEEKDAYS)
      days = weekdays === undefined ? undefined : (DAYS_PER_MONTH * weekdays) / 7
    }
  } else if (any(dowField)) {
    if (/^(L|LW|\d{1,2}W|L-\d{1,2})$/i.test(domField)) days = 1
    else days = countField(domField, 1, 31)
  }
  if (days === undefined) return undefined
  return perDay * days * monthShare
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

/** How many values a cron field selects between `min` and `max` (`*`, lists, ranges, steps, names). */
function countField(field: string, min: number, max: number, names?: readonly string[]): number | undefined {
  const selected = new Set<number>()
  const valueOf = (token: string): number | undefined => {
    const index = names?.indexOf(token.toUpperCase()) ?? -1
    if (index >= 0) return index + min
    return /^\d+$/.test(token) ? Number(token) : undefined
  }
  for (const part of field.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(part)
    if (!match) return undefined
    const step = match[2] === undefined ? 1 : Number(match[2])
    if (!(step >= 1)) return undefined
    let from: number | undefined
    let to: number | undefined
    if (match[1] === '*' || match[1] === '?') [from, to] = [min, max]
    else if (match[1]!.includes('-')) {
      const [a, b] = match[1]!.split('-')
      from = valueOf(a ?? '')
      to = valueOf(b ?? '')
    } else {
      from = valueOf(match[1]!)
      to = match[2] === undefined ? from : max
    }
    if (from === undefined || to === undefined || from < min || to > max) return undefined
    if (from > to) {
      // Wrapping ranges (FRI-MON): up to the end, then from the start.
      for (let value = from; value <= max; value += step) selected.add(value)
      for (let value = min; value <= to; value += step) selected.add(value)
    } else for (let value = from; value <= to; value += step) selected.add(value)
  }
  return selected.size
}

/** Tarjan's algorithm, iterative; the components come out in topological order (sources first). */
function stronglyConnected(ids: readonly string[], next: (id: string) => readonly string[]): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const components: string[][] = []
  let counter = 0
  for (const start of ids) {
    if (index.has(start)) continue
    const work: { id: string; children: readonly string[]; position: number }[] = []
    const open = (id: string) => {
      index.set(id, counter)
      low.set(id, counter)
      counter++
      stack.push(id)
      onStack.add(id)
      work.push({ id, children: next(id), position: 0 })
    }
    open(start)
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      if (frame.position < frame.children.length) {
        const child = frame.children[frame.position++]!
        if (!index.has(child)) open(child)
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!))
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!))
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = []
        let member: string
        do {
          member = stack.pop()!
          onStack.delete(member)
          component.push(member)
        } while (member !== frame.id)
        components.push(component)
      }
    }
  }
  // Tarjan emits sinks first.
  return components.reverse()
}

/**
 * The items of a loop's members, or undefined when the loop does not settle.
 *
 * Members with a value of their own (usage, schedule, entry) pass that on; the others, x, get
 * c (what flows in from outside the loop and from the fixed members) plus A·x (what flows between
 * them, A[i][j] the multiplier from j to i). Iterating x ← c + A·x from zero settles exactly when
 * A's spectral radius is below 1, and then at x = (I − A)⁻¹·c. For a non-negative A that is the
 * case exactly when I − A is invertible with a non-negative inverse (an M-matrix), so the loop is
 * solved directly instead of by iteration, which for a loop of gain 1 (every message comes back)
 * would never stop changing. A member fed by something unknown is unknown, and so is everything it
 * feeds inside the loop, unless that member has a value of its own.
 */
function solveLoop(
  component: readonly string[],
  own: ReadonlyMap<string, NodeTraffic>,
  incoming: ReadonlyMap<string, Flow[]>,
  outside: ReadonlyMap<string, number | undefined>,
): Map<string, number | undefined> | undefined {
  const members = new Set(component)
  const unknown = new Set<string>()
  // Unknown inflow spreads through the loop's members that have no value of their own.
  for (let changed = true; changed; ) {
    changed = false
    for (const id of component) {
      if (own.has(id) || unknown.has(id)) continue
      const fed = (incoming.get(id) ?? []).some((flow) => (members.has(flow.from) ? unknown.has(flow.from) : outside.get(flow.from) === undefined))
      if (fed) {
        unknown.add(id)
        changed = true
      }
    }
  }
  const solution = new Map<string, number | undefined>()
  const variables: string[] = []
  for (const id of component) {
    if (own.has(id)) solution.set(id, own.get(id)!.monthlyRequests)
    else if (unknown.has(id)) solution.set(id, undefined)
    else variables.push(id)
  }
  if (variables.length === 0) return solution
  const index = new Map(variables.map((id, position) => [id, position]))
  const n = variables.length
  // I − A, and c.
  const matrix = variables.map((_, row) => Array.from({ length: n }, (__, column) => (row === column ? 1 : 0)))
  const constant = new Array<number>(n).fill(0)
  for (const id of variables) {
    const row = index.get(id)!
    for (const flow of incoming.get(id) ?? []) {
      const column = index.get(flow.from)
      if (column !== undefined) matrix[row]![column]! -= flow.multiplier
      else {
        const from = members.has(flow.from) ? solution.get(flow.from) : outside.get(flow.from)
        constant[row]! += (from ?? 0) * flow.multiplier
      }
    }
  }
  // Nothing flows in: iterating from zero stays at zero, whatever the loop's gain.
  if (constant.every((value) => value === 0)) {
    for (const id of variables) solution.set(id, 0)
    return solution
  }
  const inverse = invert(matrix)
  if (!inverse) return undefined
  const scale = Math.max(...inverse.flatMap((row) => row.map(Math.abs)))
  if (!Number.isFinite(scale) || inverse.some((row) => row.some((value) => value < -1e-9 * scale))) return undefined
  for (const id of variables) {
    const row = inverse[index.get(id)!]!
    const value = row.reduce((total, coefficient, column) => total + coefficient * constant[column]!, 0)
    if (!Number.isFinite(value)) return undefined
    solution.set(id, Math.max(0, value))
  }
  return solution
}

/** The inverse of a square matrix by Gauss–Jordan elimination with partial pivoting; undefined when singular. */
function invert(matrix: readonly (readonly number[])[]): number[][] | undefined {
  const n = matrix.length
  const work = matrix.map((row, rowIndex) => [...row, ...Array.from({ length: n }, (_, column) => (column === rowIndex ? 1 : 0))])
  for (let column = 0; column < n; column++) {
    let pivot = column
    for (let row = column + 1; row < n; row++) if (Math.abs(work[row]![column]!) > Math.abs(work[pivot]![column]!)) pivot = row
    const pivotValue = work[pivot]![column]!
    if (Math.abs(pivotValue) < 1e-12) return undefined
    ;[work[column], work[pivot]] = [work[pivot]!, work[column]!]
    const pivotRow = work[column]!
    for (let k = 0; k < 2 * n; k++) pivotRow[k]! /= pivotValue
    for (let row = 0; row < n; row++) {
      if (row === column) continue
      const factor = work[row]![column]!
      if (factor === 0) continue
      const target = work[row]!
      for (let k = 0; k < 2 * n; k++) target[k]! -= factor * pivotRow[k]!
    }
  }
  return work.map((row) => row.slice(n))
}

function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`
}

function toMap(value: PropagateOptions['perResource']): Map<string, number> {
  if (value === undefined) return new Map()
  if (value instanceof Map) return new Map(value)
  return new Map(Object.entries(value as Readonly<Record<string, number>>))
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
