/**
 * One walk per file gathers the nodes every code fact looks at, so a file imported by many
 * handlers is walked once. The walk runs on compiler nodes and keeps only the nodes a fact can
 * match (ts-morph wraps each node it hands out, which is the costly part): the tests here are
 * supersets of what each fact module checks afterwards on the wrapped node.
 */
import type { Node, SourceFile, ts as TypeScript } from 'ts-morph'

import { moduleBindings, type NodeOfKind } from '../syntax.js'
import { compilerDescendantsOfKind, rootIdentifier, tsMorph, wrap } from '../walk.js'

export interface FileNodes {
  /** Calls whose callee may be an HTTP client (http.ts): `fetch`, `globalThis.fetch`, or a name bound to an import; all calls when the project creates client instances. */
  httpCalls: NodeOfKind<'CallExpression'>[]
  /** Calls that may be SDK waiters (waits.ts): a callee bound to an import, or `x.waitFor(...)`. */
  waiterCalls: NodeOfKind<'CallExpression'>[]
  awaits: NodeOfKind<'AwaitExpression'>[]
  /** String literals, template literals without substitutions, and the heads of those with, that may be an ARN or an AWS URL. */
  strings: Node[]
  /** `x.env` and `x['env']`: candidates for `process.env`. */
  envAccesses: Node[]
  /** Declarations that may alias `process.env`: `const env = x.env`, `const { env } = x`. */
  variableDeclarations: NodeOfKind<'VariableDeclaration'>[]
}

const cache = new WeakMap<SourceFile, FileNodes>()

export function nodesOf(file: SourceFile): FileNodes {
  let nodes = cache.get(file)
  if (!nodes) {
    // Any call may be an axios/got/ky instance's when some file imports one of those libraries.
    nodes = collect(file, importsClientLibrary(file.getProject()))
    cache.set(file, nodes)
  }
  return nodes
}

/** HTTP client libraries that make instances (`axios.create`, `got.extend`, `ky.create`): http.ts follows calls to those. */
export const INSTANCE_LIBRARIES = new Set(['axios', 'got', 'ky'])

const projectsWithClientLibraries = new WeakMap<object, boolean>()

/** Whether some loaded file imports an HTTP client library that makes instances. */
export function importsClientLibrary(project: ReturnType<SourceFile['getProject']>): boolean {
  let answer = projectsWithClientLibraries.get(project)
  if (answer === undefined) {
    answer = project.getSourceFiles().some((file) => [...moduleBindings(file).values()].some(({ module }) => INSTANCE_LIBRARIES.has(module)))
    projectsWithClientLibraries.set(project, answer)
  }
  return answer
}

/** What hard-coded.ts can match (an ARN, an AWS endpoint URL): other strings are not kept. */
function mayNameAwsResource(text: string): boolean {
  return text.includes('arn:') || text.includes('amazonaws.com') || text.includes('.on.aws')
}

function collect(file: SourceFile, everyCall: boolean): FileNodes {
  const { SyntaxKind, ts } = tsMorph()
  const compilerFile = file.compilerNode
  const text = (node: TypeScript.Node): string => node.getText(compilerFile)
  const imported = moduleBindings(file)
  /** As syntax.ts `unwrapExpression`: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
  const unwrap = (node: TypeScript.Node): TypeScript.Node => {
    let current = node
    while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)
      || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression
    return current
  }
  const rootName = (callee: TypeScript.Node): string | undefined => {
    const root = rootIdentifier(callee)
    return root && text(root)
  }
  const nodes: FileNodes = { httpCalls: [], waiterCalls: [], awaits: [], strings: [], envAccesses: [], variableDeclarations: [] }
  // The file's nodes by kind are indexed once (walk.ts) and shared with the SDK call finder.
  const kinds = ['CallExpression', 'AwaitExpression', 'StringLiteral', 'NoSubstitutionTemplateLiteral', 'TemplateHead', 'VariableDeclaration',
    'PropertyAccessExpression', 'ElementAccessExpression'] as const
  for (const node of kinds.flatMap((kind) => compilerDescendantsOfKind(file, kind)).sort((a, b) => a.pos - b.pos || b.end - a.end)) {
    switch (node.kind) {
      case SyntaxKind.CallExpression: {
        const callee = (node as TypeScript.CallExpression).expression
        const root = rootName(callee)
        const bound = root !== undefined && imported.has(root)
        if (everyCall || bound || root === 'fetch' || root === 'globalThis') nodes.httpCalls.push(wrap(file, node))
        const unwrapped = unwrap(callee)
        if (bound || (ts.isPropertyAccessExpression(unwrapped) && text(unwrapped.name) === 'waitFor')) nodes.waiterCalls.push(wrap(file, node))
        break
      }
      case SyntaxKind.AwaitExpression:
        nodes.awaits.push(wrap(file, node))
        break
      case SyntaxKind.StringLiteral: case SyntaxKind.NoSubstitutionTemplateLiteral: case SyntaxKind.TemplateHead:
        if (mayNameAwsResource((node as TypeScript.LiteralLikeNode).text)) nodes.strings.push(wrap(file, node))
        break
      case SyntaxKind.VariableDeclaration: {
        const { name, initializer } = node as TypeScript.VariableDeclaration
        const value = initializer && unwrap(initializer)
        if (value && ((ts.isIdentifier(name) && ts.isPropertyAccessExpression(value) && text(value.name) === 'env') || (ts.isObjectBindingPattern(name) && ts.isIdentifier(value)))) {
          nodes.variableDeclarations.push(wrap(file, node))
        }
        break
      }
      case SyntaxKind.PropertyAccessExpression:
        if (text((node as TypeScript.PropertyAccessExpression).name) === 'env') nodes.envAccesses.push(wrap(file, node))
        break
      case SyntaxKind.ElementAccessExpression: {
        const argument = (node as TypeScript.ElementAccessExpression).argumentExpression
        if (argument !== undefined && text(argument).slice(1, -1) === 'env') nodes.envAccesses.push(wrap(file, node))
        break
      }
    }
  }
  return nodes
}
