import type { Template } from '../template/template.js'
import { BuildContext } from './context.js'
import { EXTRACTORS_BY_TYPE, SAM_EXTRACTORS } from './extractors/index.js'
import { ArchitectureGraph } from './graph.js'
import { RolePolicies } from './iam.js'
import { kindOfResource } from './kinds.js'
import { own } from '../util/own.js'

/**
 * Builds the architecture graph of one or more templates: a node per resource (and per implicit
 * resource SAM generates), then the edges each resource's extractors find. Pure: no I/O.
 */
export function buildGraph(templates: readonly Template[]): ArchitectureGraph {
  const graph = new ArchitectureGraph()
  for (const template of templates) {
    const prefix = templates.length > 1 ? `${template.file}#` : ''
    const context = new BuildContext(template, graph, prefix)
    for (const resource of template.resources.values()) {
      context.registerNode({
        id: prefix + resource.id,
        logicalId: resource.id,
        type: resource.type,
        kind: kindOfResource(resource.type, resource.properties),
        location: resource.location,
        template,
        resource,
      })
    }
    const roles = new RolePolicies(template, context)
    for (const resource of template.resources.values()) {
      const node = context.node(resource.id)!
      for (const extract of own(EXTRACTORS_BY_TYPE, resource.type) ?? []) extract(context, node, resource, roles)
      if (template.flavor === 'sam') for (const extract of SAM_EXTRACTORS) extract(context, node, resource, roles)
    }
  }
  return graph
}
