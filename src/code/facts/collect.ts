/**
 * One walk per file gathers the nodes every code fact looks at, so a file imported by many
 * handlers is walked once (ts-morph wraps each node it visits, which is the costly part).
 */
import type { Node, SourceFile } from 'ts-morph'

import { isKind, type NodeOfKind } from '../syntax.js'

export interface FileNodes {
  calls: NodeOfKind<'CallExpression'>[]
  constructions: NodeOfKind<'NewExpression'>[]
  awaits: NodeOfKind<'AwaitExpression'>[]
  /** String literals, template literals without substitutions, and the heads of those with. */
  strings: Node[]
  /** `x.env` and `x['env']`: candidates for `process.env`. */
  envAccesses: Node[]
  /** `const { env } = process`-style bindings and `env` imports are found from these. */
  variableDeclarations: NodeOfKind<'VariableDeclaration'>[]
}

const cache = new WeakMap<SourceFile, FileNodes>()

export function nodesOf(file: SourceFile): FileNodes {
  let nodes = cache.get(file)
  if (!nodes) {
    nodes = collect(file)
    cache.set(file, nodes)
  }
  return nodes
}

function collect(file: SourceFile): FileNodes {
  const nodes: FileNodes = { calls: [], constructions: [], awaits: [], strings: [], envAccesses: [], variableDeclarations: [] }
  file.forEachDescendant((node) => {
    switch (node.getKindName()) {
      case 'CallExpression': nodes.calls.push(node as NodeOfKind<'CallExpression'>); break
      case 'NewExpression': nodes.constructions.push(node as NodeOfKind<'NewExpression'>); break
      case 'AwaitExpression': nodes.awaits.push(node as NodeOfKind<'AwaitExpression'>); break
      case 'StringLiteral': case 'NoSubstitutionTemplateLiteral': case 'TemplateHead': nodes.strings.push(node); break
      case 'VariableDeclaration': nodes.variableDeclarations.push(node as NodeOfKind<'VariableDeclaration'>); break
      case 'PropertyAccessExpression':
        if (isKind(node, 'PropertyAccessExpression') && node.getName() === 'env') nodes.envAccesses.push(node)
        break
      case 'ElementAccessExpression':
        if (isKind(node, 'ElementAccessExpression') && node.getArgumentExpression()?.getText().slice(1, -1) === 'env') nodes.envAccesses.push(node)
        break
    }
  })
  return nodes
}
