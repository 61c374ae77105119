/**
 * What the security rules ask: which IAM statements a Lambda function's execution role grants
 * (and where each is written), which principals may invoke each function, and where an API
 * route's authorization is decided (the event, the API, SAM Globals, an OpenAPI definition).
 */
import type { Path } from '../../template/positions.js'
import { asRecord } from '../../template/sam.js'
import type { Template, TemplateResource } from '../../template/template.js'
import { asArray, asMap, asString, displayText, possibleValues, referencesIn, type Value, type ValueMap } from '../../template/values.js'
import { own } from '../../util/own.js'

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function'])

// ---------------------------------------------------------------------------------------------
// IAM statements of function roles

/** One Allow statement (one branch of it, under `Fn::If`) that a function's role grants. */
export interface FunctionRoleStatement {
  /** The resource it is written in: the SAM function (inline `Policies`), the role, or the policy. */
  owner: TemplateResource
  /** Path of the statement within the owner's Properties. */
  path: Path
  /** Owner and path: the branches of one conditional statement share it. */
  key: string
  /** Actions known as text (an unresolved action is left out). */
  actions: string[]
  /** Resources known as text. */
  resources: string[]
}

/** Roles that Lambda functions run as: named by a function's `Role`, or trusting `lambda.amazonaws.com`. */
export function lambdaRoleIds(template: Template): Set<string> {
  const roles = new Set<string>()
  for (const resource of template.resources.values()) {
    if (FUNCTION_TYPES.has(resource.type)) {
      for (const reference of referencesIn(resource.properties.Role)) {
        if (template.resources.get(reference.id)?.type === 'AWS::IAM::Role') roles.add(reference.id)
      }
    } else if (resource.type === 'AWS::IAM::Role' && trustsLambda(resource)) {
      roles.add(resource.id)
    }
  }
  return roles
}

function trustsLambda(role: TemplateResource): boolean {
  const statements = asArray(asMap(role.properties.AssumeRolePolicyDocument)?.Statement).flatMap(possibleValues)
  return statements.some((statement) => {
    const services = asArray(asMap(asMap(statement)?.Principal)?.Service).flatMap(possibleValues).map(displayText)
    return services.some((service) => service === 'lambda.amazonaws.com' || service === 'edgelambda.amazonaws.com')
  })
}

/** The Allow statements of a policy document, each branch of an `Fn::If` on its own. */
function statementsIn(owner: TemplateResource, document: Value | undefined, basePath: Path): FunctionRoleStatement[] {
  const list = asMap(document)?.Statement
  const items: [Value, Path][] = Array.isArray(list)
    ? list.map((item, index) => [item, [...basePath, 'Statement', index]])
    : list === undefined ? [] : [[list, [...basePath, 'Statement']]]
  const found: FunctionRoleStatement[] = []
  for (const [raw, path] of items) {
    for (const candidate of possibleValues(raw)) {
      const statement = asMap(candidate)
      if (!statement || asString(statement.Effect) !== 'Allow') continue
      found.push({ owner, path, key: `${owner.id} ${path.join('.')}`, actions: textsOf(statement.Action), resources: textsOf(statement.Resource) })
    }
  }
  return found
}

/** Every text a string-or-list property may hold, through conditions. */
function textsOf(value: Value | undefined): string[] {
  return asArray(value).flatMap(possibleValues).flatMap((item) => (Array.isArray(item) ? item.flatMap(possibleValues) : [item])).map(displayText).filter((text): text is string => text !== undefined)
}

/**
 * The statements granted to Lambda execution roles: SAM function inline `Policies` (when SAM
 * generates the role), inline policies of function roles, and `AWS::IAM::Policy` /
 * `AWS::IAM::ManagedPolicy` attached to them (by `Roles`, or by the role's `ManagedPolicyArns`).
 */
export function functionRoleStatements(template: Template): FunctionRoleStatement[] {
  const roles = lambdaRoleIds(template)
  const statements: FunctionRoleStatement[] = []
  const attachedPolicies = new Set<string>()
  for (const resource of template.resources.values()) {
    const properties = resource.properties
    if (resource.type === 'AWS::Serverless::Function' && properties.Role === undefined) {
      // SAM ignores Policies when Role is given.
      asArray(properties.Policies).forEach((entry, index) => {
        const policy = asMap(entry)
        if (policy?.Statement !== undefined) statements.push(...statementsIn(resource, policy, ['Policies', index]))
      })
    } else if (resource.type === 'AWS::IAM::Role' && roles.has(resource.id)) {
      asArray(properties.Policies).forEach((policy, index) => {
        statements.push(...statementsIn(resource, asMap(policy)?.PolicyDocument, ['Policies', index, 'PolicyDocument']))
      })
      for (const reference of referencesIn(properties.ManagedPolicyArns)) {
        if (template.resources.get(reference.id)?.type === 'AWS::IAM::ManagedPolicy') attachedPolicies.add(reference.id)
      }
    } else if ((resource.type === 'AWS::IAM::Policy' || resource.type === 'AWS::IAM::ManagedPolicy') && referencesIn(properties.Roles).some((reference) => roles.has(reference.id))) {
      attachedPolicies.add(resource.id)
    }
  }
  for (const id of attachedPolicies) {
    const policy = template.resources.get(id)!
    statements.push(...statementsIn(policy, policy.properties.PolicyDocument, ['PolicyDocument']))
  }
  return statements
}

