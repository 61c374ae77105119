import type { Location, Path } from '../template/positions.js'
import type { Template, TemplateResource } from '../template/template.js'
import { Conditional, Unresolved, type Value } from '../template/values.js'
import type { ArchitectureGraph } from './graph.js'
import { AWS_SERVICE_BY_KIND, kindOfType } from './kinds.js'
import type { EdgeMode, GraphEdge, GraphNode, NodeKind } from './types.js'

/** A resource a value names, and the condition under which it does. */
export interface Target {
  node: GraphNode
  condition?: string
}

/** An edge as extractors describe it: between nodes rather than ids. */
export type EdgeSpec = Omit<GraphEdge, 'from' | 'to'> & { from: GraphNode; to: GraphNode }

/** Properties that hold a resource's physical name, so literal names and ARNs can be matched to it. */
export const NAME_PROPERTY_BY_KIND: Partial<Record<NodeKind, string[]>> = {
  queue: ['QueueName'],
  topic: ['TopicName'],
  function: ['FunctionName'],
  table: ['TableName'],
  bucket: ['BucketName'],
  'state-machine': ['StateMachineName', 'Name'],
  'event-bus': ['Name'],
  stream: ['Name'],
  'delivery-stream': ['DeliveryStreamName'],
  'log-group': ['LogGroupName'],
  secret: ['Name'],
  parameter: ['Name'],
}


/** Everything an edge extractor needs for one template: the nodes, name matching, locations. */
export class BuildContext {
  private readonly nodeByLogicalId = new Map<string, GraphNode>()
  private readonly nodesByPhysicalName = new Map<string, GraphNode[]>()

  constructor(
    readonly template: Template,
    readonly graph: ArchitectureGraph,
    /** `file#` when the graph spans several templates, so ids stay unique. */
    private readonly idPrefix: string,
  ) {}

  registerNode(node: GraphNode): GraphNode {
    const added = this.graph.addNode(node)
    this.nodeByLogicalId.set(node.logicalId, added)
    const names = NAME_PROPERTY_BY_KIND[node.kind] ?? []
    for (const property of names) {
      const name = node.resource?.properties[property]
      if (typeof name === 'string' && name !== '') {
        const list = this.nodesByPhysicalName.get(name) ?? []
        list.push(added)
        this.nodesByPhysicalName.set(name, list)
      }
    }
    return added
  }

  /** A node SAM or the service creates implicitly (e.g. `ServerlessHttpApi`), located where it is caused. */
  implicitNode(logicalId: string, type: string, createdBy: TemplateResource, location: Location, kind: NodeKind = kindOfType(type)): GraphNode {
    const existing = this.nodeByLogicalId.get(logicalId)
    if (existing) return existing
    return this.registerNode({
      id: this.idPrefix + logicalId,
      logicalId,
      type,
      kind,
      location,
      template: this.template,
      createdBy: createdBy.id,
    })
  }

  node(logicalId: string): GraphNode | undefined {
    return this.nodeByLogicalId.get(logicalId) ?? this.samGeneratedAlias(logicalId)
  }

  /** SAM names generated aliases and versions `<Function>Alias<name>` / `<Function>Version<hash>`: they are the function. */
  private samGeneratedAlias(logicalId: string): GraphNode | undefined {
    const match = /^(.+?)(Alias[A-Za-z0-9]+|Version[A-Za-z0-9]+)$/.exec(logicalId)
    const node = match ? this.nodeByLogicalId.get(match[1]!) : undefined
    return node?.kind === 'function' ? node : undefined
  }

  /**
   * The resources a value names: through `Ref`/`Fn::GetAtt`/`Fn::Sub`, both branches of `Fn::If`
   * (keeping the condition), and literal names or ARNs that match a resource's physical name.
   */
  targets(value: Value | undefined, expectedKinds?: readonly NodeKind[]): Target[] {
    const found: Target[] = []
    if (value !== undefined && value !== null && typeof value !== 'number' && typeof value !== 'boolean') this.collectTargets(value, undefined, expectedKinds, found)
    return found
  }

  // Methods, not closures made per call: this runs for every property that may name a resource.
  private collectTargets(current: Value | undefined, condition: string | undefined, expectedKinds: readonly NodeKind[] | undefined, found: Target[]): void {
    if (current instanceof Conditional) {
      this.collectTargets(current.whenTrue, condition ?? current.condition, expectedKinds, found)
      this.collectTargets(current.whenFalse, condition ?? current.condition, expectedKinds, found)
    } else if (current instanceof Unresolved) {
      for (const reference of current.references) addTarget(found, this.node(reference.id), condition, expectedKinds)
      if (current.references.length === 0 && current.text) for (const node of this.byPhysicalName(current.text, expectedKinds)) addTarget(found, node, condition, expectedKinds)
    } else if (Array.isArray(current)) {
      for (const item of current) this.collectTargets(item, condition, expectedKinds, found)
    } else if (typeof current === 'string') {
      for (const node of this.byPhysicalName(current, expectedKinds)) addTarget(found, node, condition, expectedKinds)
    }
  }

