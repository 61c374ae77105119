/** The runtimes and architectures a generated project may target (the Lambda Node.js runtimes that are not deprecated). */
export const RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const
export const ARCHITECTURES = ['arm64', 'x86_64'] as const
export type Runtime = (typeof RUNTIMES)[number]
export type Architecture = (typeof ARCHITECTURES)[number]

/** A dependency the manifest names: the version comes from templates/_base/versions.json unless written `pkg@range`. */
export interface DependencySpec {
  name: string
  version?: string
}

/** templates/<id>/pattern.json, validated. */
export interface PatternManifest {
  id: string
  title: string
  summary: string
  /** Sort key for listings; patterns without one come last, by id. */
  order?: number
  dependencies: DependencySpec[]
  devDependencies: DependencySpec[]
  /** USD a month for `estimate --budget` in the generated CI workflow. */
  budget?: number
}

/** A file of a pattern (or of the base), as read: its path relative to the pattern directory, with `/` separators. */
export interface SourceFile {
  path: string
  content: Buffer
  executable: boolean
}

/** A pattern in memory: manifest plus files. `origin` says where it came from, for listings and messages. */
export interface Pattern {
  manifest: PatternManifest
  /** The directory it was read from (shown in messages). */
  dir: string
  origin: 'bundled' | 'user'
  files: SourceFile[]
}

/** Files every project gets, and the exact versions dependencies are pinned to. */
export interface Base {
  dir: string
  files: SourceFile[]
  versions: Record<string, string>
}

export interface Dependency {
  name: string
  version: string
}

/** What the Handlebars templates see (the contract in notes/init-contract.md). */
export interface RenderContext {
  name: string
  pascalName: string
  runtime: Runtime
  nodeMajor: string
  arch: Architecture
  pattern: { id: string; title: string; summary: string }
  dependencies: Dependency[]
  devDependencies: Dependency[]
  budget: number
  diagram: string
}

/** A file of the generated project, rendered in memory, ready to write. */
export interface OutputFile {
  path: string
  content: Buffer
  executable: boolean
}
