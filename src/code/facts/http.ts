/**
 * HTTP calls in handler code: `fetch` (global, node-fetch, undici), axios, got, ky and
 * node:http(s). The URL is read with the value resolver, so a rule can tell a call to an API
 * of the same system (an API Gateway URL from the template, through an env var) from an
 * outside one.
 */
import type { Node, SourceFile } from 'ts-morph'

import { resolveProperty, resolveValue, traceExpression } from '../values.js'
import { bindingOf, isKind, memberPath, moduleBindings, unwrapExpression, type NodeOfKind } from '../syntax.js'
import type { CodeProject, CodeValue, HttpCall } from '../types.js'
import { importsClientLibrary, nodesOf } from './collect.js'
import { valueOfIdentifier } from './declarations.js'

type Library = HttpCall['library']

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'])
const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch'])
const NODE_HTTP_MODULES = new Set(['http', 'https', 'node:http', 'node:https'])
/** Client libraries by module, and the config property their instances prefix URLs with. */
const CLIENT_LIBRARIES: Record<string, { library: Library; baseProperty: string; factories: string[] }> = {
  axios: { library: 'axios', baseProperty: 'baseURL', factories: ['create'] },
  got: { library: 'got', baseProperty: 'prefixUrl', factories: ['extend'] },
  ky: { library: 'ky', baseProperty: 'prefixUrl', factories: ['create', 'extend'] },
}

/** What a call is: the library, and how to read its URL from the call. */
interface HttpCallShape {
  library: Library
  urls: () => CodeValue[]
}

export function findHttpCalls(files: readonly SourceFile[], project: CodeProject): HttpCall[] {
  return files.flatMap((file) => httpCallsIn(file, project))
}

/** A file's HTTP calls do not depend on the handler that imports it (URLs are followed through every loaded file): read once. */
const cache = new WeakMap<SourceFile, HttpCall[]>()

function httpCallsIn(file: SourceFile, project: CodeProject): HttpCall[] {
  const cached = cache.get(file)
  if (cached) return cached
  const calls: HttpCall[] = []
  for (const call of nodesOf(file).httpCalls) {
    const shape = httpCallShape(call, project)
    if (!shape) continue
    const location = project.locationOf(call)
    const urls = shape.urls()
    for (const url of urls.length > 0 ? urls : [{ kind: 'unknown' as const, location }]) calls.push({ library: shape.library, url, location })
  }
  cache.set(file, calls)
  return calls
}

function httpCallShape(call: NodeOfKind<'CallExpression'>, project: CodeProject): HttpCallShape | undefined {
  const callee = unwrapExpression(call.getExpression())
  const [first] = call.getArguments()
  const found = bindingOf(callee)
  if (!found && globalFetch(callee, project)) return { library: 'fetch', urls: () => requestUrls(first, project) }
  const library = found && libraryCall(found.binding.module, memberPath(found), first, project)
  if (library) return library
  return mayHoldClientInstance(call.getSourceFile()) ? instanceCall(call, callee, project) : undefined
}

/** A call of a library function: `fetch` from node-fetch, undici `request`, `https.get`, `axios.post`, `got(url)`. */
function libraryCall(module: string, member: string[], first: Node | undefined, project: CodeProject): HttpCallShape | undefined {
  if (FETCH_MODULES.has(module) && member.length <= 1 && (member[0] ?? 'fetch') === 'fetch') {
    return { library: 'fetch', urls: () => requestUrls(first, project) }
  }
  if (module === 'undici' && member.length === 1 && ['fetch', 'request', 'stream'].includes(member[0]!)) {
    return { library: 'undici', urls: () => requestUrls(first, project) }
  }
  if (NODE_HTTP_MODULES.has(module) && member.length === 1 && ['request', 'get'].includes(member[0]!)) {
    return { library: 'node-http', urls: () => nodeHttpUrls(first, project) }
  }
  const client = CLIENT_LIBRARIES[module]
  if (client && (member.length === 0 || (member.length === 1 && HTTP_METHODS.has(member[0]!)))) {
    return { library: client.library, urls: () => clientUrls(first, project, undefined) }
  }
  return undefined
}

/** `fetch(...)` or `globalThis.fetch(...)` without an import or a local declaration. */
function globalFetch(callee: Node, project: CodeProject): boolean {
  if (isKind(callee, 'Identifier')) return callee.getText() === 'fetch' && valueOfIdentifier(callee, project) === undefined
  return isKind(callee, 'PropertyAccessExpression') && callee.getName() === 'fetch' && callee.getExpression().getText() === 'globalThis'
}

