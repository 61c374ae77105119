// The requirement "Mermaid output renders on GitHub", checked with the real mermaid library
// (11.x: mermaid 12 needs Node 22.12+), not a regex: every fixture's `graph --format mermaid`
// output must be accepted by mermaid's parser, mean to mermaid what we meant (every node with its
// label, every edge in order so that `linkStyle N` styles the edge we meant), and render to an SVG.
//
// mermaid needs a DOM (DOMPurify sanitizes labels; the renderer builds SVG). jsdom provides it.
// jsdom does no layout, so SVGElement.getBBox is stubbed with a crude text-width estimate: the
// render check proves mermaid's renderer accepts the diagram and draws every node and label, not
// what the picture looks like.
import { readFileSync } from 'node:fs'

import { JSDOM } from 'jsdom'
import type { Mermaid } from 'mermaid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type ArchitectureGraph, buildGraph, graphToMermaid, loadGraph, parseTemplateText, Template } from '../../src/index.js'
import { diagramOf, KIND_LABEL } from '../../src/graph/render/diagram.js'

const FIXTURES: Array<[name: string, templates: string[]]> = [
  ['order-processing', ['examples/order-processing/template.yaml']],
  ['cfn-plain-yaml', ['test/fixtures/templates/cfn-plain.yaml']],
  ['cfn-plain-json', ['test/fixtures/templates/cfn-plain.json']],
  ['cdk', ['test/fixtures/templates/cdk.out/OrdersStack.template.json']],
  ['serverless', ['test/fixtures/templates/serverless/.serverless/cloudformation-template-update-stack.json']],
  // Two templates: node ids are qualified with the file (`path#Id`), so every Mermaid id is a generated one.
  ['cfn-plain-json + cdk', ['test/fixtures/templates/cfn-plain.json', 'test/fixtures/templates/cdk.out/OrdersStack.template.json']],
]

/** Logical ids that are words of Mermaid's flowchart grammar (its lexer is case-sensitive; capitalised forms are fine but included anyway). */
const HOSTILE_IDS = [
  'end', 'End', 'END', 'graph', 'Graph', 'flowchart', 'subgraph', 'style', 'Style', 'classDef', 'class', 'default', 'Default',
  'linkStyle', 'interpolate', 'click', 'call', 'href', 'direction', 'LR', 'TD', 'v', 'o', 'x', 'oQueue', 'xTopic', 'accTitle', 'Flowchart',
]

/** Step Functions state names become edge labels; these carry characters that mean something to Mermaid. */
const HOSTILE_STATE_NAMES = [
  'end',
  'Say "hi" & <b>bye</b>',
  'pipe | semi ; percent %% colon :',
  'brackets [sq] (paren) {curly}',
  'arrow --> dotted -.-> thick ==>',
  '`backtick`',
  'Ticket #42; see #quot;',
  'Ünïcødé ✓',
]

/**
 * A plain CloudFormation template whose logical ids are Mermaid keywords, wired so that each of
 * them appears in the diagram as a node and most as both ends of edges of every mode.
 */
