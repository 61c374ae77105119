import { beforeEach, describe, expect, it, vi } from 'vitest'

const mocks = vi.hoisted(() => {
  process.env.DB_PROXY_ENDPOINT = 'demo-proxy.proxy-abc123.us-east-1.rds.amazonaws.com'
  process.env.DB_PORT = '5432'
  process.env.DB_NAME = 'orders'
  process.env.DB_USER = 'app_admin'
  const client = { query: vi.fn(), release: vi.fn() }
  return { client, poolConfigs: [] as Record<string, unknown>[], signerConfigs: [] as unknown[], getAuthToken: vi.fn(async () => 'iam-token') }
})

vi.mock('pg', () => ({
  default: {
    Pool: class {
      constructor(config: Record<string, unknown>) {
        mocks.poolConfigs.push(config)
      }
      on() {}
      connect = async () => mocks.client
    },
  },
}))
vi.mock('@aws-sdk/rds-signer', () => ({
  Signer: class {
    constructor(config: unknown) {
      mocks.signerConfigs.push(config)
    }
    getAuthToken = mocks.getAuthToken
  },
}))

const { inTransaction } = await import('../src/lib/db.js')

describe('database connection', () => {
  beforeEach(() => {
    mocks.client.query.mockReset().mockResolvedValue({ rows: [] })
    mocks.client.release.mockReset()
  })

  it('connects to the proxy over TLS with an IAM token, one connection per environment', async () => {
    const config = mocks.poolConfigs[0]!
    expect(config).toMatchObject({ host: 'demo-proxy.proxy-abc123.us-east-1.rds.amazonaws.com', port: 5432, user: 'app_admin', database: 'orders', max: 1, ssl: { rejectUnauthorized: true }, connectionTimeoutMillis: 3000, statement_timeout: 5000, query_timeout: 6000 })
    expect(mocks.signerConfigs[0]).toEqual({ hostname: 'demo-proxy.proxy-abc123.us-east-1.rds.amazonaws.com', port: 5432, username: 'app_admin' })
    // A fresh token for every new connection, none stored.
    await expect((config.password as () => Promise<string>)()).resolves.toBe('iam-token')
    expect(mocks.getAuthToken).toHaveBeenCalledTimes(1)
  })

  it('commits a transaction whose work succeeds', async () => {
    await expect(inTransaction(async (db) => (await db.query('SELECT 1'), 'done'))).resolves.toBe('done')
    expect(mocks.client.query.mock.calls.map((call) => call[0])).toEqual(['BEGIN', 'SELECT 1', 'COMMIT'])
    expect(mocks.client.release).toHaveBeenCalled()
  })

  it('rolls back and rethrows when the work fails, and still releases the connection', async () => {
    await expect(inTransaction(async () => Promise.reject(new Error('constraint violated')))).rejects.toThrow('constraint violated')
    expect(mocks.client.query.mock.calls.map((call) => call[0])).toEqual(['BEGIN', 'ROLLBACK'])
    expect(mocks.client.release).toHaveBeenCalled()
  })
})
