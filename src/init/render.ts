import Handlebars from 'handlebars'

import { UserError } from '../errors.js'
import { diagramOf } from './diagram.js'
import { checkRelativePath, outputPath } from './paths.js'
import type { Base, OutputFile, Pattern, RenderContext, SourceFile } from './types.js'

/** A template file and where it came from, keyed by the path it is generated at. */
interface Planned {
  source: SourceFile
  /** Shown in errors: `templates/api-crud/README.md.hbs`. */
  shownPath: string
  render: boolean
}

/**
 * Renders a project in memory: the base's files overlaid with the pattern's, `.hbs` files through Handlebars in strict
 * mode (a missing variable is an error, never an empty string). template.yaml renders first; the diagram is drawn
 * from it; then everything else, which may use `{{{diagram}}}`. Pure: nothing is read or written here.
 */
export function renderProject(base: Base, pattern: Pattern, context: Omit<RenderContext, 'diagram'>): OutputFile[] {
  const planned = plan(base, pattern)
  const handlebars = Handlebars.create()
  // Free text (a summary with quotes) inside JSON files: `"description": {{json pattern.summary}}`.
  handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value))

  const rendered = new Map<string, Buffer>()
  const renderPath = (path: string, data: object): Buffer | undefined => {
    const file = planned.get(path)
    if (!file) return undefined
    const cached = rendered.get(path)
    if (cached) return cached
    const content = file.render ? Buffer.from(renderText(handlebars, file, data), 'utf8') : file.source.content
    rendered.set(path, content)
    return content
  }

  if (!planned.has('template.yaml')) throw new UserError(`pattern ${pattern.manifest.id} has no template.yaml`, { file: pattern.dir }, 'add template.yaml.hbs (or template.yaml) to the pattern')
  // Before the diagram exists, `diagram` is simply absent: strict mode names it if template.yaml (or a file it
  // names) asks for it.
  const templateText = renderPath('template.yaml', context)?.toString('utf8') ?? ''
  const diagram = diagramOf(templateText, (path) => renderPath(path, context)?.toString('utf8'), `pattern ${pattern.manifest.id}`)
  const full: RenderContext = { ...context, diagram }
  return [...planned.entries()]
    .map(([path, file]) => ({ path, content: renderPath(path, full) ?? Buffer.alloc(0), executable: file.source.executable }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** Output path → source, the pattern's files replacing the base's at the same output path. */
function plan(base: Base, pattern: Pattern): Map<string, Planned> {
  const planned = new Map<string, Planned>()
  for (const [layer, dir, files] of [['base', base.dir, base.files], ['pattern', pattern.dir, pattern.files]] as const) {
    const seen = new Map<string, string>()
    for (const source of files) {
      const shownPath = `${dir}/${source.path}`
      const { path, render } = outputPath(source.path)
      checkRelativePath(path, shownPath)
      const other = seen.get(path)
      if (other) throw new UserError(`${source.path} and ${other} both generate ${path}`, { file: shownPath }, `keep one of them in the ${layer}`)
      seen.set(path, source.path)
      planned.set(path, { source, shownPath, render })
    }
  }
  return planned
}

function renderText(handlebars: typeof Handlebars, file: Planned, data: object): string {
  const text = file.source.content.toString('utf8')
  try {
    // noEscape: these are YAML, JSON, TypeScript and Markdown files, not HTML; `&` must stay `&`.
    return handlebars.compile(text, { strict: true, noEscape: true })(data)
  } catch (error) {
    throw templateError(error, file.shownPath)
  }
}

/** Handlebars' errors as a located one-line UserError: `"x" not defined in [object Object] - 3:4`, `Parse error on line 3:`. */
function templateError(error: unknown, file: string): UserError {
  const message = error instanceof Error ? error.message : String(error)
  const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/s.exec(message)
  if (missing?.[1]) {
    return new UserError(`"${missing[1]}" is not defined`, { file, line: Number(missing[2]), column: Number(missing[3]) + 1 }, `known: ${KNOWN_VARIABLES.join(', ')}`)
  }
  const parse = /^Parse error on line (\d+):/.exec(message)
  if (parse) return new UserError(`Handlebars syntax error: ${message.split('\n').pop() ?? message}`, { file, line: Number(parse[1]) }, 'write a literal {{ as \\{{')
  return new UserError(`cannot render: ${message.split('\n')[0] ?? message}`, { file })
}

const KNOWN_VARIABLES = ['name', 'pascalName', 'runtime', 'nodeMajor', 'arch', 'pattern.id', 'pattern.title', 'pattern.summary', 'dependencies', 'devDependencies', 'budget', 'diagram'] as const