/**
 * Only files that import a client library or another project file (which may export an instance)
 * can call an instance, and only when some loaded file imports a client library (an instance is
 * made by its factory): most projects have none, and tracing every call's callee costs.
 */
function mayHoldClientInstance(file: SourceFile): boolean {
  if (!importsClientLibrary(file.getProject())) return false
  for (const { module } of moduleBindings(file).values()) {
    if (module in CLIENT_LIBRARIES || module.startsWith('.')) return true
  }
  return false
}

/** `api.get('/orders')` or `api('/orders')` where `api = axios.create({ baseURL })` (also got/ky instances). */
function instanceCall(call: NodeOfKind<'CallExpression'>, callee: Node, project: CodeProject): HttpCallShape | undefined {
  let instance = callee
  if (isKind(callee, 'PropertyAccessExpression')) {
    if (!HTTP_METHODS.has(callee.getName())) return undefined
    instance = callee.getExpression()
  }
  if (!isKind(unwrapExpression(instance), 'Identifier') && !isKind(unwrapExpression(instance), 'CallExpression')) return undefined
  for (const source of traceExpression(instance, project)) {
    const factory = clientFactory(source)
    if (!factory) continue
    const [first] = call.getArguments()
    const config = factory.call.getArguments()[0]
    const bases = config ? resolveProperty(config, [factory.baseProperty], project) : []
    return { library: factory.library, urls: () => clientUrls(first, project, bases) }
  }
  return undefined
}

/** `axios.create(config)`, `got.extend(config)`, `ky.create(config)`. */
function clientFactory(node: Node): { library: Library; baseProperty: string; call: NodeOfKind<'CallExpression'> } | undefined {
  const call = unwrapExpression(node)
  if (!isKind(call, 'CallExpression')) return undefined
  const found = bindingOf(call.getExpression())
  if (!found) return undefined
  const client = CLIENT_LIBRARIES[found.binding.module]
  const member = memberPath(found)
  if (!client || member.length !== 1 || !client.factories.includes(member[0]!)) return undefined
  return { library: client.library, baseProperty: client.baseProperty, call }
}

/** `fetch(url)`, `fetch(new URL(path, base))`, `fetch(new Request(url))`. */
function requestUrls(argument: Node | undefined, project: CodeProject): CodeValue[] {
  if (!argument) return []
  const value = unwrapExpression(argument)
  if (isKind(value, 'NewExpression') && ['URL', 'Request'].includes(value.getExpression().getText())) {
    const [url, base] = value.getArguments()
    if (!url) return []
    return base ? joined(resolveValue(base, project), resolveValue(url, project)) : resolveValue(url, project)
  }
  return resolveValue(argument, project)
}

/** `axios(url)`, `axios({ url })`, `api.get(path)` with the instance's base URL in front. */
function clientUrls(argument: Node | undefined, project: CodeProject, bases: CodeValue[] | undefined): CodeValue[] {
  if (!argument) return bases ?? []
  const value = unwrapExpression(argument)
  const paths = isKind(value, 'ObjectLiteralExpression') ? resolveProperty(value, ['url'], project) : requestUrls(argument, project)
  return bases && bases.length > 0 ? joined(bases, paths) : paths
}

/** `https.request(url)` or `https.request({ hostname, path })`. */
function nodeHttpUrls(argument: Node | undefined, project: CodeProject): CodeValue[] {
  if (!argument) return []
  const value = unwrapExpression(argument)
  if (!isKind(value, 'ObjectLiteralExpression')) return requestUrls(argument, project)
  const hosts = resolveProperty(value, ['hostname'], project)
  return hosts.length > 0 ? hosts : resolveProperty(value, ['host'], project)
}

/** A base URL and a path: one literal when both are, else a composite of the two. */
function joined(bases: CodeValue[], paths: CodeValue[]): CodeValue[] {
  if (paths.length === 0) return bases
  const values: CodeValue[] = []
  for (const base of bases) {
    for (const path of paths) {
      if (base.kind === 'literal' && path.kind === 'literal') {
        values.push({ kind: 'literal', text: joinUrl(base.text, path.text), location: path.location })
      } else {
        values.push({ kind: 'composite', parts: [base, path], location: path.location })
      }
    }
  }
  return values
}

function joinUrl(base: string, path: string): string {
  if (/^[a-z]+:\/\//i.test(path)) return path
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}
