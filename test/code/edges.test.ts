import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

import { addCodeEdges } from '../../src/code/edges.js'
import { findSdkCalls } from '../../src/code/sdk-calls.js'
import type { CodeAnalysis, HandlerAnalysis, SdkCall } from '../../src/code/types.js'
import type { ArchitectureGraph } from '../../src/graph/graph.js'
import type { GraphEdge } from '../../src/graph/types.js'
import { loadGraph } from '../../src/index.js'
import { ProjectDouble } from './project-double.js'

const FIXTURE = 'test/fixtures/code/sdk-edges'

/** The fixture's code in an in-memory project, files at `/src/...`. */
function fixtureProject(): ProjectDouble {
  const files: Record<string, string> = {}
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (path.endsWith('.ts')) files[`/${relative(FIXTURE, path)}`] = readFileSync(path, 'utf8')
    }
  }
  walk(join(FIXTURE, 'src'))
  return new ProjectDouble(files)
}

function handlerAnalysis(functionId: string, sdkCalls: SdkCall[]): HandlerAnalysis {
  return {
    reference: { functionId, via: 'CodeUri + Handler', exportName: 'handler', templateLocation: { file: 'template.yaml', line: 1, column: 1 } },
    files: [], handlerLocation: undefined, sdkCalls, envReads: [], dynamicEnvRead: false, clientsInHandler: [], httpCalls: [], waits: [], hardCoded: [],
    returnsBatchItemFailures: 'unknown', parseErrors: [],
  }
}

function analysisOf(handlers: Record<string, SdkCall[]>): CodeAnalysis {
  const map = new Map(Object.entries(handlers).map(([id, calls]) => [id, handlerAnalysis(id, calls)]))
  return { handlers: map, references: [...map.values()].map((handler) => handler.reference), suppressions: [], stats: { files: 0, durationMs: 0 } }
}

async function fixtureGraph(): Promise<ArchitectureGraph> {
  const { graph } = await loadGraph([join(FIXTURE, 'template.yaml')])
  const project = fixtureProject()
  addCodeEdges(graph, analysisOf({
    ApiFunction: findSdkCalls(project.filesOf('/src/api.ts'), project),
    WorkerFunction: findSdkCalls([project.file('/src/worker.ts')], project),
  }))
  return graph
}

function codeEdges(graph: ArchitectureGraph, from: string): Pick<GraphEdge, 'to' | 'mode' | 'operation' | 'actions' | 'condition'>[] {
  return graph.outgoing(from).filter((edge) => edge.via === 'code').map(({ to, mode, operation, actions, condition }) => ({
    to, mode, operation, actions, ...(condition ? { condition } : {}),
  }))
}

describe('addCodeEdges on the sdk-edges fixture', async () => {
  const graph = await fixtureGraph()

  it('adds an edge per call target, through environment variables and imported helpers', () => {
    expect(codeEdges(graph, 'ApiFunction')).toEqual([
      { to: 'WorkerFunction', mode: 'sync', operation: 'Invoke', actions: ['lambda:InvokeFunction'] },
      { to: 'OrdersQueue', mode: 'async', operation: 'SendMessage', actions: ['sqs:SendMessage'] },
      { to: 'OrdersBus', mode: 'async', operation: 'PutEvents', actions: ['events:PutEvents'] },
      { to: 'ProdArchive', mode: 'sync', operation: 'PutObject', actions: ['s3:PutObject'], condition: 'IsProd' },
      { to: 'DevArchive', mode: 'sync', operation: 'PutObject', actions: ['s3:PutObject'], condition: 'IsProd' },
      { to: 'OrdersTable', mode: 'sync', operation: 'PutItem', actions: ['dynamodb:PutItem'] },
    ])
  })

  it('merges a sync and an async Invoke of the same function into one sync edge at the sync call', () => {
    const invokes = graph.outgoing('ApiFunction').filter((edge) => edge.via === 'code' && edge.to === 'WorkerFunction')
    expect(invokes).toHaveLength(1)
    expect(invokes[0]).toMatchObject({ kind: 'may-call', label: 'Invoke', mode: 'sync', location: { file: 'src/api.ts', line: 14, column: 23 } })
  })

  it('keeps the async mode the code shows, where IAM alone would say sync', () => {
    expect(codeEdges(graph, 'WorkerFunction')).toEqual([
      { to: 'OrdersTopic', mode: 'async', operation: 'Publish', actions: ['sns:Publish'] },
      { to: 'AuditFunction', mode: 'async', operation: 'Invoke', actions: ['lambda:InvokeFunction'] },
      { to: 'OrdersQueue', mode: 'async', operation: 'SendMessage', actions: ['sqs:SendMessage'] },
    ])
  })

  it('leaves the template edges as they were', () => {
    const iam = graph.outgoing('ApiFunction').find((edge) => edge.via === 'iam' && edge.to === 'WorkerFunction')
    expect(iam).toMatchObject({ mode: 'sync', actions: ['lambda:InvokeFunction'] })
  })
})