function hostileTemplate(): Template {
  const fn = (env: Record<string, unknown> = {}) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => {}' }, Environment: { Variables: env } },
  })
  const queue = (dlq?: string) => ({ Type: 'AWS::SQS::Queue', Properties: dlq ? { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 3 } } : {} })
  const stateTargets = ['class', 'Default', 'linkStyle', 'interpolate', 'call', 'href', 'Flowchart', 'direction']
  const states: Record<string, unknown> = {}
  HOSTILE_STATE_NAMES.forEach((name, index) => {
    const next = HOSTILE_STATE_NAMES[index + 1]
    states[name] = { Type: 'Task', Resource: { 'Fn::GetAtt': [stateTargets[index]!, 'Arn'] }, ...(next ? { Next: next } : { End: true }) }
  })
  const resources: Record<string, unknown> = {
    end: queue('End'),
    End: queue(),
    END: queue('o'),
    o: queue(),
    graph: fn({ TABLE: { Ref: 'style' }, BUCKET: { Ref: 'Style' }, TOPIC: { Ref: 'classDef' } }),
    Graph: fn({ QUEUE: { Ref: 'END' } }),
    style: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] } },
    Style: { Type: 'AWS::S3::Bucket' },
    // Event source mappings and subscriptions are drawn as edges, not nodes: their ids are plain.
    EndMapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['end', 'Arn'] }, FunctionName: { Ref: 'graph' } } },
    OQueueMapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['oQueue', 'Arn'] }, FunctionName: { Ref: 'v' } } },
    oQueue: queue(),
    v: fn(),
    classDef: { Type: 'AWS::SNS::Topic' },
    DefaultSubscription: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'lambda', TopicArn: { Ref: 'classDef' }, Endpoint: { 'Fn::GetAtt': ['default', 'Arn'] } } },
    XSubscription: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'sqs', TopicArn: { Ref: 'classDef' }, Endpoint: { 'Fn::GetAtt': ['x', 'Arn'] }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['END', 'Arn'] } } } },
    subgraph: queue('click'),
    click: queue(),
    LR: fn({ QUEUE: { Ref: 'subgraph' }, BUCKET: { Ref: 'TD' } }),
    TD: { Type: 'AWS::S3::Bucket' },
    x: queue(),
    xTopic: { Type: 'AWS::SNS::Topic' },
    accTitle: fn({ TOPIC: { Ref: 'xTopic' } }),
    default: fn(),
    flowchart: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { RoleArn: 'arn:aws:iam::123456789012:role/sfn', Definition: { StartAt: HOSTILE_STATE_NAMES[0], States: states } },
    },
  }
  for (const id of stateTargets) resources[id] ??= fn()
  const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2)
  return new Template(parseTemplateText('synthetic/mermaid-hostile.json', text))
}

// ---------------------------------------------------------------------------------- DOM + mermaid

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
  // jsdom does no layout: give text a width of 8px a character and a line height of 16px.
  const svgElement = dom.window.SVGElement.prototype as unknown as Record<string, unknown>
  svgElement.getBBox = function (this: Element) {
    return { x: 0, y: 0, width: Math.max(1, (this.textContent ?? '').length * 8), height: 16 }
  }
  svgElement.getComputedTextLength = function (this: Element) {
    return (this.textContent ?? '').length * 8
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

// ---------------------------------------------------------------------------------- helpers

const numbered = (text: string) => text.split('\n').map((line, index) => `${String(index + 1).padStart(4)} | ${line}`).join('\n')

/** mermaid.parse, with mermaid's own message and the numbered diagram when it rejects it. */
async function parseOrExplain(name: string, text: string): Promise<void> {
  try {
    const result = await mermaid.parse(text)
    expect(result).toMatchObject({ diagramType: 'flowchart-v2' })
  } catch (error) {
    throw new Error(`mermaid ${MERMAID_VERSION} rejects the Mermaid output for ${name}:\n${(error as Error).message}\n\n--- diagram ---\n${numbered(text)}`)
  }
}

interface FlowVertex { id: string; text?: string; type?: string }
interface FlowEdge { start: string; end: string; text?: string; stroke?: string; style?: string[] }
interface FlowDb { getVertices(): Map<string, FlowVertex>; getEdges(): FlowEdge[] }

/** What mermaid's flowchart parser built from the text: its vertices (in declaration order) and edges (in order). */
async function parsedModel(text: string): Promise<{ vertices: FlowVertex[]; edges: FlowEdge[] }> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text)
  const db = diagram.db as unknown as FlowDb
  return { vertices: [...db.getVertices().values()], edges: db.getEdges() }
}

/**
 * What a reader sees in a label mermaid parsed: mermaid's entity codes (`#quot;`, `#35;`), which its
 * parser keeps as placeholders until it renders, decoded as its decodeEntities does; tags dropped.
 */
function shownText(parsed: string): string {
  const html = parsed.replace(/\uFB02\xB0\xB0/g, '&#').replace(/\uFB02\xB0/g, '&').replace(/\xB6\xDF/g, ';')
  const element = dom.window.document.createElement('div')
  element.innerHTML = html
  return element.textContent ?? ''
}

/** The text graphToMermaid puts on an edge (poll edges say so). */
const edgeLabel = (edge: { mode: string; label: string }) => (edge.mode === 'poll' ? `poll${edge.label && edge.label !== 'event-source' ? ': ' + edge.label : ''}` : edge.label)

let renderCount = 0
const MERMAID_VERSION = (JSON.parse(readFileSync('node_modules/mermaid/package.json', 'utf8')) as { version: string }).version

// ---------------------------------------------------------------------------------- the checks

