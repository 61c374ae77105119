import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { reviewToMarkdown } from '../../src/review/render/markdown.js'
import { runReview } from '../../src/review/run.js'

/** A template with many default-configured functions behind one HTTP API: many findings, many resources. */
function largeTemplate(functions: number): string {
  const lines = ['Transform: AWS::Serverless-2016-10-31', 'Resources:']
  for (let index = 0; index < functions; index++) {
    lines.push(
      `  Handler${index}Function:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs22.x',
      '      Handler: index.handler',
      '      Events:',
      '        Get:',
      '          Type: HttpApi',
      `          Properties: { Path: /r${index}, Method: get }`,
    )
  }
  return lines.join('\n') + '\n'
}

describe('the Markdown report as a PR comment', () => {
  it('stays under GitHub\'s 65,536-character comment limit for 150 functions, listing the rest as counts', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-review-large-'))
    const file = join(directory, 'template.yaml')
    writeFileSync(file, largeTemplate(150))
    const { review } = await runReview({ path: file, requests: '1M', cwd: directory, today: new Date('2026-11-27T00:00:00Z') })
    const markdown = reviewToMarkdown(review)
    expect(markdown.length).toBeLessThan(65_536)
    expect(markdown).toMatch(/\| functions \| 150 \| .*, … and 120 more \|/)
    expect(markdown).toMatch(/- … and \d+ more \(`lambdawise lint` lists them all\)/)
    expect(markdown).toMatch(/\| … \d+ more \| \| \$[\d.,]+\+? \| `lambdawise estimate` lists them all \|/)
  })

  it('escapes text that would otherwise become markup', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lambdawise-review-escape-'))
    const file = join(directory, 'template.yaml')
    writeFileSync(file, 'Description: "A <b>bold</b> *claim* | with [a](link) and $math$"\n' + largeTemplate(1).split('\n').slice(1).join('\n').replace(/^/, 'Transform: AWS::Serverless-2016-10-31\n'))
    const { review } = await runReview({ path: file, cwd: directory, today: new Date('2026-11-27T00:00:00Z') })
    expect(reviewToMarkdown(review)).toContain('> A \\<b\\>bold\\</b\\> \\*claim\\* \\| with \\[a\\](link) and \\$math\\$')
  })
})
