import { describe, expect, it } from 'vitest'

import { resolveProperty, resolveValue, traceExpression } from '../../src/code/values.js'
import type { CodeValue } from '../../src/code/types.js'
import { findNode, probeArguments, ProjectDouble } from './project-double.js'

/** Short forms: `'text'` for a literal, `$NAME` for an env var, `?` for unknown, `[a + b]` for a composite. */
function show(value: CodeValue): string {
  if (value.kind === 'literal') return `'${value.text}'`
  if (value.kind === 'env') return `$${value.name}`
  if (value.kind === 'unknown') return '?'
  return `[${value.parts.map(show).join(' + ')}]`
}

/** The values of the argument of the (last) `probe(...)` call in /src/handler.ts. */
function probe(handler: string, others: Record<string, string> = {}): string[] {
  const double = new ProjectDouble({ '/src/handler.ts': handler, ...others })
  const argument = probeArguments(double.file('/src/handler.ts')).at(-1)
  if (!argument) throw new Error('no probe(...) call')
  return resolveValue(argument, double).map(show)
}

describe('resolveValue: literals and environment reads', () => {
  it('reads string, template and numeric literals', () => {
    expect(probe(`probe('orders')`)).toEqual([`'orders'`])
    expect(probe('probe(`orders`)')).toEqual([`'orders'`])
    expect(probe('probe(42)')).toEqual([`'42'`])
  })

  it('reads process.env in its forms', () => {
    expect(probe('probe(process.env.QUEUE_URL)')).toEqual(['$QUEUE_URL'])
    expect(probe(`probe(process.env['QUEUE_URL'])`)).toEqual(['$QUEUE_URL'])
    expect(probe(`const key = 'TABLE'\nprobe(process.env[key])`)).toEqual(['$TABLE'])
    expect(probe('probe(process.env.QUEUE_URL!)')).toEqual(['$QUEUE_URL'])
    expect(probe('probe(process.env.QUEUE_URL as string)')).toEqual(['$QUEUE_URL'])
    expect(probe('probe(String(process.env.QUEUE_URL))')).toEqual(['$QUEUE_URL'])
  })

  it('gives unknown for a dynamic environment key', () => {
    expect(probe('export const handler = (name: string) => probe(process.env[name])')).toEqual(['?'])
  })

  it('reads destructured process.env, renamed and with defaults', () => {
    expect(probe('const { QUEUE_URL } = process.env\nprobe(QUEUE_URL)')).toEqual(['$QUEUE_URL'])
    expect(probe('const { QUEUE_URL: url } = process.env\nprobe(url)')).toEqual(['$QUEUE_URL'])
    expect(probe(`const { QUEUE_URL = 'fallback' } = process.env\nprobe(QUEUE_URL)`)).toEqual(['$QUEUE_URL', `'fallback'`])
  })

  it('keeps both sides of ??, || and ternaries', () => {
    expect(probe(`probe(process.env.A ?? 'b')`)).toEqual(['$A', `'b'`])
    expect(probe(`probe(process.env.A || process.env.B)`)).toEqual(['$A', '$B'])
    expect(probe(`declare const flag: boolean\nprobe(flag ? 'x' : process.env.Y)`)).toEqual([`'x'`, '$Y'])
  })

  it('builds composites from template literals and concatenation', () => {
    expect(probe('probe(`${process.env.BASE}/orders`)')).toEqual(['[$BASE + \'/orders\']'])
    expect(probe(`probe(process.env.BASE + '/orders')`)).toEqual(['[$BASE + \'/orders\']'])
    expect(probe("const name = 'orders'\nprobe(`arn:aws:sqs:${name}`)")).toEqual([`'arn:aws:sqs:orders'`])
  })
})