describe('addCodeEdges: targets and merging', () => {
  const call = (overrides: Partial<SdkCall>): SdkCall => ({
    service: 'lambda', operation: 'Invoke', actions: ['lambda:InvokeFunction'], style: 'v3', location: { file: 'src/x.ts', line: 1, column: 1 },
    targets: [], mode: 'sync', awaitedInLoop: false, ...overrides,
  })

  it('matches literal names and ARNs, composites by their env parts, and nothing for unknown values', async () => {
    const { graph } = await loadGraph([join(FIXTURE, 'template.yaml')])
    const at = { file: 'src/x.ts', line: 1, column: 1 }
    addCodeEdges(graph, analysisOf({
      AuditFunction: [
        call({ targets: [{ kind: 'literal', text: 'arn:aws:lambda:us-east-1:123456789012:function:orders-worker', location: at }] }),
        call({ service: 'sqs', operation: 'SendMessage', actions: ['sqs:SendMessage'], mode: 'async', targets: [{ kind: 'unknown', location: at }, { kind: 'env', name: 'NOT_SET', location: at }] }),
        call({ service: 'events', operation: 'PutEvents', actions: ['events:PutEvents'], mode: 'unknown', targets: [{ kind: 'composite', parts: [{ kind: 'literal', text: 'x-', location: at }, { kind: 'literal', text: 'orders', location: at }], location: at }] }),
      ],
    }))
    expect(codeEdges(graph, 'AuditFunction')).toEqual([{ to: 'WorkerFunction', mode: 'sync', operation: 'Invoke', actions: ['lambda:InvokeFunction'] }])
  })

  it('maps an unknown mode to sync and keeps code edges from other kinds of services', async () => {
    const { graph } = await loadGraph([join(FIXTURE, 'template.yaml')])
    const at = { file: 'src/x.ts', line: 1, column: 1 }
    addCodeEdges(graph, analysisOf({
      AuditFunction: [
        call({ mode: 'unknown', targets: [{ kind: 'literal', text: 'orders-worker', location: at }] }),
        call({ service: 'sqs', operation: 'SendMessage', targets: [{ kind: 'literal', text: 'orders-worker', location: at }] }),
      ],
    }))
    expect(codeEdges(graph, 'AuditFunction')).toEqual([{ to: 'WorkerFunction', mode: 'sync', operation: 'Invoke', actions: ['lambda:InvokeFunction'] }])
  })

  it('keeps two async calls async when they merge (IAM merging would recompute sync for InvokeFunction)', async () => {
    const { graph } = await loadGraph([join(FIXTURE, 'template.yaml')])
    const at = { file: 'src/x.ts', line: 1, column: 1 }
    const asyncInvoke = call({ mode: 'async', targets: [{ kind: 'literal', text: 'orders-worker', location: at }] })
    addCodeEdges(graph, analysisOf({ AuditFunction: [asyncInvoke, { ...asyncInvoke, location: { ...at, line: 2 } }] }))
    expect(codeEdges(graph, 'AuditFunction')).toEqual([{ to: 'WorkerFunction', mode: 'async', operation: 'Invoke', actions: ['lambda:InvokeFunction'] }])
  })

  it('points a merged edge at a call with its final mode: the sync call, whichever comes first', async () => {
    const at = { file: 'src/x.ts', line: 1, column: 1 }
    const target = [{ kind: 'literal' as const, text: 'orders-worker', location: at }]
    const asyncFirst = await loadGraph([join(FIXTURE, 'template.yaml')])
    addCodeEdges(asyncFirst.graph, analysisOf({ AuditFunction: [call({ mode: 'async', targets: target, location: { ...at, line: 3 } }), call({ mode: 'sync', targets: target, location: { ...at, line: 7 } }), call({ mode: 'async', targets: target, location: { ...at, line: 9 } })] }))
    const merged = asyncFirst.graph.outgoing('AuditFunction').filter((edge) => edge.via === 'code')
    expect(merged.map((edge) => [edge.mode, edge.location.line])).toEqual([['sync', 7]])
    const syncFirst = await loadGraph([join(FIXTURE, 'template.yaml')])
    addCodeEdges(syncFirst.graph, analysisOf({ AuditFunction: [call({ mode: 'sync', targets: target, location: { ...at, line: 3 } }), call({ mode: 'async', targets: target, location: { ...at, line: 7 } })] }))
    expect(syncFirst.graph.outgoing('AuditFunction').filter((edge) => edge.via === 'code').map((edge) => [edge.mode, edge.location.line])).toEqual([['sync', 3]])
  })

  it('resolves targets in graphs over several templates (ids prefixed by file)', async () => {
    const { graph } = await loadGraph([join(FIXTURE, 'template.yaml'), 'examples/order-processing/template.yaml'])
    const apiId = [...graph.nodes.values()].find((node) => node.logicalId === 'ApiFunction')!.id
    const at = { file: 'src/x.ts', line: 1, column: 1 }
    addCodeEdges(graph, analysisOf({ [apiId]: [call({ targets: [{ kind: 'env', name: 'WORKER_NAME', location: at }] })] }))
    expect(graph.outgoing(apiId).filter((edge) => edge.via === 'code').map((edge) => edge.to)).toEqual([apiId.replace('ApiFunction', 'WorkerFunction')])
  })
})
