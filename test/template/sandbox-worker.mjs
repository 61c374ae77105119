// Runs the reader (parseTemplateText -> Template -> buildGraph -> renderers) inside a worker thread,
// so that the test process can terminate it when one input takes too long: a synchronous hang in the
// test's own thread could never be interrupted by a vitest timeout.
import { parentPort } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const lambdawise = await import(new URL('../../src/index.ts', import.meta.url).href)
const { parseTemplateText, Template, buildGraph, UserError, graphToJson, graphToMermaid, graphToDot } = lambdawise

function describeUserError(error) {
  return { kind: 'user', message: error.message, formatted: error.format(), location: error.location ? { ...error.location } : undefined }
}

parentPort.on('message', (request) => {
  const started = performance.now()
  let reply
  try {
    const document = parseTemplateText(request.file, request.text)
    const template = new Template(document, { parameters: request.parameters })
    const graph = buildGraph([template])
    if (request.render) {
      graphToJson(graph)
      graphToMermaid(graph)
      graphToDot(graph)
    }
    reply = {
      kind: 'ok',
      nodes: [...graph.nodes.values()].map((node) => ({ id: node.id, type: node.type, kind: node.kind, location: { ...node.location } })),
      edges: graph.edges.map((edge) => ({ from: edge.from, to: edge.to, mode: edge.mode, via: edge.via, kind: edge.kind, location: { ...edge.location } })),
    }
  } catch (error) {
    reply = error instanceof UserError
      ? describeUserError(error)
      : { kind: 'bug', name: error?.constructor?.name ?? typeof error, message: String(error?.message ?? error), stack: String(error?.stack ?? error) }
  }
  parentPort.postMessage({ id: request.id, milliseconds: performance.now() - started, ...reply })
})
parentPort.postMessage({ ready: true })
