/**
 * Walking handler code fast. ts-morph wraps every node it visits (`forEachDescendant`,
 * `getDescendants`), and wrapping is what costs: on 500 handlers it took 2 s to walk 340k nodes
 * that the compiler's own `ts.forEachChild` walks in 0.09 s. Here each file is walked once with
 * the compiler API, its nodes are kept by kind, and only the nodes a caller asks for are wrapped.
 *
 * ts-morph is reached with `require` (it is CommonJS): through `import()`, Node.js would also run
 * its CommonJS export detection over the 9 MB bundle. Modules call `tsMorph()` only once they hold
 * a parsed file, so ts-morph still loads only when there is code to read.
 */
import { createRequire } from 'node:module'

import type { KindToNodeMappings, Node, SourceFile, SyntaxKind, ts as TypeScript } from 'ts-morph'

type TsMorph = typeof import('ts-morph')
type KindName = keyof typeof SyntaxKind
type NodeOfKind<K extends KindName> = KindToNodeMappings[(typeof SyntaxKind)[K]]

let loaded: TsMorph | undefined

/** ts-morph, loaded on first use. */
export function tsMorph(): TsMorph {
  loaded ??= createRequire(import.meta.url)('ts-morph') as TsMorph
  return loaded
}

/** The numeric kind of a `SyntaxKind` member name. */
export function kindOf(kindName: KindName): number {
  return tsMorph().SyntaxKind[kindName]
}

/** Every node of a file (below the file itself) by kind, each list in source (pre-)order. */
const nodesByKind = new WeakMap<TypeScript.SourceFile, Map<number, TypeScript.Node[]>>()

function compilerNodesOf(file: SourceFile): Map<number, TypeScript.Node[]> {
  const compilerFile = file.compilerNode
  let byKind = nodesByKind.get(compilerFile)
  if (byKind) return byKind
  const found = new Map<number, TypeScript.Node[]>()
  const { forEachChild } = tsMorph().ts
  const visit = (node: TypeScript.Node): void => {
    const list = found.get(node.kind)
    if (list) list.push(node)
    else found.set(node.kind, [node])
    forEachChild(node, visit)
  }
  forEachChild(compilerFile, visit)
  byKind = found
  nodesByKind.set(compilerFile, byKind)
  return byKind
}

/** The ts-morph node of a compiler node of `file` (the same object ts-morph's own navigation returns). */
export function wrap<T extends Node = Node>(file: SourceFile, compilerNode: TypeScript.Node): T {
  return (file as unknown as { _getNodeFromCompilerNode(node: TypeScript.Node): Node })._getNodeFromCompilerNode(compilerNode) as T
}

/** Whether `candidate` lies below `ancestor` (compiler nodes have their parents set). */
function isBelow(candidate: TypeScript.Node, ancestor: TypeScript.Node): boolean {
  for (let current = candidate.parent; current; current = current.parent) if (current === ancestor) return true
  return false
}

/** The compiler nodes of one kind below `node` (a file, a function, any node), in source order; `accept` filters before anything is wrapped. */
export function compilerDescendantsOfKind(node: Node, kindName: KindName, accept?: (candidate: TypeScript.Node) => boolean): TypeScript.Node[] {
  const file = node.getSourceFile()
  const all = compilerNodesOf(file).get(kindOf(kindName)) ?? []
  const compilerNode = node.compilerNode
  if (compilerNode === file.compilerNode) return accept ? all.filter(accept) : all
  const { pos, end } = compilerNode
  const inside: TypeScript.Node[] = []
  // Lists are in source order: skip to the first candidate that can be inside, stop after the last.
  let low = 0
  let high = all.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (all[middle]!.pos < pos) low = middle + 1
    else high = middle
  }
  for (let index = low; index < all.length; index++) {
    const candidate = all[index]!
    if (candidate.pos > end) break
    if (candidate.end <= end && candidate !== compilerNode && isBelow(candidate, compilerNode) && (!accept || accept(candidate))) inside.push(candidate)
  }
  return inside
}

/** The descendants of `node` of one kind, in source order, wrapped. */
export function descendantsOfKind<K extends KindName>(node: Node, kindName: K, accept?: (candidate: TypeScript.Node) => boolean): NodeOfKind<K>[] {
  const file = node.getSourceFile()
  return compilerDescendantsOfKind(node, kindName, accept).map((compilerNode) => wrap<NodeOfKind<K>>(file, compilerNode))
}

/**
 * The descendants of `node` of several kinds, in the order `forEachDescendant` visits them
 * (pre-order: an ancestor starts no later and ends no earlier than its descendants).
 */
export function descendantsOfKinds(node: Node, kindNames: readonly KindName[], accept?: (candidate: TypeScript.Node) => boolean): Node[] {
  const file = node.getSourceFile()
  const merged = kindNames.flatMap((kindName) => compilerDescendantsOfKind(node, kindName, accept))
  if (kindNames.length > 1) merged.sort((a, b) => a.pos - b.pos || b.end - a.end)
  return merged.map((compilerNode) => wrap(file, compilerNode))
}

/**
 * Visits the descendants of `node` in pre-order on compiler nodes; `visit` returns `skip` to
 * leave a node's children out, `stop` to end the walk.
 */
export function walkCompilerNodes(node: Node, visit: (candidate: TypeScript.Node) => 'skip' | 'stop' | void): void {
  const { forEachChild } = tsMorph().ts
  const step = (candidate: TypeScript.Node): true | undefined => {
    const answer = visit(candidate)
    if (answer === 'stop') return true
    if (answer === 'skip') return undefined
    return forEachChild(candidate, step)
  }
  forEachChild(node.compilerNode, step)
}

/**
 * The identifier `bindingOf` (syntax.ts) would look up for an expression: `a` of `a`, `a.b.c`,
 * `(a as T).b`; undefined for anything else.
 */
export function rootIdentifier(expression: TypeScript.Node): TypeScript.Identifier | undefined {
  const { ts } = tsMorph()
  let current = unwrapCompilerNode(expression)
  while (ts.isPropertyAccessExpression(current)) current = unwrapCompilerNode(current.expression)
  return ts.isIdentifier(current) ? current : undefined
}

/** syntax.ts `unwrapExpression` on a compiler node: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrapCompilerNode(node: TypeScript.Node): TypeScript.Node {
  const { ts } = tsMorph()
  let current = node
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)
    || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression
  return current
}