describe('resolveValue: following declarations', () => {
  it('follows const and let initialisers', () => {
    expect(probe('const url = process.env.QUEUE_URL\nconst again = url\nprobe(again)')).toEqual(['$QUEUE_URL'])
    expect(probe(`let name = 'a'\nprobe(name)`)).toEqual([`'a'`])
  })

  it('follows what a let is assigned later, lazily or in branches', () => {
    expect(probe(`let url: string | undefined\nif (Math.random()) url = process.env.A\nelse url = 'b'\nprobe(url)`)).toEqual(['$A', `'b'`])
    expect(probe(`let name = process.env.A\nfunction f() { name ??= process.env.B }\nprobe(name)`)).toEqual(['$A', '$B'])
    expect(probe(`let name = process.env.A\nfunction f() { let name = 'inner'; name = 'x' }\nprobe(name)`)).toEqual(['$A'])
  })

  it('respects shadowing: the innermost declaration wins', () => {
    const code = `const url = process.env.OUTER\nfunction f() {\n  const url = process.env.INNER\n  probe(url)\n}`
    expect(probe(code)).toEqual(['$INNER'])
  })

  it('follows properties of const objects, nested and spread', () => {
    expect(probe('const config = { queueUrl: process.env.Q }\nprobe(config.queueUrl)')).toEqual(['$Q'])
    expect(probe(`const config = { sqs: { url: process.env.Q } }\nprobe(config.sqs.url)`)).toEqual(['$Q'])
    expect(probe(`const base = { url: process.env.Q }\nconst config = { ...base, other: 1 }\nprobe(config['url'])`)).toEqual(['$Q'])
    expect(probe(`const queueUrl = process.env.Q\nconst config = { queueUrl }\nprobe(config.queueUrl)`)).toEqual(['$Q'])
    expect(probe(`const config = { queueUrl: process.env.Q }\nconst { queueUrl } = config\nprobe(queueUrl)`)).toEqual(['$Q'])
  })

  it('follows imports of project files: named, renamed, default, namespace, re-exported, required', () => {
    const config = { '/src/config.ts': `export const QUEUE = process.env.Q!\nexport default { table: process.env.T }\nexport const settings = { bus: process.env.BUS }` }
    expect(probe(`import { QUEUE } from './config.js'\nprobe(QUEUE)`, config)).toEqual(['$Q'])
    expect(probe(`import { QUEUE as q } from './config'\nprobe(q)`, config)).toEqual(['$Q'])
    expect(probe(`import config from './config'\nprobe(config.table)`, config)).toEqual(['$T'])
    expect(probe(`import * as config from './config'\nprobe(config.settings.bus)`, config)).toEqual(['$BUS'])
    expect(probe(`import { QUEUE } from './lib'\nprobe(QUEUE)`, { ...config, '/src/lib/index.ts': `export { QUEUE } from '../config'` })).toEqual(['$Q'])
    expect(probe(`const { QUEUE } = require('./config')\nprobe(QUEUE)`, config)).toEqual(['$Q'])
    expect(probe(`const config = require('./cjs')\nprobe(config.url)`, { '/src/cjs.js': 'module.exports = { url: process.env.URL }' })).toEqual(['$URL'])
  })

  it('leaves package imports unknown', () => {
    expect(probe(`import { QUEUE } from 'some-package'\nprobe(QUEUE)`)).toEqual(['?'])
  })

  it('follows parameters to the arguments at every call site', () => {
    const code = `function send(queueUrl: string) { probe(queueUrl) }\nsend(process.env.A!)\nsend('literal-queue')`
    expect(probe(code)).toEqual(['$A', `'literal-queue'`])
  })

  it('follows parameters across files to imported helpers', () => {
    const helper = `export async function publish(topic: string) { probe(topic) }`
    const double = new ProjectDouble({
      '/src/lib/publish.ts': helper,
      '/src/handler.ts': `import { publish } from './lib/publish'\nexport const handler = () => publish(process.env.TOPIC_ARN!)`,
    })
    const [argument] = probeArguments(double.file('/src/lib/publish.ts'))
    expect(resolveValue(argument!, double).map(show)).toEqual(['$TOPIC_ARN'])
  })

  it('follows destructured parameters and defaults', () => {
    expect(probe(`function send({ url }: { url: string }) { probe(url) }\nsend({ url: process.env.U! })`)).toEqual(['$U'])
    expect(probe(`function send(url = process.env.DEFAULT) { probe(url) }\nsend()`)).toEqual(['$DEFAULT'])
  })

  it('gives unknown for handler parameters (no call site)', () => {
    expect(probe('export const handler = async (event: { url: string }) => probe(event.url)')).toEqual(['?'])
  })

  it('follows one-line helpers with the arguments bound', () => {
    expect(probe(`const env = (name: string) => process.env[name]\nprobe(env('TABLE'))`)).toEqual(['$TABLE'])
    expect(probe(`function required(name: string) { return process.env[name]! }\nprobe(required('QUEUE'))`)).toEqual(['$QUEUE'])
  })

  it('follows an env helper keyed by its parameter to the name passed', () => {
    const code = `function requiredEnv(name: string): string {\n  const value = process.env[name]\n  if (!value) throw new Error(name)\n  return value\n}\nprobe(requiredEnv('QUEUE'))`
    expect(probe(code)).toEqual(['$QUEUE'])
    const exported = { '/src/env.ts': `export function requiredEnv(name: string): string {\n  const value = process.env[name]\n  if (!value) throw new Error(name)\n  return value\n}` }
    expect(probe(`import { requiredEnv } from './env.js'\nconst TABLE = requiredEnv('TABLE_NAME')\nprobe(TABLE)`, exported)).toEqual(['$TABLE_NAME'])
    expect(probe(`const env = (name: string, fallback: string) => process.env[name] ?? fallback\nprobe(env('LEVEL', 'info'))`)).toEqual(['$LEVEL', `'info'`])
  })

  it('follows a helper whose every return gives the same parameter, to the argument', () => {
    const required = `function required(value: string | undefined, name: string): string {\n  if (!value) throw new Error(\`\${name} is not set\`)\n  return value!\n}\n`
    expect(probe(`${required}const queueUrl = required(process.env.ORDERS_QUEUE_URL, 'ORDERS_QUEUE_URL')\nprobe(queueUrl)`)).toEqual(['$ORDERS_QUEUE_URL'])
    const twoReturns = `function pick(value: string | undefined): string {\n  if (value) return (value as string)\n  return value!\n}\nprobe(pick(process.env.A))`
    expect(probe(twoReturns)).toEqual(['$A'])
  })

  it('does not follow helpers whose returns differ or give a module value', () => {
    expect(probe(`function pick(a: string, b: string) {\n  if (a) return a\n  return b\n}\nprobe(pick(process.env.A!, process.env.B!))`)).toEqual(['?'])
    expect(probe(`const fixed = 'x'\nfunction pick(a: string) {\n  if (!a) throw new Error()\n  return fixed\n}\nprobe(pick(process.env.A!))`)).toEqual(['?'])
    expect(probe(`function pick(a: string) {\n  console.log(a)\n  return\n}\nprobe(pick(process.env.A!))`)).toEqual(['?'])
  })

  it('follows class fields, parameter properties and constructor assignments', () => {
    const code = `class Sender {\n  private url = process.env.A\n  constructor(private readonly topic: string) { this.other = process.env.C }\n  other: string\n  go() { probe(this.url); probe(this.topic); probe(this.other) }\n}\nnew Sender(process.env.B!)`
    const double = new ProjectDouble({ '/src/handler.ts': code })
    const probes = probeArguments(double.file('/src/handler.ts'))
    expect(probes.map((node) => resolveValue(node, double).map(show))).toEqual([['$A'], ['$B'], ['$C']])
  })

  it('ends cycles and deep chains in unknown without throwing', () => {
    expect(probe('function a(x: string): void { b(x) }\nfunction b(y: string): void { a(y); probe(y) }')).toEqual(['?'])
    expect(probe('const a: string = b\nconst b: string = a\nprobe(a)')).toEqual(['?'])
  })

  it('locates values where they are written', () => {
    const double = new ProjectDouble({ '/src/handler.ts': `const url =\n  process.env.Q\nprobe(url)` })
    const [value] = resolveValue(probeArguments(double.file('/src/handler.ts'))[0]!, double)
    expect(value).toMatchObject({ kind: 'env', name: 'Q', location: { file: 'src/handler.ts', line: 2, column: 3 } })
  })
})

