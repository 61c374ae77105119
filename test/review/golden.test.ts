// Golden files for the review report on the bundled example, both formats. Regenerate after an
// intended change with `LAMBDAWISE_UPDATE_GOLDEN=1 npx vitest run test/review/golden.test.ts`,
// and read the diff: it is the report's diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { reviewToHtml } from '../../src/review/render/html.js'
import { reviewToMarkdown } from '../../src/review/render/markdown.js'
import { runReview } from '../../src/review/run.js'

const ROOT = resolve(import.meta.dirname, '../..')
const GOLDEN = join(import.meta.dirname, 'golden')
const UPDATE = process.env.LAMBDAWISE_UPDATE_GOLDEN === '1'

/** The example with its usage file, judged on a fixed day (runtime deprecation depends on the date), without a price cache. */
async function review() {
  return runReview({
    path: 'examples/order-processing',
    usageFile: 'examples/order-processing/lambdawise-usage.yml',
    cwd: ROOT,
    today: new Date('2026-11-27T00:00:00Z'),
  })
}

function checkGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name)
  if (UPDATE || !existsSync(file)) {
    writeFileSync(file, actual)
    if (!UPDATE) throw new Error(`${name} did not exist and was written: check it in, and rerun`)
    return
  }
  // Not toBe: a failing golden diff of a whole report is unreadable; line by line it is not.
  expect(actual.split('\n'), `${name} differs from the golden file; if intended, rerun with LAMBDAWISE_UPDATE_GOLDEN=1`).toEqual(readFileSync(file, 'utf8').split('\n'))
}

describe('review golden files (examples/order-processing)', () => {
  it('markdown', async () => {
    const run = await review()
    checkGolden('order-processing.md', reviewToMarkdown(run.review))
  })

  it('html', async () => {
    const run = await review()
    checkGolden('order-processing.html', reviewToHtml(run.review, run.graph))
  })

  it('gives the same bytes on two runs', async () => {
    const [first, second] = [await review(), await review()]
    expect(reviewToMarkdown(second.review)).toBe(reviewToMarkdown(first.review))
    expect(reviewToHtml(second.review, second.graph)).toBe(reviewToHtml(first.review, first.graph))
  })
})
