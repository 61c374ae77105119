/**
 * AWS SDK calls in handler code: SDK v3 commands sent by a client (`client.send(new XCommand(input))`),
 * v3 aggregated clients (`new SQS().sendMessage(input)`), `@aws-sdk/lib-dynamodb`, SDK v2
 * (`new AWS.Lambda().invoke(params).promise()`, callbacks) and Powertools Parameters. A call counts
 * only when its command or client is traced to an import from an AWS package, so a local `send`
 * or another library's `invoke` is not an SDK call. Read syntactically (see values.ts).
 */
import type { Node, SourceFile, ts as TypeScript } from 'ts-morph'

import {
  documentClientOperation, operationOf, operationOfMethod, POWERTOOLS_FUNCTIONS, type ResolvedOperation, serviceOfPackage,
  serviceOfV2Class, serviceOfV2Module, type ServiceSpec,
} from './sdk-operations.js'
import { bindingOf, enclosingLoop, isFunction, isKind, moduleBindings, type NodeOfKind, outermostWrapper, requiredModule, unwrapExpression } from './syntax.js'
import type { CodeProject, CodeValue, SdkCall } from './types.js'
import { callSiteFileReadCount, dedupe, findDeclaration, resolveProperty, resolveValue, traceExpression } from './values.js'
import { descendantsOfKind, tsMorph, unwrapCompilerNode } from './walk.js'

type CallNode = NodeOfKind<'CallExpression'>

/** The project and the handler's own files: a helper's parameters are followed to calls in these files only. */
interface Reader {
  project: CodeProject
  files: readonly SourceFile[]
}

/**
 * The SDK calls at a call expression, when they do not depend on the handler's files (no helper
 * parameter was followed to its call sites): a library file imported by 500 handlers is read once.
 */
const independentCalls = new WeakMap<object, SdkCall[]>()

/** Every SDK call in the files (a handler's entry and what it imports), in file order. */
export function findSdkCalls(files: readonly SourceFile[], project: CodeProject): SdkCall[] {
  const calls: SdkCall[] = []
  const reader: Reader = { project, files }
  for (const file of new Set(files)) {
    for (const node of descendantsOfKind(file, 'CallExpression', mayBeSdkCall(file))) {
      const cached = independentCalls.get(node.compilerNode)
      if (cached) {
        calls.push(...cached)
        continue
      }
      const readsBefore = callSiteFileReadCount()
      let found: SdkCall[] = []
      try {
        found = sdkCallsAt(node, reader)
      } catch {
        // Code lambdawise cannot read is not an SDK call it can report; never a crash.
      }
      if (callSiteFileReadCount() === readsBefore) independentCalls.set(node.compilerNode, found)
      calls.push(...found)
    }
  }
  return calls
}

/**
 * What `sdkCallsAt` can match, read on compiler nodes so that other calls are never wrapped: a
 * method call (`x.y()`, read by tracing `x`) or a call of a name imported from Powertools.
 */
function mayBeSdkCall(file: SourceFile): (call: TypeScript.Node) => boolean {
  const { ts } = tsMorph()
  const bindings = moduleBindings(file)
  return (call) => {
    const callee = unwrapCompilerNode((call as TypeScript.CallExpression).expression)
    if (ts.isPropertyAccessExpression(callee)) return true
    if (!ts.isIdentifier(callee)) return false
    const binding = bindings.get(callee.getText(file.compilerNode))
    if (!binding) return false
    return binding.module.startsWith('@aws-lambda-powertools/parameters') || (binding.module.startsWith('@aws-sdk/') && binding.imported.startsWith('paginate'))
  }
}

function sdkCallsAt(call: CallNode, reader: Reader): SdkCall[] {
  const callee = unwrapExpression(call.getExpression())
  const paginated = paginatorCall(call, callee, reader)
  if (paginated) return paginated
  if (isKind(callee, 'Identifier')) return powertoolsCall(call, callee, reader)
  if (!isKind(callee, 'PropertyAccessExpression')) return []
  const method = callee.getName()
  if (method === 'send') {
    const sent = sentCommands(call, reader)
    if (sent.length > 0) return sent
  }
  return clientMethodCall(call, callee.getExpression(), method, reader)
}

