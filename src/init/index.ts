/** lambdawise init: render a pattern in memory, then write it safely. The command is a shell over these. */
import { buildContext } from './context.js'
import { validateName } from './names.js'
import { loadBase, loadPattern, ownVersion } from './patterns.js'
import { renderProject } from './render.js'
import type { Architecture, OutputFile, PatternManifest, Runtime } from './types.js'

export { listPatterns, type PatternEntry } from './patterns.js'
export { writeProject, type WriteFileSystem } from './write.js'
export { gitInit, npmInstall, type StepResult } from './post.js'
export { isValidName, nameProblem, NAME_RULE, validateName } from './names.js'
export { ARCHITECTURES, RUNTIMES, type Architecture, type OutputFile, type Runtime } from './types.js'

export interface GenerateOptions {
  pattern: string
  name: string
  runtime: Runtime
  arch: Architecture
  /** A user's pattern directory, or a directory of them. */
  from?: string
  /** Where the bundled patterns are (tests point it at fixtures). */
  templatesDir?: string
}

/** Every file of the project, rendered in memory; nothing is written. */
export async function generateProject(options: GenerateOptions): Promise<{ manifest: PatternManifest; files: OutputFile[] }> {
  const name = validateName(options.name)
  const locations = { ...(options.from ? { from: options.from } : {}), ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}) }
  const [pattern, base] = await Promise.all([loadPattern(options.pattern, locations), loadBase(options.templatesDir)])
  const context = buildContext(pattern, base, { name, runtime: options.runtime, arch: options.arch, lambdawiseVersion: ownVersion() })
  return { manifest: pattern.manifest, files: renderProject(base, pattern, context) }
}