/** The AWS managed policy that allows every action on every resource. */
const ADMINISTRATOR_ACCESS = /(^|:policy\/)AdministratorAccess$/

/** Where a function's role is given the AWS managed `AdministratorAccess` policy. */
export function administratorAccessGrants(template: Template): { owner: TemplateResource; path: Path }[] {
  const roles = lambdaRoleIds(template)
  const grants: { owner: TemplateResource; path: Path }[] = []
  for (const resource of template.resources.values()) {
    const list = resource.type === 'AWS::Serverless::Function' && resource.properties.Role === undefined
      ? { name: 'Policies', value: resource.properties.Policies }
      : resource.type === 'AWS::IAM::Role' && roles.has(resource.id) ? { name: 'ManagedPolicyArns', value: resource.properties.ManagedPolicyArns } : undefined
    if (!list) continue
    asArray(list.value).forEach((item, index) => {
      if (possibleValues(item).some((value) => ADMINISTRATOR_ACCESS.test(displayText(value) ?? ''))) grants.push({ owner: resource, path: [list.name, index] })
    })
  }
  return grants
}

/** `*` or a whole service (`s3:*`). A family of actions (`s3:Get*`, `kafka-cluster:*Topic*`) is a deliberate choice. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[^:]+:\*+$/.test(action)
}

export function isFullWildcard(statement: FunctionRoleStatement): boolean {
  return statement.actions.some((action) => action === '*' || action === '*:*') && statement.resources.includes('*')
}

// ---------------------------------------------------------------------------------------------
// Who may invoke a function

/**
 * SAM event types for which SAM adds an `AWS::Lambda::Permission`, and its principal. Queue and
 * stream events (polled by Lambda with the function's role) and ScheduleV2 (a role) add none.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html
 */
const SAM_EVENT_PRINCIPALS: Record<string, string> = {
  Api: 'apigateway.amazonaws.com',
  HttpApi: 'apigateway.amazonaws.com',
  SNS: 'sns.amazonaws.com',
  S3: 's3.amazonaws.com',
  Schedule: 'events.amazonaws.com',
  EventBridgeRule: 'events.amazonaws.com',
  CloudWatchEvent: 'events.amazonaws.com',
  CloudWatchLogs: 'logs.amazonaws.com',
  IoTRule: 'iot.amazonaws.com',
  AlexaSkill: 'alexa-appkit.amazon.com',
  Cognito: 'cognito-idp.amazonaws.com',
}

/** The principal a SAM event grants invoke permission to, if it grants one. */
export function samEventPrincipal(event: ValueMap): string | undefined {
  const type = asString(event.Type)
  if (!type) return undefined
  // SNS with SqsSubscription: the queue is polled, SNS never invokes the function.
  if (type === 'SNS') {
    const subscription = asMap(event.Properties)?.SqsSubscription
    if (subscription !== undefined && subscription !== false && subscription !== 'false') return undefined
  }
  return own(SAM_EVENT_PRINCIPALS, type)
}

/** `logs.eu-west-1.amazonaws.com`, `logs.${AWS::Region}.amazonaws.com` and `logs.amazonaws.com` are one service. */
export function principalIdentity(principal: string): string {
  const service = /^([a-z0-9-]+)\.(?:[^.]+\.)?amazonaws\.com(?:\.cn)?$/.exec(principal)
  return service ? `${service[1]}.amazonaws.com` : principal
}

