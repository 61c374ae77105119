import { UserError } from '../errors.js'

/** Files of a pattern directory that are about the pattern, not part of the generated project. */
export const PATTERN_MANIFEST = 'pattern.json'
export const BASE_VERSIONS = 'versions.json'

/**
 * Where a template file lands in the generated project: a `.hbs` suffix is dropped (the file is rendered), and a
 * path segment starting with `_` starts with `.` instead — npm leaves dot-files such as .gitignore out of a
 * published package, so the templates cannot hold them under their real names.
 */
export function outputPath(sourcePath: string): { path: string; render: boolean } {
  const render = sourcePath.endsWith('.hbs')
  const withoutSuffix = render ? sourcePath.slice(0, -'.hbs'.length) : sourcePath
  const path = withoutSuffix
    .split('/')
    .map((segment) => (segment.startsWith('_') ? `.${segment.slice(1)}` : segment))
    .join('/')
  return { path, render }
}

/**
 * A relative path inside the generated project, with no way out of it: no absolute path, no `..` or `.`
 * segment, no empty segment, no backslash or NUL (a Windows separator or a C-string trick).
 */
export function checkRelativePath(path: string, where: string): void {
  const segments = path.split('/')
  const bad = path.length === 0 || path.startsWith('/') || /[\\\0]/.test(path) || /^[A-Za-z]:/.test(path) || segments.some((segment) => segment === '' || segment === '.' || segment === '..')
  if (bad) throw new UserError(`unsafe file path "${path}"`, { file: where }, 'pattern files must stay inside the pattern directory')
}
