import { UserError } from '../errors.js'
import type { Asker } from './answers.js'
import { DEFAULT_ARCH, DEFAULT_RUNTIME } from './answers.js'
import { nameProblem } from './names.js'
import { ARCHITECTURES, RUNTIMES } from './types.js'

/**
 * The questions `lambdawise init` asks on a terminal. @inquirer/prompts is imported only here, when a question is
 * actually asked, so `lambdawise --version` and non-interactive runs never load it.
 */
export function terminalAsker(): Asker {
  return {
    async pattern(patterns) {
      const { select } = await load()
      return ask(() => select({ message: 'Pattern', choices: patterns.map(({ manifest }) => ({ name: `${manifest.id.padEnd(16)} ${manifest.title}`, value: manifest.id, description: manifest.summary })) }))
    },
    async name(suggestion) {
      const { input } = await load()
      return ask(() => input({ message: 'Project name (stack and package name)', ...(suggestion ? { default: suggestion } : {}), validate: (value) => nameProblem(value) ?? true }))
    },
    async dir(suggestion) {
      const { input } = await load()
      return ask(() => input({ message: 'Directory', default: suggestion, validate: (value) => (value.trim() === '' ? 'a directory is needed' : true) }))
    },
    async runtime() {
      const { select } = await load()
      return ask(() => select({ message: 'Runtime', choices: RUNTIMES.map((value) => ({ value, ...(value === 'nodejs22.x' ? { description: 'Lambda deprecates it on 2027-04-30; lambdawise lint warns about it' } : {}) })), default: DEFAULT_RUNTIME }))
    },
    async arch() {
      const { select } = await load()
      return ask(() => select({ message: 'Architecture', choices: ARCHITECTURES.map((value) => ({ value, description: value === 'arm64' ? 'Graviton: about 20% cheaper per GB-second' : 'Intel/AMD: for native dependencies built only for x86' })), default: DEFAULT_ARCH }))
    },
  }
}

function load(): Promise<typeof import('@inquirer/prompts')> {
  return import('@inquirer/prompts')
}

/** Ctrl-C or a closed terminal during a question is the user's choice to stop: one line, exit 2, nothing written. */
async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question()
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new UserError('cancelled; nothing was written')
    throw error
  }
}