/** The functions a `FunctionName` (a Ref, GetAtt, ARN or name, possibly of an alias or version) designates. */
export function functionsNamedBy(template: Template, value: Value | undefined, functionsByName: ReadonlyMap<string, TemplateResource>, depth = 0): TemplateResource[] {
  const found = new Map<string, TemplateResource>()
  const references = referencesIn(value)
  for (const reference of references) {
    const named = template.resources.get(reference.id)
    if (named && FUNCTION_TYPES.has(named.type)) found.set(named.id, named)
    else if (named && (named.type === 'AWS::Lambda::Alias' || named.type === 'AWS::Lambda::Version') && depth < 2) {
      for (const fn of functionsNamedBy(template, named.properties.FunctionName, functionsByName, depth + 1)) found.set(fn.id, fn)
    } else if (!named) {
      // SAM's generated `<Function>Alias<name>` / `<Function>Version<hash>`.
      const generated = /^(.+?)(?:Alias|Version)[A-Za-z0-9]+$/.exec(reference.id)
      const fn = generated ? template.resources.get(generated[1]!) : undefined
      if (fn && FUNCTION_TYPES.has(fn.type)) found.set(fn.id, fn)
    }
  }
  const text = references.length === 0 ? asString(value) : undefined
  if (text) {
    // arn:aws:lambda:region:account:function:name[:qualifier], account:name, or name.
    const name = /:function:([^:]+)/.exec(text)?.[1] ?? text.split(':').pop()!
    const fn = functionsByName.get(name)
    if (fn) found.set(fn.id, fn)
  }
  return [...found.values()]
}

/** Functions by the physical name they are given (`FunctionName`). */
export function functionsByName(template: Template): Map<string, TemplateResource> {
  const byName = new Map<string, TemplateResource>()
  for (const resource of template.resources.values()) {
    const name = FUNCTION_TYPES.has(resource.type) ? asString(resource.properties.FunctionName) : undefined
    if (name) byName.set(name, resource)
  }
  return byName
}

/** A principal that is an AWS service (`sns.amazonaws.com`, `logs.${AWS::Region}.amazonaws.com`). */
export function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9-]+\.(?:[^.]+\.)?amazonaws\.com(?:\.cn)?$/.test(principal)
}

// ---------------------------------------------------------------------------------------------
// API authorization

/**
 * A SAM Globals section as written (raw, then resolved): what applies to the implicit APIs,
 * which have no resource for Globals to be merged into.
 */
export function samGlobals(template: Template, section: string): ValueMap | undefined {
  const raw = asRecord(asRecord(asRecord(template.document.root)?.Globals)?.[section])
  return raw ? asMap(template.resolve(raw)) : undefined
}

/** The path of an `AWS::ApiGateway::Resource`, following ParentId up to the root (`/` for the root). */
export function restResourcePath(template: Template, resourceId: Value | undefined): string | undefined {
  const parts: string[] = []
  let current = resourceId
  for (let depth = 0; depth < 30; depth++) {
    const [reference] = referencesIn(current)
    if (!reference || reference.attribute === 'RootResourceId') return '/' + parts.join('/')
    const pathResource = template.resources.get(reference.id)
    if (pathResource?.type !== 'AWS::ApiGateway::Resource') return undefined
    parts.unshift(asString(pathResource.properties.PathPart) ?? '{?}')
    current = pathResource.properties.ParentId
  }
  return undefined
}

/** The raw value a resource's property had in the user's file (own, else SAM Globals), before resolution. */
export function rawProperty(template: Template, resource: TemplateResource, path: readonly string[]): unknown {
  const root = asRecord(template.document.root)
  const dig = (start: unknown): unknown => path.reduce<unknown>((current, key) => asRecord(current)?.[key], start)
  const ownValue = dig(asRecord(asRecord(asRecord(root?.Resources)?.[resource.id])?.Properties))
  if (ownValue !== undefined) return ownValue
  const section = resource.type === 'AWS::Serverless::Function' ? 'Function' : undefined
  return section ? dig(asRecord(asRecord(root?.Globals)?.[section])) : undefined
}

/**
 * Whether a raw value names (`Ref`, `${Name}` in `Fn::Sub`) a parameter whose value is not in the
 * template: `NoEcho`, or an `AWS::SSM::Parameter::Value<...>` type (its Default is the parameter's name).
 */
export function namesHiddenParameter(template: Template, raw: unknown): boolean {
  const parameters = asRecord(asRecord(template.document.root)?.Parameters) ?? {}
  const isHidden = (name: string) => {
    const definition = asRecord(Object.hasOwn(parameters, name) ? parameters[name] : undefined)
    const noEcho = definition?.NoEcho
    const type = definition?.Type
    return noEcho === true || (typeof noEcho === 'string' && noEcho.toLowerCase() === 'true') || (typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value<'))
  }
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 20 || value === null || typeof value !== 'object') return false
    if (Array.isArray(value)) return value.some((item) => visit(item, depth + 1))
    const map = value as Record<string, unknown>
    if (typeof map.Ref === 'string' && isHidden(map.Ref)) return true
    const sub = map['Fn::Sub']
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined
    if (text && [...text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].some((match) => isHidden(match[1]!))) return true
    return Object.values(map).some((item) => visit(item, depth + 1))
  }
  return visit(raw, 0)
}
