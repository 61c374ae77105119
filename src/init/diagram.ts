import { UserError } from '../errors.js'
import { buildGraph } from '../graph/build.js'
import { graphToMermaid } from '../graph/render/mermaid.js'
import { parseTemplateText } from '../template/parse.js'
import { Template } from '../template/template.js'
import { asString } from '../template/values.js'

/** Resource types whose `DefinitionUri` may name a local file (ASL or OpenAPI) that adds edges to the graph. */
const DEFINITION_URI_TYPES = new Set(['AWS::Serverless::StateMachine', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi'])

/**
 * The architecture diagram of a generated project, drawn by the same graph lint and estimate use, from the rendered
 * template.yaml in memory. `renderFile` renders a local definition file the template names (a state machine's
 * ASL), so its edges appear too. No file system: nothing is written before everything has rendered.
 */
export function diagramOf(templateText: string, renderFile: (path: string) => string | undefined, where: string): string {
  try {
    const template = new Template(parseTemplateText('template.yaml', templateText))
    for (const resource of template.resources.values()) {
      if (!DEFINITION_URI_TYPES.has(resource.type)) continue
      // Keyed as written, as the graph builder looks it up; read relative to the project root.
      const uri = asString(resource.properties.DefinitionUri)
      if (!uri || /^s3:\/\//i.test(uri) || template.attachedFiles.has(uri)) continue
      const path = uri.replace(/^\.\//, '')
      const text = renderFile(path)
      if (text !== undefined) template.attachedFiles.set(uri, parseTemplateText(path, text))
    }
    return graphToMermaid(buildGraph([template])).trimEnd()
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${where} renders an invalid template.yaml: ${error.format()}`, undefined, 'fix the pattern\'s template.yaml.hbs')
    throw error
  }
}
