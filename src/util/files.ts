import { renameSync, rmSync, writeFileSync } from 'node:fs'

import { UserError } from '../errors.js'

/** Writes through a temporary file and a rename: a failed write never leaves half a file. */
export function writeFileAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, content)
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw new UserError(`cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file }, 'check the directory exists and is writable')
  }
}

/** Creates `file` with `content`; a file that exists already is left as it is (UserError). */
export function writeNewFile(file: string, content: string): void {
  try {
    writeFileSync(file, content, { flag: 'wx' })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new UserError('the file exists and is left as it is', { file }, 'give a new file name or remove the old file')
    throw new UserError(`cannot write: ${code ?? (error as Error).message}`, { file }, 'check the directory exists and is writable')
  }
}
