import { inTransaction } from '../lib/db.js'
import { MIGRATIONS, type Migration } from '../lib/migrations.js'

/** Any number: it names the lock that keeps two migration runs from interleaving. */
const MIGRATION_LOCK_ID = 4_242_001

export interface MigrateResult {
  applied: number[]
  current: number
}

/**
 * Applies the migrations not yet recorded in schema_migrations, each in its own transaction with
 * its record. Safe to run again (it applies nothing new) and never twice at once: a transaction-level
 * advisory lock serialises runs, on top of the function's reserved concurrency of 1.
 */
export const handler = async (): Promise<MigrateResult> => migrate(MIGRATIONS)

export async function migrate(migrations: readonly Migration[]): Promise<MigrateResult> {
  await inTransaction(async (db) => {
    await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())')
  })
  const applied: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    const ran = await inTransaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID])
      const done = await db.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id])
      if (done.rowCount) return false
      await db.query(migration.sql)
      await db.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name])
      return true
    })
    if (ran) {
      applied.push(migration.id)
      console.info(JSON.stringify({ message: 'migration applied', id: migration.id, name: migration.name }))
    }
  }
  const current = Math.max(0, ...migrations.map((migration) => migration.id))
  return { applied, current }
}
