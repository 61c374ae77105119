/**
 * Waits that hold a function (and its bill) while something else works: sleeping inside a
 * loop is polling — a Step Functions Wait state or an event does it without paying for idle
 * compute (https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html, "avoid ... waiting").
 * SDK waiters (`waitUntilTableExists`, v2 `waitFor`) poll too. `StartSyncExecution` is an
 * SDK call and is reported by sdk-calls.ts.
 */
import type { Node, SourceFile } from 'ts-morph'

import { bindingOf, enclosingLoop, memberPath, isFunction, isKind, moduleBindings, unwrapExpression, type NodeOfKind } from '../syntax.js'
import type { CodeProject, SyncWait } from '../types.js'
import { descendantsOfKind, tsMorph, walkCompilerNodes, wrap } from '../walk.js'
import { nodesOf } from './collect.js'
import { resolveFunction, valueOfIdentifier } from './declarations.js'

const TIMER_PROMISE_MODULES = new Set(['timers/promises', 'node:timers/promises'])
/** npm packages whose default export is a promise sleep. */
const SLEEP_PACKAGES = new Set(['delay', 'sleep-promise', 'await-sleep'])
/** How many helper functions deep a sleep is looked for (`poll` → `sleep` → `setTimeout`). */
const MAX_HELPER_DEPTH = 3
const DETAIL_LENGTH = 60

export function findWaits(files: readonly SourceFile[], project: CodeProject): SyncWait[] {
  return files.flatMap((file) => waitsIn(file, project))
}

/** A file's waits do not depend on the handler that imports it: read once. */
const cache = new WeakMap<SourceFile, SyncWait[]>()

function waitsIn(file: SourceFile, project: CodeProject): SyncWait[] {
  const cached = cache.get(file)
  if (cached) return cached
  const waits: SyncWait[] = []
  const nodes = nodesOf(file)
  for (const awaited of nodes.awaits) {
    const loop = enclosingLoop(awaited)
    if (!loop || !isSleep(awaited.getExpression(), project, 0)) continue
    waits.push({ kind: 'sleep-in-loop', detail: `${shorten(awaited.getText())} in a ${loopName(loop)} loop`, location: project.locationOf(awaited) })
  }
  for (const call of nodes.waiterCalls) {
    const waiter = waiterName(call)
    if (waiter) waits.push({ kind: 'waiter', detail: waiter, location: project.locationOf(call) })
  }
  cache.set(file, waits)
  return waits
}

/** `new Promise(r => setTimeout(r, n))`, timers/promises `setTimeout(n)`, or a helper whose result is one. */
function isSleep(expression: Node, project: CodeProject, depth: number): boolean {
  const value = unwrapExpression(expression)
  if (isKind(value, 'NewExpression')) return isTimeoutPromise(value)
  if (!isKind(value, 'CallExpression')) return false
  const callee = unwrapExpression(value.getExpression())
  const found = bindingOf(callee)
  if (found) {
    const member = memberPath(found).join('.')
    if (TIMER_PROMISE_MODULES.has(found.binding.module)) return member === 'setTimeout' || member === 'scheduler.wait'
    if (SLEEP_PACKAGES.has(found.binding.module)) return member === ''
  }
  if (depth >= MAX_HELPER_DEPTH) return false
  if (isKind(callee, 'Identifier') && isPromisifiedTimeout(valueOfIdentifier(callee, project))) return true
  const helper = resolveFunction(callee, project)
  return helper !== undefined && resultsOf(helper).some((result) => isSleep(result, project, depth + 1))
}

function isTimeoutPromise(construction: Node): boolean {
  if (!isKind(construction, 'NewExpression') || construction.getExpression().getText() !== 'Promise') return false
  const executor = construction.getArguments()[0]
  if (!isFunction(executor)) return false
  return descendantsOfKind(executor, 'CallExpression').some((node) => ['setTimeout', 'globalThis.setTimeout'].includes(node.getExpression().getText()))
}

/** `const sleep = promisify(setTimeout)`. */
function isPromisifiedTimeout(value: Node | undefined): boolean {
  const call = value && unwrapExpression(value)
  if (!isKind(call, 'CallExpression')) return false
  const callee = call.getExpression().getText()
  return (callee === 'promisify' || callee.endsWith('.promisify')) && call.getArguments()[0]?.getText() === 'setTimeout'
}

/** What a helper function hands back or waits for: its returned and awaited expressions (not those of nested functions). */
function resultsOf(helper: Node): Node[] {
  if (!isFunction(helper)) return []
  const body = helper.getBody()
  if (!body) return []
  if (!isKind(body, 'Block')) return [body]
  const results: Node[] = []
  const file = body.getSourceFile()
  const { ts } = tsMorph()
  walkCompilerNodes(body, (compilerNode) => {
    if (ts.isFunctionLike(compilerNode) && isFunction(wrap(file, compilerNode))) return 'skip'
    if (ts.isReturnStatement(compilerNode) || ts.isAwaitExpression(compilerNode)) {
      const expression = wrap<NodeOfKind<'ReturnStatement'> | NodeOfKind<'AwaitExpression'>>(file, compilerNode).getExpression()
      if (expression) results.push(expression)
    }
  })
  return results
}

/** `waitUntilTableExists(...)` from a v3 client package, or v2 `client.waitFor('tableExists', ...)`. */
function waiterName(call: Node): string | undefined {
  if (!isKind(call, 'CallExpression')) return undefined
  const callee = unwrapExpression(call.getExpression())
  const found = bindingOf(callee)
  if (found?.binding.module.startsWith('@aws-sdk/client-')) {
    const name = memberPath(found).at(-1)
    return name !== undefined && /^waitUntil|^waitFor/.test(name) ? name : undefined
  }
  if (!isKind(callee, 'PropertyAccessExpression') || callee.getName() !== 'waitFor') return undefined
  const usesSdkV2 = [...moduleBindings(call.getSourceFile()).values()].some(({ module }) => module === 'aws-sdk' || module.startsWith('aws-sdk/'))
  return usesSdkV2 ? `waitFor(${call.getArguments()[0]?.getText() ?? ''})` : undefined
}

function loopName(loop: Node): string {
  switch (loop.getKindName()) {
    case 'ForOfStatement': return 'for-of'
    case 'ForInStatement': return 'for-in'
    case 'WhileStatement': return 'while'
    case 'DoStatement': return 'do-while'
    default: return 'for'
  }
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > DETAIL_LENGTH ? `${line.slice(0, DETAIL_LENGTH - 1)}…` : line
}
