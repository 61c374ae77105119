import { describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { parseManifest } from '../../src/init/manifest.js'

const FILE = 'templates/demo/pattern.json'

function problem(text: string, dir = 'demo'): string {
  try {
    parseManifest(FILE, text, dir)
  } catch (error) {
    if (error instanceof UserError) return error.format()
    throw error
  }
  throw new Error('expected a UserError')
}

describe('pattern.json', () => {
  it('reads a complete manifest', () => {
    const manifest = parseManifest(FILE, JSON.stringify({ id: 'demo', title: 'Demo', order: 2, summary: 'S', dependencies: ['@aws-sdk/client-sqs', 'pg'], devDependencies: ['left-pad@1.3.0'], budget: 40 }), 'demo')
    expect(manifest).toEqual({
      id: 'demo',
      title: 'Demo',
      order: 2,
      summary: 'S',
      dependencies: [{ name: '@aws-sdk/client-sqs' }, { name: 'pg' }],
      devDependencies: [{ name: 'left-pad', version: '1.3.0' }],
      budget: 40,
    })
  })

  it('defaults the dependency lists to empty', () => {
    expect(parseManifest(FILE, '{"id":"demo","title":"T","summary":"S"}', 'demo')).toMatchObject({ dependencies: [], devDependencies: [] })
  })

  it.each([
    ['{"id":"demo","title":"T"}', `${FILE}:1:1: pattern.json has no "summary"`],
    ['{\n  "id": "demo",\n  "title": "T",\n  "summary": "S",\n  "colour": "red"\n}', `${FILE}:5:3: unknown key "colour" in pattern.json — known keys:`],
    ['{\n  "id": "other",\n  "title": "T",\n  "summary": "S"\n}', `${FILE}:2:3: "id" is "other" but the directory is "demo"`],
    ['{"id":"Demo","title":"T","summary":"S"}', '"id" must be kebab-case'],
    ['{"id":"demo","title":"","summary":"S"}', '"title" must be a non-empty string'],
    ['{"id":"demo","title":"T","summary":"S","order":"1"}', '"order" must be a number'],
    ['{"id":"demo","title":"T","summary":"S","budget":-1}', '"budget" must be a positive number'],
    ['{"id":"demo","title":"T","summary":"S","dependencies":"pg"}', '"dependencies" must be a list'],
    ['{\n  "id": "demo", "title": "T", "summary": "S",\n  "dependencies": ["pg", "../evil"]\n}', `${FILE}:3:26: "dependencies" entries must be npm package names`],
    ['{"id":"demo","title":"T","summary":"S","dependencies":["pg","pg"]}', '"pg" is listed twice'],
    ['[1]', 'pattern.json must be an object'],
    ['{"id": "demo",', `${FILE}:1:15: invalid JSON`],
  ])('refuses %s', (text, expected) => {
    expect(problem(text)).toContain(expected)
  })
})
