#!/usr/bin/env node
// Production entry point: loads the compiled commands through oclif.manifest.json,
// so oclif never has to import every command module just to list or find one. Importing only
// '@oclif/core/execute' (not the whole package index) keeps `--version` ~50 ms faster.
import module from 'node:module'

// Node.js >= 22.1 can keep compiled code on disk (in the OS temp directory): the code analysis
// loads TypeScript (a 9 MB script), and compiling it again on each run is most of its start-up.
// Older versions lack the function; the call is skipped there.
module.enableCompileCache?.()

// This entry runs the build (dist/cli). oclif would otherwise look for TypeScript sources of it when
// NODE_ENV is test or development, find none for the bundle, and print a warning on stderr.
const { settings } = await import('@oclif/core/settings')
settings.enableAutoTranspile = false

const { execute } = await import('@oclif/core/execute')
await execute({ dir: import.meta.url })
