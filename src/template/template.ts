import { UserError } from '../errors.js'
import { ConditionEvaluator, checkIntrinsicNames, IntrinsicResolver, PSEUDO_PARAMETERS } from './intrinsics.js'
import type { ParsedDocument } from './parse.js'
import type { Location, Path, PositionIndex } from './positions.js'
import { asRecord, GLOBALS_SECTION_BY_TYPE, isSamTemplate, mergeGlobals } from './sam.js'
import { Unresolved, type Value, type ValueMap } from './values.js'
import { own } from '../util/own.js'

/** Where a template comes from, which changes how its resources are named and read. */
export type TemplateFlavor = 'sam' | 'cloudformation' | 'cdk' | 'serverless'

export interface TemplateResource {
  /** The logical id in the user's template. */
  id: string
  type: string
  /** Properties with SAM Globals applied and intrinsics resolved as far as they statically can be. */
  properties: ValueMap
  /** The resource's `Condition`, if it is only created under one. */
  condition?: string
  metadata: Record<string, unknown>
  location: Location
}

export interface ReadOptions {
  /** `--parameter K=V` values; they override parameter defaults and decide conditions. */
  parameters?: Readonly<Record<string, string>>
}

export class Template {
  readonly resources = new Map<string, TemplateResource>()
  /** Local files the template names (state machine and OpenAPI `DefinitionUri`), parsed, by the path as written. */
  readonly attachedFiles = new Map<string, ParsedDocument>()
  /** Problems that do not stop reading (e.g. a missing DefinitionUri file): shown as warnings. */
  readonly warnings: UserError[] = []
  readonly flavor: TemplateFlavor
  readonly conditions: ConditionEvaluator
  private readonly resolver: IntrinsicResolver
  private readonly root: Record<string, unknown>
  private readonly positions: PositionIndex
  /** For properties that came from `Globals`: the section they came from. */
  private readonly globalsSectionOf = new Map<string, string>()

  constructor(readonly document: ParsedDocument, options: ReadOptions = {}) {
    const { file } = document
    const root = asRecord(document.root)
    if (!root) throw new UserError('not a CloudFormation template: the top level is not a map', { file, line: 1, column: 1 })
    this.root = root
    this.positions = document.positions
    const resources = asRecord(root.Resources)
    if (!resources || Object.keys(resources).length === 0) {
      const where = root.Resources === undefined ? { line: 1, column: 1 } : this.locate(['Resources'])
      throw new UserError('template has no Resources', { file, ...where }, 'a CloudFormation template needs a Resources section with at least one resource')
    }
    checkIntrinsicNames(file, root, this.positions)

    const resourceIds = new Set(Object.keys(resources))
    const declared = asRecord(root.Parameters) ?? {}
    const fixed = new Map<string, Value>()
    for (const [name, text] of Object.entries(options.parameters ?? {})) {
      if (Object.hasOwn(declared, name) || PSEUDO_PARAMETERS.has(name)) fixed.set(name, parameterValue(declared[name], text))
    }
    const values = new Map<string, Value>()
    for (const [name, definition] of Object.entries(declared)) {
      const fallback = asRecord(definition)?.Default
      values.set(name, fixed.get(name) ?? (fallback === undefined ? new Unresolved('Ref', [], `\${${name}}`) : parameterValue(definition, fallback)))
    }
    for (const [name, value] of fixed) values.set(name, value)

    this.conditions = new ConditionEvaluator(asRecord(root.Conditions) ?? {}, fixed, new Set(Object.keys(declared)), resourceIds, root.Mappings)
    this.resolver = new IntrinsicResolver({
      parameters: values,
      resourceIds,
      mappings: root.Mappings,
      conditionValue: (name) => this.conditions.value(name),
    })
    this.flavor = detectFlavor(file, root, resources)
    const globals = this.flavor === 'sam' ? asRecord(root.Globals) ?? {} : {}

    for (const [id, definition] of Object.entries(resources)) {
      // Language-extension loops (Fn::ForEach::Name) generate resources at deploy time; not expanded yet.
      if (id.startsWith('Fn::ForEach::')) continue
      const resource = asRecord(definition)
      const type = resource?.Type
      if (typeof type !== 'string') {
        throw new UserError(`resource ${id} has no Type`, { file, ...this.locate(['Resources', id]) }, 'give every resource a Type such as AWS::Lambda::Function')
      }
      const condition = typeof resource!.Condition === 'string' ? resource!.Condition : undefined
      // A resource whose condition is known to be false is not created.
      if (condition && this.conditions.value(condition) === false) continue
      let rawProperties: unknown = resource!.Properties ?? {}
      const section = own(GLOBALS_SECTION_BY_TYPE, type)
      if (section && asRecord(globals[section])) {
        const own = asRecord(rawProperties) ?? {}
        const sectionValues = asRecord(globals[section])!
        for (const key of Object.keys(sectionValues)) if (!Object.hasOwn(own, key)) this.globalsSectionOf.set(`${id}\u0000${key}`, section)
        rawProperties = mergeGlobals(sectionValues, own)
      }
      const properties = asRecord(this.resolver.resolve(rawProperties)) as ValueMap | undefined
      this.resources.set(id, {
        id,
        type,
        properties: properties ?? {},
        condition,
        metadata: asRecord(resource!.Metadata) ?? {},
        location: { file, ...this.locate(['Resources', id]) },
      })
    }
  }

  get file(): string {
    return this.document.file
  }

  get parameterNames(): string[] {
    return Object.keys(asRecord(this.root.Parameters) ?? {})
  }

  declaresParameter(name: string): boolean {
    return Object.hasOwn(asRecord(this.root.Parameters) ?? {}, name)
  }

  get description(): string | undefined {
    return typeof this.root.Description === 'string' ? this.root.Description : undefined
  }

  /** Resolves a raw value found elsewhere in the template (e.g. inside an attached file) in this template's context. */
  resolve(raw: unknown): Value {
    return this.resolver.resolve(raw)
  }

  /** The position of `path` (from the top of the template), or of its deepest ancestor that exists. */
  locate(path: Path): { line: number; column: number } {
    return this.positions.locate(this.root, path)
  }

  /**
   * Where a resource's property is written: in the resource itself, or in `Globals` when it
   * came from there (SAM), so a finding always points at the user's own text.
   */
  locateProperty(resourceId: string, path: Path): Location {
    const section = typeof path[0] === 'string' ? this.globalsSectionOf.get(`${resourceId}\u0000${path[0]}`) : undefined
    const fullPath = section ? ['Globals', section, ...path] : ['Resources', resourceId, 'Properties', ...path]
    return { file: this.file, ...this.locate(fullPath) }
  }
}

function parameterValue(definition: unknown, value: unknown): Value {
  const type = String(asRecord(definition)?.Type ?? '')
  if (typeof value === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'))) return value.split(',').map((item) => item.trim())
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return new Unresolved('Ref', [])
}

function detectFlavor(file: string, root: Record<string, unknown>, resources: Record<string, unknown>): TemplateFlavor {
  if (isSamTemplate(root)) return 'sam'
  const definitions = Object.values(resources).map(asRecord)
  if (definitions.some((resource) => resource?.Type === 'AWS::CDK::Metadata' || asRecord(resource?.Metadata)?.['aws:cdk:path'] !== undefined)) return 'cdk'
  if (/(^|[\\/])\.serverless[\\/]/.test(file) || Object.hasOwn(resources, 'ServerlessDeploymentBucket')) return 'serverless'
  return 'cloudformation'
}