  /** Resources named by `${Id}` / `${Id.Attribute}` placeholders in a text (DefinitionString, OpenAPI uris). */
  targetsInText(text: string, expectedKinds?: readonly NodeKind[]): Target[] {
    const references = [...text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)].map((match) => ({ id: match[1]! }))
    const fromPlaceholders = this.targets(new Unresolved('text', references), expectedKinds)
    return fromPlaceholders.length > 0 ? fromPlaceholders : this.targets(text, expectedKinds)
  }

  private byPhysicalName(text: string, expectedKinds?: readonly NodeKind[]): GraphNode[] {
    if (text === '*' || text === '') return []
    const exact = this.nodesByPhysicalName.get(text)
    if (exact && expectedKinds) return exact
    // arn:aws:sqs:us-east-1:123456789012:orders, https://sqs.us-east-1.amazonaws.com/123/orders,
    // arn:aws:dynamodb:...:table/orders, arn:aws:lambda:...:function:name[:alias]
    const arn = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:(.+)$/.exec(text)
    const service = arn?.[1]
    const rest = arn?.[2] ?? (/^https:\/\/sqs\.[^/]+\/[^/]+\/(.+)$/.exec(text)?.[1])
    if (!rest) return []
    const candidates = rest.split(/[:/]/).filter((part) => part !== '')
    const matches: GraphNode[] = []
    for (const candidate of candidates) {
      for (const node of this.nodesByPhysicalName.get(candidate) ?? []) {
        const expectedService = AWS_SERVICE_BY_KIND[node.kind]
        if (service && expectedService !== service) continue
        if (!service && node.kind !== 'queue') continue
        matches.push(node)
      }
    }
    return matches
  }

  private readonly memos = new Map<string, unknown>()

  /** A per-template index an extractor needs, computed once. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute())
    return this.memos.get(key) as T
  }

  /** Location of a property path of a resource (in Globals when it came from there). */
  at(resource: TemplateResource, path: Path): Location {
    return this.template.locateProperty(resource.id, path)
  }

  edge(spec: EdgeSpec): void {
    const condition = spec.condition ?? spec.from.resource?.condition ?? spec.to.resource?.condition
    this.graph.addEdge({
      from: spec.from.id,
      to: spec.to.id,
      mode: spec.mode,
      via: spec.via,
      kind: spec.kind,
      location: spec.location,
      ...(condition ? { condition } : {}),
      ...(spec.label ? { label: spec.label } : {}),
      ...(spec.actions && spec.actions.length > 0 ? { actions: spec.actions } : {}),
    })
  }

  /**
   * Edges from `from` to every resource `value` names. The location may be given as a function:
   * most properties name nothing (no DLQ, no VPC), and locating a path costs a lookup per segment.
   */
  edgesTo(from: GraphNode, value: Value | undefined, spec: LazySpec<Omit<EdgeSpec, 'from' | 'to' | 'mode'>> & { mode: EdgeMode | ((to: GraphNode) => EdgeMode); expectedKinds?: readonly NodeKind[] }): void {
    if (value === undefined) return
    let location: Location | undefined
    for (const target of this.targets(value, spec.expectedKinds)) {
      location ??= typeof spec.location === 'function' ? spec.location() : spec.location
      // Field by field, not a spread of the spec: this runs for every edge of every template.
      this.edge({
        from, to: target.node, via: spec.via, kind: spec.kind, location,
        mode: typeof spec.mode === 'function' ? spec.mode(target.node) : spec.mode,
        condition: spec.condition ?? target.condition, label: spec.label, actions: spec.actions,
      })
    }
  }

  /** Edges from every resource `value` names to `to`. */
  edgesFrom(value: Value | undefined, to: GraphNode, spec: LazySpec<Omit<EdgeSpec, 'from' | 'to'>> & { expectedKinds?: readonly NodeKind[] }): void {
    if (value === undefined) return
    let location: Location | undefined
    for (const target of this.targets(value, spec.expectedKinds)) {
      location ??= typeof spec.location === 'function' ? spec.location() : spec.location
      this.edge({
        from: target.node, to, via: spec.via, kind: spec.kind, location, mode: spec.mode,
        condition: spec.condition ?? target.condition, label: spec.label, actions: spec.actions,
      })
    }
  }
}

/** An edge spec whose location may be computed when an edge is made. */
type LazySpec<T extends { location: Location }> = Omit<T, 'location'> & { location: Location | (() => Location) }

/** Adds a node to the targets found (each node once, with the first condition it was found under). */
function addTarget(found: Target[], node: GraphNode | undefined, condition: string | undefined, expectedKinds: readonly NodeKind[] | undefined): void {
  if (!node || (expectedKinds && !expectedKinds.includes(node.kind))) return
  for (const target of found) if (target.node.id === node.id) return
  found.push(condition ? { node, condition } : { node })
}
