// The review's Mermaid diagram (the graph's, with findings marked) must still be a diagram GitHub
// renders: checked with the real mermaid parser, under jsdom as test/graph/mermaid-valid.test.ts does.
import { JSDOM } from 'jsdom'
import type { Mermaid } from 'mermaid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loadGraph } from '../../src/index.js'
import { mermaidWithMarkers } from '../../src/review/mermaid.js'

const DOM_GLOBALS = ['window', 'document', 'CSSStyleSheet'] as const
let mermaid: Mermaid
let dom: JSDOM
const saved = new Map<string, PropertyDescriptor | undefined>()

beforeAll(async () => {
  dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
  for (const name of DOM_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name))
    Object.defineProperty(globalThis, name, { value: dom.window[name], configurable: true, writable: true })
  }
  // DOMPurify binds to `window` when mermaid is first imported, so import it after the globals exist.
  mermaid = (await import('mermaid')).default
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })
})

afterAll(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor)
    else delete (globalThis as Record<string, unknown>)[name]
  }
  dom?.window.close()
})

describe('the review diagram marks findings on nodes and stays valid Mermaid', () => {
  it('labels and classes the marked nodes, and mermaid parses it', async () => {
    const { graph } = await loadGraph(['examples/order-processing'])
    const text = mermaidWithMarkers(graph, new Map([
      ['OrdersQueue', { severity: 'warning', count: 2 }],
      ['CreateOrderFunction', { severity: 'error', count: 1 }],
      ['OrderEventsBus', { severity: 'info', count: 1 }],
    ]))
    expect(text).toContain('OrdersQueue[["OrdersQueue<br/><small>SQS queue · 2 warnings</small>"]]')
    expect(text).toContain('CreateOrderFunction("CreateOrderFunction<br/><small>Lambda function · 1 error</small>")')
    expect(text).toMatch(/^ {2}class CreateOrderFunction lwError$/m)
    expect(text).toMatch(/^ {2}class OrdersQueue lwWarning$/m)
    expect(text).toMatch(/^ {2}class OrderEventsBus lwInfo$/m)
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' })
  })

  it('marks nodes whose Mermaid id is generated (several templates: ids are file#LogicalId)', async () => {
    const { graph } = await loadGraph(['test/fixtures/templates/cfn-plain.json', 'test/fixtures/templates/cdk.out/OrdersStack.template.json'])
    const first = [...graph.nodes.values()].find((node) => node.kind === 'function')!
    const text = mermaidWithMarkers(graph, new Map([[first.id, { severity: 'warning', count: 1 }]]))
    expect(text).toMatch(/^ {2}class n\d+_\w+ lwWarning$/m)
    expect(text).toContain('· 1 warning</small>')
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' })
  })
})
