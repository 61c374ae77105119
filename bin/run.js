#!/usr/bin/env node
// Production entry point: loads the compiled commands through oclif.manifest.json,
// so oclif never has to import every command module just to list or find one.
import { execute } from '@oclif/core'

await execute({ dir: import.meta.url })
