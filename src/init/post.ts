import { execa } from 'execa'

/** How a follow-up step (npm install, git) went: it never undoes the project, which is complete without it. */
export interface StepResult {
  step: 'install' | 'git'
  ok: boolean
  /** Why it was skipped or failed, for the user. */
  message?: string
}

/**
 * `npm install` in the new project. npm's own progress goes to stderr (stdout stays for the command's result);
 * stdin is closed so nothing can wait for input.
 */
export async function npmInstall(dir: string): Promise<StepResult> {
  const result = await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdin: 'ignore', stdout: 'pipe', stderr: 'inherit', reject: false })
  // npm prints its summary on stdout; show it on stderr as progress.
  if (result.stdout) process.stderr.write(`${result.stdout}\n`)
  if (result.failed) return { step: 'install', ok: false, message: `npm install failed${result.exitCode === undefined ? `: ${result.shortMessage}` : ` (exit ${result.exitCode})`}; run it yourself in the project` }
  return { step: 'install', ok: true }
}

/**
 * `git init` and a first commit. Skipped when the directory is already inside a git work tree (a monorepo: a
 * nested repository would be a surprise) or git is missing. A commit that fails (no user.name configured) leaves
 * the repository initialised with the files staged.
 */
export async function gitInit(dir: string, message: string): Promise<StepResult> {
  const git = (args: string[]) => execa('git', args, { cwd: dir, stdin: 'ignore', reject: false })
  const inside = await git(['rev-parse', '--is-inside-work-tree'])
  if (inside.failed && inside.exitCode === undefined) return { step: 'git', ok: false, message: 'git is not installed; no repository created' }
  if (inside.exitCode === 0 && inside.stdout.trim() === 'true') return { step: 'git', ok: true, message: 'already inside a git repository; no new one created' }
  for (const args of [['init', '--quiet'], ['add', '--all']]) {
    const result = await git(args)
    if (result.failed) return { step: 'git', ok: false, message: `git ${args[0]} failed: ${result.stderr.trim() || result.shortMessage}` }
  }
  const commit = await git(['-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', message])
  if (commit.failed) return { step: 'git', ok: false, message: `git commit failed (${commit.stderr.trim().split('\n')[0] ?? ''}); the files are staged: commit them yourself` }
  return { step: 'git', ok: true }
}
