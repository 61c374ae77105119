import { describe, expect, it } from 'vitest'

import { findMalformedSuppressions, findSuppressions } from '../../src/code/suppressions.js'
import { ProjectDouble } from './project-double.js'

function directives(text: string) {
  const double = new ProjectDouble({ '/src/handler.ts': text })
  const file = double.file('/src/handler.ts')
  return {
    suppressions: findSuppressions(file, double).map((s) => `${s.line} ${s.rule}: ${s.reason}`),
    malformed: findMalformedSuppressions(file, double).map((m) => `${m.location.line}:${m.location.column} ${m.message}`),
    files: findSuppressions(file, double).map((s) => s.file),
  }
}

describe('findSuppressions', () => {
  it('applies a line comment to the next line with code, skipping blank and comment lines', () => {
    const found = directives(`const a = 1
// lambdawise-ignore-next-line sdk-client-in-handler: created once per cold start by design

// another comment
/* and a block */
const client = new SQSClient({})`)
    expect(found.suppressions).toEqual(['6 sdk-client-in-handler: created once per cold start by design'])
    expect(found.files).toEqual(['src/handler.ts'])
    expect(found.malformed).toEqual([])
  })

  it('reads block comments, several rules, indentation and same-line directives', () => {
    const found = directives(`export const handler = async () => {
  /* lambdawise-ignore-next-line sync-invoke, hard-coded-reference: the legacy API
     is retired next quarter */
  await call()
  /**
   * lambdawise-ignore-next-line http-sibling-call: health check only
   */
  await fetch(url)
  await sleep(1) // lambdawise-ignore-line sleep-in-loop: backoff required by the vendor
}`)
    expect(found.suppressions).toEqual([
      '4 sync-invoke: the legacy API is retired next quarter',
      '4 hard-coded-reference: the legacy API is retired next quarter',
      '8 http-sibling-call: health check only',
      '9 sleep-in-loop: backoff required by the vendor',
    ])
  })

  it('reports directives without a rule, a reason or a line to apply to, and suppresses nothing with them', () => {
    const found = directives(`// lambdawise-ignore-next-line
const a = 1
  // lambdawise-ignore-next-line sync-invoke
const b = 2
// lambdawise-ignore-next-line sync-invoke:
const c = 3
// lambdawise-ignore-next-line : because
const d = 4
// lambdawise-ignore-next-line sync-invoke: nothing follows`)
    expect(found.suppressions).toEqual([])
    expect(found.malformed.map((line) => line.replace(/ lambdawise-ignore-next-line (\w+ \w+ \w+)\b.*/, ' $1'))).toEqual([
      '1:1 names no rule', '3:3 gives no reason', '5:1 gives no reason', '7:1 names no rule', '9:1 has no code',
    ])
  })

  it('ignores the directive text inside strings, templates and other comments', () => {
    const found = directives(`const a = '// lambdawise-ignore-next-line x: y'
const b = \`
// lambdawise-ignore-next-line x: y
\`
// TODO lambdawise-ignore-next-line x: y
const c = 1
// lambdawise-ignore-next-lines x: y
const d = 1`)
    expect(found.suppressions).toEqual([])
    expect(found.malformed).toEqual([])
  })
})
