import { Command } from '@oclif/core/command'
import * as Errors from '@oclif/core/errors'
import * as Flags from '@oclif/core/flags'

import { isUserError, UserError } from '../errors.js'

/**
 * Every lambdawise command: user errors become one line on stderr and exit code 2; anything else
 * is a bug, said to be one, with the stack trace behind `--debug`.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({ description: 'Show stack traces for internal errors.', helpGroup: 'GLOBAL' }),
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (isUserError(error)) {
      process.stderr.write(`error: ${error.format()}\n`)
      this.exit(2)
    }
    // Usage errors from oclif's parser (unknown flag, bad option): the same one line and exit 2.
    if (error instanceof Errors.CLIError && error.oclif?.exit === 2 && !(error instanceof Errors.ExitError)) {
      const command = this.id ? ` ${this.id.replace(/:/g, ' ')}` : ''
      process.stderr.write(`error: ${error.message.split('\n')[0]} — see ${this.config.bin}${command} --help\n`)
      this.exit(2)
    }
    // Exit requests and other oclif errors carry their exit code; let oclif handle them.
    if (error instanceof Errors.CLIError || error.oclif?.exit !== undefined) throw error
    const debug = this.argv.includes('--debug') || Boolean(process.env.DEBUG)
    process.stderr.write(`internal error: ${error.message}\nThis is a bug in lambdawise. ${debug ? '' : 'Rerun with --debug for a stack trace, and please report it.'}\n`)
    if (debug) process.stderr.write(`${error.stack ?? ''}\n`)
    this.exit(3)
  }
}

/** `--parameter K=V` (repeatable) into a map, with a clear message for a malformed entry. */
export function parseParameterFlags(values: readonly string[] | undefined): Record<string, string> {
  const parameters: Record<string, string> = {}
  for (const entry of values ?? []) {
    const separator = entry.indexOf('=')
    if (separator <= 0) throw new UserError(`--parameter expects KEY=VALUE, got "${entry}"`)
    parameters[entry.slice(0, separator)] = entry.slice(separator + 1)
  }
  return parameters
}

export const parameterFlag = Flags.string({
  char: 'p',
  description: 'Template parameter value, KEY=VALUE (repeatable). Overrides the default and decides conditions that depend on it.',
  multiple: true,
  // `-p A=1 examples/app`: the path after the flag is the argument, not a second value.
  multipleNonGreedy: true,
})