/** `client.send(command)`: each `new XCommand(input)` the argument may be (a ternary gives several). */
function sentCommands(call: CallNode, reader: Reader): SdkCall[] {
  const [argument] = call.getArguments()
  if (!argument) return []
  const found: SdkCall[] = []
  for (const candidate of traceExpression(argument, reader.project, undefined, reader.files)) {
    if (!isKind(candidate, 'NewExpression')) continue
    const operation = commandOperation(candidate.getExpression())
    if (operation) found.push(sdkCall(operation, 'v3', call, candidate.getArguments()[0], reader))
  }
  return found
}

/**
 * `paginateQuery(config, input)`, `paginateListObjectsV2(config, input)`: a paginator imported from
 * an `@aws-sdk/*` package sends operation X for each page, with `input` as the request. Iterating
 * it with `for await` is the intended use, so it is never counted as awaited in a loop.
 */
function paginatorCall(call: CallNode, callee: Node, reader: Reader): SdkCall[] | undefined {
  if (isKind(callee, 'PropertyAccessExpression') ? !callee.getName().startsWith('paginate') : !isKind(callee, 'Identifier')) return undefined
  const bound = bindingOf(callee)
  if (!bound || !bound.binding.module.startsWith('@aws-sdk/')) return undefined
  const { binding, members } = bound
  const name = binding.imported === '*' || binding.imported === 'default' ? (members.length === 1 ? members[0] : undefined) : members.length === 0 ? binding.imported : undefined
  if (!name?.startsWith('paginate') || name.length === 'paginate'.length) return undefined
  if (!isImported(isKind(callee, 'Identifier') ? callee : rootOf(callee))) return undefined
  const operationName = name.slice('paginate'.length)
  const service = binding.module === '@aws-sdk/lib-dynamodb' ? undefined : serviceOfPackage(binding.module)
  const operation = binding.module === '@aws-sdk/lib-dynamodb' ? documentClientOperation(operationName) : service && operationOf(service, operationName)
  if (!operation) return []
  const input = call.getArguments()[1]
  return [{
    service: operation.service, operation: operation.operation, actions: operation.actions, style: 'v3',
    location: reader.project.locationOf(call), targets: input ? targetsOf(operation, input, reader) : [], mode: 'sync', awaitedInLoop: false,
  }]
}

/** `a` of `a.b.c`. */
function rootOf(expression: Node): Node {
  let current = unwrapExpression(expression)
  while (isKind(current, 'PropertyAccessExpression')) current = unwrapExpression(current.getExpression())
  return current
}

/** `InvokeCommand` from `@aws-sdk/client-lambda` → lambda Invoke; `PutCommand` from lib-dynamodb → dynamodb PutItem. */
function commandOperation(classExpression: Node): ResolvedOperation | undefined {
  const bound = bindingOf(classExpression)
  if (!bound) return undefined
  const { binding, members } = bound
  const className = binding.imported === '*' || binding.imported === 'default' ? members[0] : members.length === 0 ? binding.imported : undefined
  const operation = className?.endsWith('Command') ? className.slice(0, -'Command'.length) : undefined
  if (!operation) return undefined
  if (binding.module === '@aws-sdk/lib-dynamodb') return documentClientOperation(operation)
  const service = serviceOfPackage(binding.module)
  return service ? operationOf(service, operation) : undefined
}

/** What a client object is: its service, SDK style, and whether it is a DynamoDB DocumentClient. */
interface ClientShape {
  service: ServiceSpec | undefined
  style: 'v3-aggregated' | 'v2' | 'powertools'
  documentClient: boolean
  /** Powertools providers: `get`/`getMultiple` → these operations. */
  powertools?: 'ssm' | 'secrets'
}

/** `client.operation(input)` on an aggregated v3 client, a v2 client (with `.promise()` or a callback) or a Powertools provider. */
function clientMethodCall(call: CallNode, receiver: Node, method: string, reader: Reader): SdkCall[] {
  const client = traceExpression(receiver, reader.project, undefined, reader.files).map(clientShape).find((shape) => shape !== undefined)
  if (!client) return []
  const input = call.getArguments()[0]
  if (client.powertools) return powertoolsProviderCall(call, client.powertools, method, reader)
  const operation = client.documentClient ? documentClientOperation(method) : client.service && operationName(method, client.service)
  return operation ? [sdkCall(operation, client.style, call, input, reader)] : []
}

