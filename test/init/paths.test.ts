import { describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { checkRelativePath, outputPath } from '../../src/init/paths.js'

describe('template path → project path', () => {
  it.each([
    ['_gitignore', '.gitignore', false],
    ['_github/workflows/ci.yml.hbs', '.github/workflows/ci.yml', true],
    ['template.yaml.hbs', 'template.yaml', true],
    ['src/handlers/worker.ts', 'src/handlers/worker.ts', false],
    ['src/_lib/x.ts', 'src/.lib/x.ts', false],
    // Only a leading underscore and a trailing .hbs change.
    ['src/my_file.hbs.ts', 'src/my_file.hbs.ts', false],
    ['events/a.json.hbs', 'events/a.json', true],
  ])('%s → %s', (source, path, render) => {
    expect(outputPath(source)).toEqual({ path, render })
  })

  it.each(['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a\\..\\b', 'C:/x', 'a\0b', '.', '..'])('refuses the unsafe path %j', (path) => {
    expect(() => checkRelativePath(path, 'somewhere')).toThrow(UserError)
  })

  it('refuses `_` and `_.`, which would become `.` and `..`', () => {
    expect(() => checkRelativePath(outputPath('_/x').path, 'p')).toThrow(/unsafe file path/)
    expect(() => checkRelativePath(outputPath('_./x').path, 'p')).toThrow(/unsafe file path/)
  })

  it('accepts ordinary relative paths', () => {
    expect(() => checkRelativePath('.github/workflows/ci.yml', 'p')).not.toThrow()
    expect(() => checkRelativePath('src/handlers/x.ts', 'p')).not.toThrow()
  })
})
