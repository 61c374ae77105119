import type { Hook } from '@oclif/core/hooks'

/**
 * "Did you mean ...?" for a mistyped command, as one line on stderr and exit code 2 (a usage
 * error) — in a terminal and in CI alike. (@oclif/plugin-not-found asks Y/n in a terminal and
 * runs the guess, and exits 127 without one; neither suits a tool that runs in pipelines.)
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const typed = options.id.replace(/:/g, ' ')
  const commands = options.config.commandIDs.filter((id) => !id.includes(':') || typed.includes(' '))
  const ranked = commands
    .map((id) => ({ id, distance: editDistance(typed, id.replace(/:/g, ' ')) }))
    .filter((candidate) => candidate.distance <= Math.max(2, Math.floor(typed.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
  const suggestion = ranked[0] ? ` — did you mean "${ranked[0].id.replace(/:/g, ' ')}"?` : '.'
  process.stderr.write(`error: "${typed}" is not a ${options.config.bin} command${suggestion} Run ${options.config.bin} --help for the list.\n`)
  this.exit(2)
}

/** Levenshtein distance: small enough strings that the quadratic table is nothing. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

export default hook