function operationName(method: string, service: ServiceSpec): ResolvedOperation | undefined {
  const name = operationOfMethod(method)
  return name ? operationOf(service, name) : undefined
}

/** The client a constructor call or `DynamoDBDocumentClient.from(client)` makes, if it is an AWS SDK client. */
function clientShape(node: Node): ClientShape | undefined {
  let classExpression: Node | undefined
  if (isKind(node, 'NewExpression')) classExpression = node.getExpression()
  else if (isKind(node, 'CallExpression')) {
    const callee = unwrapExpression(node.getExpression())
    if (isKind(callee, 'PropertyAccessExpression') && callee.getName() === 'from') classExpression = callee.getExpression()
  }
  const bound = classExpression && bindingOf(classExpression)
  if (!bound) return undefined
  const { module, imported } = bound.binding
  const path = imported === '*' || imported === 'default' ? bound.members : [imported, ...bound.members]
  const className = path.join('.')
  if (module === '@aws-sdk/lib-dynamodb') return className === 'DynamoDBDocument' ? { service: undefined, style: 'v3-aggregated', documentClient: true } : undefined
  if (module.startsWith('@aws-sdk/client-')) {
    // `LambdaClient` only sends commands; `Lambda` has a method per operation.
    return path.length === 1 && !className.endsWith('Client') ? { service: serviceOfPackage(module), style: 'v3-aggregated', documentClient: false } : undefined
  }
  if (module === 'aws-sdk') return v2Client(path)
  const v2Module = serviceOfV2Module(module)
  if (v2Module) {
    const documentClient = path.at(-1) === 'DocumentClient'
    return { service: v2Module, style: 'v2', documentClient }
  }
  if (module.startsWith('@aws-lambda-powertools/parameters')) {
    if (className === 'SSMProvider') return { service: undefined, style: 'powertools', documentClient: false, powertools: 'ssm' }
    if (className === 'SecretsProvider') return { service: undefined, style: 'powertools', documentClient: false, powertools: 'secrets' }
  }
  return undefined
}

/** `AWS.Lambda`, `AWS.DynamoDB.DocumentClient` (path after the `aws-sdk` import). */
function v2Client(path: readonly string[]): ClientShape | undefined {
  if (path.length === 2 && path[0] === 'DynamoDB' && path[1] === 'DocumentClient') return { service: undefined, style: 'v2', documentClient: true }
  const service = path.length === 1 ? serviceOfV2Class(path[0]!) : undefined
  return service ? { service, style: 'v2', documentClient: false } : undefined
}

/** `getParameter(name)`, `getSecret(name)` from `@aws-lambda-powertools/parameters/*`. */
function powertoolsCall(call: CallNode, callee: Node, reader: Reader): SdkCall[] {
  // The module binding first: a map lookup, where `isImported` searches the scopes.
  const bound = bindingOf(callee)
  if (!bound || !bound.binding.module.startsWith('@aws-lambda-powertools/parameters') || bound.members.length > 0) return []
  if (!isImported(callee)) return []
  const known = Object.hasOwn(POWERTOOLS_FUNCTIONS, bound.binding.imported) ? POWERTOOLS_FUNCTIONS[bound.binding.imported] : undefined
  if (!known) return []
  const [argument] = call.getArguments()
  const targets = !argument ? [] : known.operation === 'GetParameters' ? objectKeys(argument, [], reader) : resolveValue(argument, reader.project, undefined, reader.files)
  return [{
    service: known.service, operation: known.operation, actions: known.actions, style: 'powertools',
    location: reader.project.locationOf(call), targets, mode: 'sync', awaitedInLoop: isAwaitedInLoop(call),
  }]
}

/** Declared by an import or a `require` (not a local function of the same name). */
function isImported(identifier: Node): boolean {
  const declaration = findDeclaration(identifier)
  if (isKind(declaration, 'ImportSpecifier') || isKind(declaration, 'ImportClause') || isKind(declaration, 'NamespaceImport')) return true
  const variable = isKind(declaration, 'BindingElement') ? declaration.getFirstAncestor((ancestor) => isKind(ancestor, 'VariableDeclaration')) : declaration
  if (!isKind(variable, 'VariableDeclaration') || !variable.getInitializer()) return false
  const initializer = unwrapExpression(variable.getInitializer()!)
  return requiredModule(isKind(initializer, 'PropertyAccessExpression') ? unwrapExpression(initializer.getExpression()) : initializer) !== undefined
}

