import { UserError } from '../errors.js'
import { pascalCase } from './names.js'
import type { Architecture, Base, Dependency, DependencySpec, Pattern, RenderContext, Runtime } from './types.js'

/** What every generated project needs to type-check, test, bundle and lint; patterns list only what they add. */
export const BASE_DEV_DEPENDENCIES = ['@types/aws-lambda', '@types/node', 'aws-sdk-client-mock', 'esbuild', 'lambdawise', 'typescript', 'vitest'] as const

/** When a manifest gives no budget: a few dollars of traffic plus headroom, low enough to catch a runaway. */
export const DEFAULT_BUDGET_USD = 25

export interface ProjectOptions {
  name: string
  runtime: Runtime
  arch: Architecture
  /** The running lambdawise's version: the generated project pins the lambdawise that generated it. */
  lambdawiseVersion: string
}

/** The Handlebars context, without the diagram (that needs the rendered template.yaml). */
export function buildContext(pattern: Pattern, base: Base, options: ProjectOptions): Omit<RenderContext, 'diagram'> {
  const { manifest } = pattern
  const nodeMajor = options.runtime.replace(/^nodejs(\d+)\.x$/, '$1')
  const versionOf = (spec: DependencySpec): Dependency => {
    // `pkg@<node major>` in versions.json pins a package per runtime (@types/node must match the runtime's Node).
    const pinned = base.versions[`${spec.name}@${nodeMajor}`] ?? base.versions[spec.name]
    const version = spec.version ?? (spec.name === 'lambdawise' ? options.lambdawiseVersion : pinned)
    if (!version) {
      throw new UserError(`pattern ${manifest.id}: "${spec.name}" has no version in templates/_base/versions.json`, { file: `${pattern.dir}/pattern.json` }, pattern.origin === 'user' ? `write it with a version, "${spec.name}@1.2.3"` : 'add its exact current version to versions.json')
    }
    return { name: spec.name, version }
  }
  const dependencies = sortedUnique(manifest.dependencies.map(versionOf))
  const runtimeNames = new Set(dependencies.map((dependency) => dependency.name))
  const devDependencies = sortedUnique([...BASE_DEV_DEPENDENCIES.map((name) => versionOf({ name })), ...manifest.devDependencies.map(versionOf)])
    // A package needed at run time is a dependency; listing it twice would make npm warn.
    .filter((dependency) => !runtimeNames.has(dependency.name))
  return {
    name: options.name,
    pascalName: pascalCase(options.name),
    runtime: options.runtime,
    nodeMajor,
    arch: options.arch,
    pattern: { id: manifest.id, title: manifest.title, summary: manifest.summary },
    dependencies,
    devDependencies,
    budget: manifest.budget ?? DEFAULT_BUDGET_USD,
  }
}

/** Sorted by name (npm writes them so), the pattern's own version winning over the base's for the same package. */
function sortedUnique(dependencies: Dependency[]): Dependency[] {
  const byName = new Map<string, Dependency>()
  for (const dependency of dependencies) byName.set(dependency.name, dependency)
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