describe('resolveProperty and traceExpression', () => {
  it('reads nested properties and array items, with a default for absent ones', () => {
    const double = new ProjectDouble({
      '/src/handler.ts': `const entries = [{ EventBusName: process.env.BUS }, { Source: 'x' }]\nconst input = { Entries: entries }\nprobe(input)`,
    })
    const input = findNode(double.file('/src/handler.ts'), 'input', 'Identifier')
    expect(resolveProperty(input, ['Entries', '[]', 'EventBusName'], double, { whenAbsent: 'default' }).map(show)).toEqual(['$BUS', `'default'`])
  })

  it('gives unknown when the object cannot be read', () => {
    const double = new ProjectDouble({ '/src/handler.ts': `export const handler = (input: object) => probe(input)` })
    const [input] = probeArguments(double.file('/src/handler.ts'))
    expect(resolveProperty(input!, ['QueueUrl'], double).map(show)).toEqual(['?'])
  })

  it('traces a variable to the expression that made it', () => {
    const double = new ProjectDouble({ '/src/handler.ts': `const client = new Thing()\nconst alias = client\nprobe(alias)` })
    const [alias] = probeArguments(double.file('/src/handler.ts'))
    expect(traceExpression(alias!, double).map((node) => node.getText())).toEqual(['new Thing()'])
  })
})
