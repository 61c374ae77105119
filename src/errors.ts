import type { Location } from './template/positions.js'

/**
 * A problem with the user's input or invocation: a bad flag, an unreadable or invalid file.
 * The CLI prints it as one line (`file:line:col: message`) and exits with code 2.
 * Anything else that escapes a command is a bug in lambdawise and is reported as such.
 */
export class UserError extends Error {
  readonly exitCode = 2
  constructor(
    message: string,
    readonly location?: (Partial<Location> & { file: string }) | undefined,
    /** What the user can do about it. */
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'UserError'
  }

  /** `file:line:col: message (hint)` — the single line the CLI prints. */
  format(): string {
    const where = this.location ? formatLocation(this.location) + ': ' : ''
    // One line whatever the user's text holds (a logical id with a newline, say).
    return `${where}${this.message}${this.hint ? ` — ${this.hint}` : ''}`.replace(/[\u0000-\u001f\u007f]/g, (character) => JSON.stringify(character).slice(1, -1))
  }
}

export function formatLocation(location: Partial<Location> & { file: string }): string {
  let text = location.file
  if (location.line !== undefined) {
    text += `:${location.line}`
    if (location.column !== undefined) text += `:${location.column}`
  }
  return text
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError
}
