import { Signer } from '@aws-sdk/rds-signer'
import pg from 'pg'
import { requiredEnv } from './env.js'

const host = requiredEnv('DB_PROXY_ENDPOINT')
const port = Number(requiredEnv('DB_PORT'))
const user = requiredEnv('DB_USER')
const database = requiredEnv('DB_NAME')

// IAM authentication to RDS Proxy: the token is a SigV4 presigned string made locally from the
// function's role (no network call, no password anywhere), valid for 15 minutes — it is only
// checked when a connection opens, so a pooled connection outlives it.
const signer = new Signer({ hostname: host, port, username: user })

/**
 * One connection per execution environment: an environment serves one request at a time, so more
 * would sit idle on the proxy. Created outside the handler and reused across invocations; RDS Proxy
 * multiplexes these client connections onto a few database connections.
 */
export const pool = new pg.Pool({
  host,
  port,
  user,
  database,
  password: () => signer.getAuthToken(),
  // The proxy requires TLS; its certificate is from Amazon Trust Services, which Node trusts by default.
  ssl: { rejectUnauthorized: true },
  max: 1,
  // Give up quickly rather than let API Gateway time out: a slow connect means the proxy is saturated.
  connectionTimeoutMillis: 3_000,
  // Below the function's 10-second timeout, so a slow query fails with a clear error: the server
  // cancels a statement after 5 s; the client gives up after 6 s (also covering a wait in the proxy).
  statement_timeout: 5_000,
  query_timeout: 6_000,
  // Close before the proxy's IdleClientTimeout (30 minutes) does it for us.
  idleTimeoutMillis: 10 * 60_000,
})

// An idle connection closed by the proxy (or a failover) surfaces here while the environment is
// frozen; without a listener it would crash the process. The next query opens a fresh connection.
pool.on('error', (error) => {
  console.warn(JSON.stringify({ message: 'idle database connection closed', error: error.message }))
})

export type Queryable = Pick<pg.PoolClient, 'query'>

/** Runs `work` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
