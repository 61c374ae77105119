#!/usr/bin/env node
// Production entry point: loads the compiled commands through oclif.manifest.json,
// so oclif never has to import every command module just to list or find one. Importing only
// '@oclif/core/execute' (not the whole package index) keeps `--version` ~50 ms faster.
import { execute } from '@oclif/core/execute'

await execute({ dir: import.meta.url })