/** `new SSMProvider().get(name)`, `new SecretsProvider().get(name)`. */
function powertoolsProviderCall(call: CallNode, provider: 'ssm' | 'secrets', method: string, reader: Reader): SdkCall[] {
  const functionName = provider === 'secrets' ? (method === 'get' ? 'getSecret' : undefined) : method === 'get' ? 'getParameter' : method === 'getMultiple' ? 'getParameters' : undefined
  const known = functionName ? POWERTOOLS_FUNCTIONS[functionName] : undefined
  const [argument] = call.getArguments()
  if (!known) return []
  return [{
    service: known.service, operation: known.operation, actions: known.actions, style: 'powertools',
    location: reader.project.locationOf(call), targets: argument ? resolveValue(argument, reader.project, undefined, reader.files) : [], mode: 'sync', awaitedInLoop: isAwaitedInLoop(call),
  }]
}

function sdkCall(operation: ResolvedOperation, style: SdkCall['style'], call: CallNode, input: Node | undefined, reader: Reader): SdkCall {
  return {
    service: operation.service,
    operation: operation.operation,
    actions: operation.actions,
    style,
    location: reader.project.locationOf(call),
    targets: input ? targetsOf(operation, input, reader) : [],
    mode: modeOf(operation, input, reader),
    awaitedInLoop: isAwaitedInLoop(call),
  }
}

/** The values of the request parameters that name the resource (see OperationSpec.resource). */
function targetsOf(operation: ResolvedOperation, input: Node, reader: Reader): CodeValue[] {
  const targets: CodeValue[] = []
  for (const path of operation.spec.resource ?? []) {
    const keysAt = path.indexOf('{}')
    if (keysAt >= 0) targets.push(...objectKeys(input, path.slice(0, keysAt), reader))
    else {
      const whenAbsent = operation.spec.resourceWhenAbsent
      targets.push(...resolveProperty(input, path, reader.project, { callSiteFiles: reader.files, ...(whenAbsent === undefined ? {} : { whenAbsent }) }))
    }
  }
  return dedupe(targets)
}

/** The keys of an object in the request (`RequestItems: { [TABLE]: [...] }` names its tables by key). */
function objectKeys(input: Node, path: readonly string[], reader: Reader): CodeValue[] {
  let objects = traceExpression(input, reader.project, undefined, reader.files)
  for (const segment of path) {
    objects = objects.flatMap((object) => {
      const property = isKind(object, 'ObjectLiteralExpression') ? object.getProperty(segment) : undefined
      if (isKind(property, 'PropertyAssignment') && property.getInitializer()) return traceExpression(property.getInitializer()!, reader.project, undefined, reader.files)
      if (isKind(property, 'ShorthandPropertyAssignment')) return traceExpression(property.getNameNode(), reader.project, undefined, reader.files)
      return isKind(object, 'ObjectLiteralExpression') ? [] : [object]
    })
  }
  const keys: CodeValue[] = []
  for (const object of objects) {
    if (!isKind(object, 'ObjectLiteralExpression')) {
      keys.push({ kind: 'unknown', location: reader.project.locationOf(object) })
      continue
    }
    for (const property of object.getProperties()) {
      const name = isKind(property, 'PropertyAssignment') || isKind(property, 'ShorthandPropertyAssignment') ? property.getNameNode() : undefined
      if (isKind(name, 'ComputedPropertyName')) keys.push(...resolveValue(name.getExpression(), reader.project, undefined, reader.files))
      else if (isKind(name, 'Identifier') || isKind(name, 'StringLiteral')) {
        keys.push({ kind: 'literal', text: isKind(name, 'StringLiteral') ? name.getLiteralText() : name.getText(), location: reader.project.locationOf(name) })
      } else keys.push({ kind: 'unknown', location: reader.project.locationOf(property) })
    }
  }
  return keys
}

