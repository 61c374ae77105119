/**
 * The handler code analysis (issue 6): find each function's handler module, parse it and the
 * project files it imports once, and collect what the code rules and code edges need. ts-morph
 * is loaded only when some handler file exists, so templates without code stay fast to lint.
 */
import type { ArchitectureGraph } from '../graph/graph.js'
import { displayPath } from '../template/discover.js'
import type { Location } from '../template/positions.js'
import type { Template } from '../template/template.js'
import { findHandlerExport, resolveHandlerReferences } from './handlers.js'
import type { CodeAnalysis, CodeSuppression, HandlerAnalysis, HandlerReference } from './types.js'

export interface AnalyseOptions {
  /** Function node ids (or logical ids) to analyse; all when absent. */
  only?: readonly string[]
}

export async function analyseCode(templates: readonly Template[], graph: ArchitectureGraph, options: AnalyseOptions = {}): Promise<CodeAnalysis> {
  const started = performance.now()
  const only = options.only ? new Set(options.only) : undefined
  const resolved = resolveHandlerReferences(templates, graph).filter((reference) => !only || only.has(reference.functionId) || only.has(graph.nodes.get(reference.functionId)?.logicalId ?? ''))
  const analysable = resolved.filter((reference) => reference.file !== undefined && !reference.missing)
  if (analysable.length === 0) {
    return { handlers: new Map(), references: resolved, suppressions: [], stats: { files: 0, durationMs: Math.round(performance.now() - started) } }
  }

  // Imported here, not at the top: these modules are only worth loading when there is code to read.
  const [{ CodeProject }, { findSdkCalls }, { findCodeFacts }, { findSuppressions }, { reachableLocations }] = await Promise.all([
    import('./project.js'), import('./sdk-calls.js'), import('./facts.js'), import('./suppressions.js'), import('./reach.js'),
  ])
  const project = await CodeProject.load(analysable.map((reference) => ({ file: reference.file!, ...(reference.inlineText !== undefined ? { inlineText: reference.inlineText } : {}) })))

  const handlers = new Map<string, HandlerAnalysis>()
  const references: HandlerReference[] = resolved.map((reference) => {
    if (reference.file === undefined || reference.missing) return reference
    const entry = project.sourceFile(reference.file)
    if (!entry) {
      const why = project.unreadable.get(reference.file) ?? 'unreadable'
      return { ...reference, missing: { kind: 'no-module', message: `handler module ${displayPath(reference.file)} cannot be read (${why})` } }
    }
    const files = project.filesOf(reference.file)
    const facts = findCodeFacts(entry, reference.exportName, files, project)
    // Only code the handler can run counts: a shared module's other functions belong to other handlers.
    const reachable = reachableLocations(entry, reference.exportName, files, project)
    const reached = <T extends { location: Location }>(items: T[]): T[] => items.filter((item) => reachable(item.location))
    handlers.set(reference.functionId, {
      reference,
      files: files.map((file) => file.getFilePath()),
      ...facts,
      httpCalls: reached(facts.httpCalls),
      waits: reached(facts.waits),
      hardCoded: reached(facts.hardCoded),
      // The export finder knows the most shapes (wrappers, re-exports, esbuild bundles); the facts module's answer is the fallback.
      handlerLocation: findHandlerExport(entry, reference.exportName, project)?.location ?? facts.handlerLocation,
      sdkCalls: reached(findSdkCalls(files, project)),
      parseErrors: files.flatMap((file) => project.parseErrors(file)),
    })
    return reference
  })

  const suppressions: CodeSuppression[] = project.files.flatMap((file) => findSuppressions(file, project))
  return { handlers, references, suppressions, stats: { files: project.files.length, durationMs: Math.round(performance.now() - started) } }
}
