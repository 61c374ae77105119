/**
 * The facts a handler's code gives the code rules, besides its SDK calls (sdk-calls.ts): where
 * the handler is, the environment variables it reads, SDK clients it builds per invocation,
 * HTTP calls, waits, hard-coded ARNs and URLs, and whether it returns a partial batch
 * response. Each fact is read by a module of src/code/facts/; this one puts them together.
 */
import type { SourceFile } from 'ts-morph'

import { returnsBatchItemFailures } from './facts/batch.js'
import { findClientsInHandler } from './facts/clients.js'
import { findExport, resolveFunction } from './facts/declarations.js'
import { findEnvReads } from './facts/env.js'
import { findHardCoded } from './facts/hard-coded.js'
import { findHttpCalls } from './facts/http.js'
import { findWaits } from './facts/waits.js'
import type { CodeProject, HandlerAnalysis } from './types.js'

export type CodeFacts = Pick<
  HandlerAnalysis,
  'handlerLocation' | 'envReads' | 'dynamicEnvRead' | 'clientsInHandler' | 'httpCalls' | 'waits' | 'hardCoded' | 'returnsBatchItemFailures'
>

/**
 * `entry` is the handler module, `exportName` the name Lambda calls, `files` the entry and the
 * project files it imports (entry first). Facts about the whole code (env reads, HTTP calls,
 * waits, literals) come from every file; those about the handler itself from its function.
 */
export function findCodeFacts(entry: SourceFile, exportName: string, files: readonly SourceFile[], project: CodeProject): CodeFacts {
  const exported = findExport(entry, exportName, project)
  const handler = resolveFunction(exported?.value, project)
  const env = findEnvReads(files, project)
  return {
    handlerLocation: exported ? project.locationOf(exported.name) : undefined,
    envReads: env.reads,
    dynamicEnvRead: env.dynamic,
    clientsInHandler: findClientsInHandler(handler, project),
    httpCalls: findHttpCalls(files, project),
    waits: findWaits(files, project),
    hardCoded: findHardCoded(files, project),
    returnsBatchItemFailures: exported ? returnsBatchItemFailures(handler, exported.value, project) : 'unknown',
  }
}