function checksFor(name: string, load: () => Promise<ArchitectureGraph>): void {
  describe(`${name}: real mermaid accepts the graph --format mermaid output`, () => {
    let graph: ArchitectureGraph
    let text: string
    beforeAll(async () => {
      graph = await load()
      text = graphToMermaid(graph)
    })

    it('mermaid.parse accepts it as a flowchart', async () => {
      await parseOrExplain(name, text)
    })

    it('mermaid reads every node, edge and linkStyle as intended', async () => {
      await parseOrExplain(name, text)
      const { nodes, edges } = diagramOf(graph)
      const { vertices, edges: parsedEdges } = await parsedModel(text)

      // Nodes: one vertex per node, in order, labelled "<logical id><br><small><kind></small>".
      expect(vertices.map((vertex) => shownText(vertex.text ?? ''))).toEqual(nodes.map((node) => node.logicalId + (KIND_LABEL[node.kind] ?? node.kind)))
      const mermaidIdOf = new Map(nodes.map((node, index) => [node.id, vertices[index]!.id]))

      // Edges: one per diagram edge, same order (so `linkStyle N` is edge N), same ends, label and line style.
      expect(parsedEdges).toHaveLength(edges.length)
      edges.forEach((edge, index) => {
        const parsed = parsedEdges[index]!
        const where = `edge ${index} ${edge.from} -> ${edge.to} (${edge.mode}, ${edge.kind})`
        expect(parsed.start, where).toBe(mermaidIdOf.get(edge.from))
        expect(parsed.end, where).toBe(mermaidIdOf.get(edge.to))
        expect(parsed.stroke, where).toBe(edge.mode === 'sync' ? 'normal' : 'dotted')
        expect(shownText(parsed.text ?? ''), where).toBe(edgeLabel(edge))
        const style = (parsed.style ?? []).map((part) => part.trim()).join('; ')
        if (edge.mode === 'async') expect(style, where).toContain('stroke-dasharray: 6 4')
        if (edge.mode === 'poll') expect(style, where).toContain('stroke-dasharray: 2 3')
        if (edge.mode === 'sync') expect(style, where).not.toContain('stroke-dasharray')
        if (edge.kind === 'failure') expect(style, where).toContain('stroke: #c0392b')
        else expect(style, where).not.toContain('#c0392b')
      })
    })

    it('mermaid.render draws an SVG with every node and edge label', async () => {
      await parseOrExplain(name, text)
      const id = `lambdawise-mermaid-${++renderCount}`
      const { svg } = await mermaid.render(id, text)
      expect(svg).toMatch(/^<svg /)
      expect(svg).not.toMatch(/Syntax error in text|error-icon"/)
      // Mermaid's SVG holds HTML labels (<br> in foreignObject): read it as HTML, as a browser would inline it.
      const document = new JSDOM(`<!doctype html><body>${svg}</body>`).window.document
      const { nodes, edges } = diagramOf(graph)
      const drawnNodes = [...document.querySelectorAll('g.node')].map((element) => element.textContent ?? '')
      expect(drawnNodes.sort()).toEqual(nodes.map((node) => node.logicalId + (KIND_LABEL[node.kind] ?? node.kind)).sort())
      expect(document.querySelectorAll('path.flowchart-link')).toHaveLength(edges.length)
      const drawnLabels = [...document.querySelectorAll('g.edgeLabel')].map((element) => element.textContent ?? '')
      expect(drawnLabels.sort()).toEqual(edges.map(edgeLabel).sort())
    })
  })
}

describe('mermaid library', () => {
  // mermaid 12 needs Node 22.12+; this project supports Node 20.19+, so the dev dependency stays on 11.
  it('is the 11.x line', () => expect(MERMAID_VERSION).toMatch(/^11\./))
})

for (const [name, templates] of FIXTURES) checksFor(name, async () => (await loadGraph(templates)).graph)

checksFor('synthetic template with Mermaid keywords as logical ids', async () => {
  const graph = buildGraph([hostileTemplate()])
  // The fixture only has teeth if every hostile id is drawn and the hostile state names label edges.
  const drawn = new Set(diagramOf(graph).nodes.map((node) => node.logicalId))
  expect(HOSTILE_IDS.filter((id) => !drawn.has(id))).toEqual([])
  const labels = diagramOf(graph).edges.map((edge) => edge.label)
  for (const state of HOSTILE_STATE_NAMES) expect(labels.some((label) => label.split(', ').includes(state)), state).toBe(true)
  return graph
})
