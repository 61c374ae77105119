/**
 * The real moto server for the CLI's `--stack` tests (design §7): started on a free local port,
 * waited for, and given stacks with the real CloudFormation client. Tests skip without moto,
 * except under CI, where a missing one fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'

import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation'

export const motoAvailable = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' }).status === 0
if (!motoAvailable && process.env.CI) throw new Error('moto server is required in CI (python3 -m moto.server)')

export interface Moto {
  endpoint: string
  /** The environment a CLI process needs to reach it with dummy credentials. */
  env: Record<string, string>
  stop: () => void
}

/** Starts moto and creates each stack (name → template body). */
export async function startMoto(stacks: Record<string, string>): Promise<Moto> {
  const port = await new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
  const endpoint = `http://127.0.0.1:${port}`
  const moto: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  const started = Date.now()
  while (!(await fetch(`${endpoint}/moto-api/`).then((response) => response.ok, () => false))) {
    if (Date.now() - started > 30_000) {
      moto.kill('SIGTERM')
      throw new Error('moto server did not answer within 30 s')
    }
    await new Promise((done) => setTimeout(done, 100))
  }
  // The test process's own client: the SDK's Node 20 deprecation notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const client = new CloudFormationClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
  for (const [StackName, TemplateBody] of Object.entries(stacks)) await client.send(new CreateStackCommand({ StackName, TemplateBody }))
  client.destroy()
  return {
    endpoint,
    env: { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stop: () => moto.kill('SIGTERM'),
  }
}