/** Whether the caller waits; Lambda's Invoke: by InvocationType (absent → RequestResponse, `Event` → async, not literal → unknown). */
function modeOf(operation: ResolvedOperation, input: Node | undefined, reader: Reader): SdkCall['mode'] {
  if (operation.spec.mode === 'async') return 'async'
  if (operation.spec.mode !== 'invocation-type') return 'sync'
  if (!input) return 'sync'
  const types = resolveProperty(input, ['InvocationType'], reader.project, { whenAbsent: 'RequestResponse', callSiteFiles: reader.files })
  if (types.length === 0 || types.some((type) => type.kind !== 'literal')) return 'unknown'
  return types.every((type) => type.kind === 'literal' && type.text === 'Event') ? 'async' : 'sync'
}

/**
 * Whether the call is awaited (directly, or through a variable awaited later) inside a loop body of
 * its own function, or in a `.forEach` callback or a `.map` callback whose promises are not gathered
 * by `Promise.all` (mapping to promises and awaiting them together is the parallel pattern). Calls
 * of a helper are not followed: a per-record helper awaited in the handler's loop is one unit of
 * work per record, and flagging every call inside it made the rule noisy.
 */
export function isAwaitedInLoop(call: CallNode): boolean {
  return awaitsOf(call).some((awaited) => enclosingLoop(awaited) !== undefined || inSequentialCallback(awaited))
}

/** The `await` expressions that wait for a call: `await call`, `await call.promise()`, or `await promise` of a variable holding it. */
function awaitsOf(call: CallNode): Node[] {
  let expression: Node = outermostWrapper(call)
  const promiseAccess = expression.getParent()
  if (isKind(promiseAccess, 'PropertyAccessExpression') && promiseAccess.getName() === 'promise' && isKind(promiseAccess.getParent(), 'CallExpression')) {
    expression = outermostWrapper(promiseAccess.getParent()!)
  }
  const parent = expression.getParent()
  if (isKind(parent, 'AwaitExpression')) return [parent]
  if (!isKind(parent, 'VariableDeclaration') || !isKind(parent.getNameNode(), 'Identifier')) return []
  const scope = parent.getFirstAncestor((ancestor) => isFunction(ancestor)) ?? parent.getSourceFile()
  const awaits: Node[] = []
  for (const node of descendantsOfKind(scope, 'AwaitExpression')) {
    const awaited = unwrapExpression(node.getExpression())
    if (isKind(awaited, 'Identifier') && awaited.getText() === parent.getName() && findDeclaration(awaited) === parent) awaits.push(node)
  }
  return awaits
}

/** An `await` in the callback of `.forEach(...)`, or of `.map(...)` not gathered by `Promise.all`. */
function inSequentialCallback(awaited: Node): boolean {
  const callback = awaited.getFirstAncestor((ancestor) => isFunction(ancestor))
  if (!callback || !(isKind(callback, 'ArrowFunction') || isKind(callback, 'FunctionExpression'))) return false
  const iteration = outermostWrapper(callback).getParent()
  if (!isKind(iteration, 'CallExpression')) return false
  const callee = unwrapExpression(iteration.getExpression())
  const method = isKind(callee, 'PropertyAccessExpression') ? callee.getName() : undefined
  if (method === 'forEach') return true
  return (method === 'map' || method === 'flatMap') && !gatheredByPromiseAll(iteration)
}

const GATHERS = /^Promise\.(all|allSettled|any|race)$/

/** `Promise.all(items.map(...))`, or `const promises = items.map(...)` later passed to `Promise.all`. */
function gatheredByPromiseAll(mapCall: CallNode): boolean {
  const parent = outermostWrapper(mapCall).getParent()
  if (isKind(parent, 'CallExpression') && GATHERS.test(parent.getExpression().getText())) return true
  if (!isKind(parent, 'VariableDeclaration')) return false
  const name = parent.getName()
  const scope = parent.getFirstAncestor((ancestor) => isFunction(ancestor)) ?? parent.getSourceFile()
  return descendantsOfKind(scope, 'CallExpression').some((node) => {
    if (!GATHERS.test(node.getExpression().getText())) return false
    const [argument] = node.getArguments()
    const text = argument ? unwrapExpression(argument).getText() : ''
    return text === name || new RegExp(`^\\[\\s*\\.\\.\\.${name}\\s*\\]$`).test(text)
  })
}
