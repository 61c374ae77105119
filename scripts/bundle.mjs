// Bundles the compiled commands and hooks (dist/src, from tsc) into dist/cli, which is what
// bin/run.js runs (package.json `oclif.commands` and `oclif.hooks` point there).
//
// Why: Node.js resolves, reads and links every ES module separately. `estimate` imports about 60
// of ours, and loading them took ~45 ms of each run; bundled, ~20 ms. dist/src stays as tsc wrote
// it: it is the library (`main`) and what the tests import.
//
// One file per command and hook, code they share in chunks (`splitting`), so a command loads only
// what it imports; dynamic imports (ts-morph analysis, the AWS SDK clients) stay separate chunks
// and load only when used. Packages stay external: they load from node_modules as before.
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const compiled = join(root, 'dist', 'src')

/** Every .js file under a directory of dist/src. */
function entryPoints(directory) {
  return readdirSync(join(compiled, directory), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
}

await build({
  absWorkingDir: root,
  entryPoints: [...entryPoints('commands'), ...entryPoints('hooks')],
  outbase: 'dist/src',
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Names stay readable in stack traces (`--debug`); nothing is minified.
  minify: false,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
})
