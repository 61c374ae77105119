/**
 * What lambdawise learns from a function's handler code (design §1: code edges in the
 * architecture graph). The analysis is syntactic (ts-morph, no type checking): the handler file
 * and the project files it imports, read once; rules read these facts and never the code.
 */
import type { Node, SourceFile } from 'ts-morph'

import type { Location } from '../template/positions.js'

/** Where a function's code is, as the template says it (SAM, esbuild metadata, CDK assets, inline). */
export interface HandlerReference {
  /** The graph node id of the function. */
  functionId: string
  /** How the file was found, for messages: `CodeUri + Handler`, `Metadata.BuildProperties.EntryPoints`, `aws:asset:path`, `Code.ZipFile`. */
  via: string
  /** The exported name Lambda calls (`handler` of `app.handler`). */
  exportName: string
  /** Absolute path of the entry module, when found. */
  file?: string
  /** Inline code (`Code.ZipFile`, `InlineCode`): analysed as a virtual file at `file`. */
  inlineText?: string
  /** Why the handler cannot be analysed, when it cannot (code location missing, file missing, not JavaScript/TypeScript). */
  missing?: HandlerMissing
  /** Where the template sets the handler (for findings about a missing file). */
  templateLocation: Location
}

export interface HandlerMissing {
  /**
   * `no-code`: the code location itself does not exist (the template is linted without its code:
   * a notice, not a finding); `no-module`: the location exists but the handler module is not in
   * it (a finding: it fails at run time); `not-node`: another runtime (skipped silently).
   */
  kind: 'no-code' | 'no-module' | 'not-node'
  message: string
}

/** A value in code, as far as a syntactic reading can tell. */
export type CodeValue =
  | { kind: 'literal'; text: string; location: Location }
  /** `process.env.NAME`, directly or through variables, properties and helper parameters. */
  | { kind: 'env'; name: string; location: Location }
  /** Built from parts (template literal, concatenation) where some part is an env var: `${process.env.BASE}/orders`. */
  | { kind: 'composite'; parts: CodeValue[]; location: Location }
  | { kind: 'unknown'; location: Location }

/** One AWS SDK call found in the code. */
export interface SdkCall {
  /** The IAM service prefix: `lambda`, `sqs`, `sns`, `events`, `states`, `dynamodb`, `s3`, ... */
  service: string
  /** The API operation, as AWS names it: `Invoke`, `SendMessage`, `PutItem`. */
  operation: string
  /** The IAM actions the call needs: `lambda:InvokeFunction`; lib-dynamodb's `PutCommand` → `dynamodb:PutItem`. */
  actions: string[]
  /** `v3` (client.send(new XCommand())), `v3-aggregated` (client.x()), `v2` (aws-sdk), `powertools`. */
  style: 'v3' | 'v3-aggregated' | 'v2' | 'powertools'
  /** The call expression. */
  location: Location
  /**
   * The values naming the resource the call acts on (FunctionName, QueueUrl, TopicArn,
   * TableName, stateMachineArn, EventBusName of each entry, Bucket, ...): several when a helper is
   * called from several places or a ternary picks one.
   */
  targets: CodeValue[]
  /**
   * sync: the caller waits for the callee's work (Invoke RequestResponse, StartSyncExecution,
   * reads and writes); async: it hands work over (Invoke Event, SendMessage, Publish, PutEvents,
   * StartExecution). For Invoke: from `InvocationType`; unknown when it cannot be read.
   */
  mode: 'sync' | 'async' | 'unknown'
  /** Inside a loop body (for, for-of, while, .forEach/.map callbacks) of the same function, and awaited there. */
  awaitedInLoop: boolean
}

/** `fetch`/axios/got/node:http(s) calls. */
export interface HttpCall {
  library: 'fetch' | 'axios' | 'got' | 'node-http' | 'undici' | 'ky'
  url: CodeValue
  location: Location
}

/** A wait that holds the function while something else works. */
export interface SyncWait {
  kind: 'sleep-in-loop' | 'waiter' | 'start-sync-execution'
  /** e.g. `await new Promise(r => setTimeout(r, 5000))` inside `while`, `waitUntilTableExists`. */
  detail: string
  location: Location
}

/** A literal in code that names an AWS resource: an ARN, an SQS/API Gateway/Lambda URL, a name passed as a resource parameter. */
export interface HardCodedReference {
  kind: 'arn' | 'queue-url' | 'api-url' | 'function-url' | 'resource-name'
  text: string
  location: Location
}

/** `// lambdawise-ignore-next-line <rule>: <reason>` (or `lambdawise-ignore-line` on the same line). */
export interface CodeSuppression {
  file: string
  /** The line the suppression applies to (1-based). */
  line: number
  rule: string
  reason: string
}

/** Everything found in one function's code. */
export interface HandlerAnalysis {
  reference: HandlerReference
  /** The handler file and every project file it imports (absolute paths), entry first. */
  files: string[]
  /** Where the exported handler is declared. */
  handlerLocation: Location | undefined
  sdkCalls: SdkCall[]
  /**
   * `process.env.X`, `process.env['X']`, `const { X } = process.env`, and each call of a helper
   * reading `process.env[name]` for its parameter (`requiredEnv('X')`, located at the call) when
   * every call site in the loaded files passes a known name; a dynamic read makes `dynamicEnvRead`
   * true. `defaulted`: the read has a fallback (`process.env.X ?? 'info'`, `|| 'x'`, a
   * destructuring default, a helper's fallback argument) or is only a condition
   * (`if (process.env.DEBUG)`, `=== 'y'`, `!`, `Boolean(...)`), so an unset variable is not an error.
   */
  envReads: { name: string; location: Location; defaulted?: boolean }[]
  dynamicEnvRead: boolean
  /** SDK clients constructed inside the handler function (per invocation) instead of at module scope. */
  clientsInHandler: { client: string; location: Location }[]
  httpCalls: HttpCall[]
  waits: SyncWait[]
  hardCoded: HardCodedReference[]
  /**
   * Whether the handler returns `batchItemFailures` (an object literal with that key, Powertools'
   * `processPartialResponse`/`BatchProcessor`); `unknown` when the handler's return cannot be read.
   */
  returnsBatchItemFailures: boolean | 'unknown'
  /** Syntax errors: the file does not parse (the function fails at run time). */
  parseErrors: { message: string; location: Location }[]
}

/** The analysis of every function whose code could be found. */
export interface CodeAnalysis {
  /** By function node id; functions without analysable code are absent (their reference is in `references`). */
  handlers: ReadonlyMap<string, HandlerAnalysis>
  references: readonly HandlerReference[]
  suppressions: readonly CodeSuppression[]
  /** Files read, and how long the analysis took: for `--debug` and the bench. */
  stats: { files: number; durationMs: number }
}

/** The handler files and what they import, parsed once (src/code/project.ts implements it). */
export interface CodeProject {
  /** The entry and its transitive project imports, entry first. */
  filesOf(entryFile: string): SourceFile[]
  /** The project file a relative import in `from` names (./x, ./x.js → x.ts, ./dir → dir/index.ts), if loaded. */
  resolveImport(from: SourceFile, specifier: string): SourceFile | undefined
  /** `file` as findings show it (relative to the working directory), 1-based line and column. */
  locationOf(node: Node): Location
}
