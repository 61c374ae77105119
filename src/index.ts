/** The lambdawise library API: the CLI is a thin shell over these functions. */
import { UserError } from './errors.js'
import { buildGraph } from './graph/build.js'
import type { ArchitectureGraph } from './graph/graph.js'
import { discoverTemplates, displayPath } from './template/discover.js'
import { loadTemplate } from './template/load.js'
import type { ReadOptions, Template } from './template/template.js'

export { UserError } from './errors.js'
export { ArchitectureGraph } from './graph/graph.js'
export { buildGraph } from './graph/build.js'
export { graphToJson, type GraphJson } from './graph/render/json.js'
export { graphToMermaid } from './graph/render/mermaid.js'
export { graphToDot } from './graph/render/dot.js'
export type { GraphEdge, GraphNode, EdgeKind, EdgeMode, EdgeVia, NodeKind } from './graph/types.js'
export { Template, type TemplateResource } from './template/template.js'
export { parseTemplateText } from './template/parse.js'
export { discoverTemplates } from './template/discover.js'
export { loadTemplate } from './template/load.js'

/** Reads every template at the given paths (files, or directories to discover templates in). */
export async function loadTemplates(paths: readonly string[], options: ReadOptions = {}): Promise<Template[]> {
  const files: string[] = []
  for (const path of paths.length > 0 ? paths : ['.']) {
    for (const file of await discoverTemplates(path)) {
      const shown = displayPath(file)
      if (!files.includes(shown)) files.push(shown)
    }
  }
  const templates = await Promise.all(files.map((file) => loadTemplate(file, options)))
  checkParametersExist(templates, options)
  return templates
}

/** `--parameter K=V` naming a parameter no template declares is a typo worth stopping for. */
function checkParametersExist(templates: readonly Template[], options: ReadOptions): void {
  for (const name of Object.keys(options.parameters ?? {})) {
    if (name.startsWith('AWS::')) continue
    if (!templates.some((template) => template.declaresParameter(name))) {
      const declared = [...new Set(templates.flatMap((template) => template.parameterNames))]
      throw new UserError(`--parameter ${name}: no template declares a parameter named ${name}`, undefined, declared.length > 0 ? `declared: ${declared.join(', ')}` : 'the templates declare no parameters')
    }
  }
}

/**
 * The templates and their architecture graph; with `code: true`, the handler code is read too and
 * its calls become code edges (src/code, loaded only then).
 */
export async function loadGraph(paths: readonly string[], options: ReadOptions & { code?: boolean } = {}): Promise<{ templates: Template[]; graph: ArchitectureGraph }> {
  const { code = false, ...readOptions } = options
  const templates = await loadTemplates(paths, readOptions)
  const graph = buildGraph(templates)
  if (code) {
    const { analyseCode } = await import('./code/analyse.js')
    const { addCodeEdges } = await import('./code/edges.js')
    addCodeEdges(graph, await analyseCode(templates, graph))
  }
  return { templates, graph }
}
