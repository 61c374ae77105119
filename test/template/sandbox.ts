import { Worker } from 'node:worker_threads'

import type { Location } from '../../src/template/positions.js'

/** What one run of the reader on one input came to, as the worker thread reports it. */
export type ReaderOutcome =
  | { kind: 'ok'; milliseconds: number; nodes: Array<{ id: string; type: string; kind: string; location: Location }>; edges: Array<{ from: string; to: string; mode: string; via: string; kind: string; location: Location }> }
  | { kind: 'user'; milliseconds: number; message: string; formatted: string; location?: Partial<Location> & { file: string } }
  | { kind: 'bug'; milliseconds: number; name: string; message: string; stack: string }
  | { kind: 'timeout'; milliseconds: number }

export interface ReaderInput {
  file: string
  text: string
  parameters?: Record<string, string>
  /** Also run the json, mermaid and dot renderers on the graph. */
  render?: boolean
}

/**
 * The reader in a worker thread with a time limit per input: parseTemplateText -> Template ->
 * buildGraph. An input that takes longer than the limit is reported as `timeout` and the worker
 * is replaced, so a hang (e.g. catastrophic regex backtracking) fails one property run instead of
 * freezing the whole test process.
 */
export class ReaderSandbox {
  private worker: Worker | undefined
  private ready: Promise<void> | undefined
  private nextId = 0

  constructor(private readonly limitMilliseconds = 2_000) {}

  private start(): Promise<void> {
    if (this.ready) return this.ready
    // The CLI runs on the main thread, whose stack is about 1 MB; a worker's is 4 MB by default.
    // Give the worker the smaller one, so a stack overflow the CLI would hit is hit here too.
    // A heap limit too, so that an input that makes the reader allocate without bound fails this
    // worker (ERR_WORKER_OUT_OF_MEMORY) rather than the test process.
    const worker = new Worker(new URL('./sandbox-worker.mjs', import.meta.url), { resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 768 } })
    this.worker = worker
    // Errors are taken by the run in progress (below); one between runs must not crash the test process.
    worker.on('error', () => {})
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (message.ready) {
          worker.off('message', onMessage)
          worker.off('error', reject)
          resolve()
        }
      }
      worker.on('message', onMessage)
      worker.once('error', reject)
    })
    return this.ready
  }

  /** Runs one input; `limitMilliseconds` overrides the sandbox's budget for this input. */
  async run(input: ReaderInput, limitMilliseconds = this.limitMilliseconds): Promise<ReaderOutcome> {
    await this.start()
    const worker = this.worker!
    const id = this.nextId++
    const started = performance.now()
    return new Promise<ReaderOutcome>((resolve) => {
      const finish = (outcome: ReaderOutcome, discardWorker: boolean) => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        if (discardWorker) {
          void worker.terminate()
          if (this.worker === worker) {
            this.worker = undefined
            this.ready = undefined
          }
        }
        resolve(outcome)
      }
      const timer = setTimeout(() => finish({ kind: 'timeout', milliseconds: performance.now() - started }, true), limitMilliseconds)
      const onMessage = (message: ReaderOutcome & { id: number }) => {
        if (message.id !== id) return
        const { id: _id, ...outcome } = message
        finish(outcome as ReaderOutcome, false)
      }
      // The worker itself died: out of memory (ERR_WORKER_OUT_OF_MEMORY) or an uncaught error.
      const onError = (error: Error & { code?: string }) =>
        finish({ kind: 'bug', milliseconds: performance.now() - started, name: error.code ?? error.name, message: error.message, stack: String(error.stack ?? error) }, true)
      worker.on('message', onMessage)
      worker.once('error', onError)
      worker.postMessage({ id, ...input })
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    this.ready = undefined
    await worker?.terminate()
  }
}

/** A readable one-line account of an outcome, for assertion messages. */
export function describeOutcome(outcome: ReaderOutcome): string {
  switch (outcome.kind) {
    case 'ok':
      return `read: ${outcome.nodes.length} nodes, ${outcome.edges.length} edges in ${outcome.milliseconds.toFixed(0)} ms`
    case 'user':
      return `UserError: ${outcome.formatted}`
    case 'bug':
      return `${outcome.name} (not a UserError): ${outcome.stack}`
    case 'timeout':
      return `no answer within ${outcome.milliseconds.toFixed(0)} ms (a hang)`
  }
}
