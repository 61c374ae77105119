import { beforeEach, describe, expect, it, vi } from 'vitest'

const state = vi.hoisted(() => ({ applied: new Set<number>(), statements: [] as string[] }))
vi.mock('../src/lib/db.js', () => ({
  // A fake database that remembers applied migrations, run inside "transactions".
  inTransaction: async <T>(work: (db: { query: (sql: string, values?: unknown[]) => Promise<{ rowCount: number }> }) => Promise<T>) =>
    work({
      query: async (sql, values) => {
        state.statements.push(sql.trim().split('\n')[0]!)
        if (sql === 'ALTER TABLE broken') throw new Error('syntax error at or near "broken"')
        if (sql.startsWith('SELECT 1 FROM schema_migrations')) return { rowCount: state.applied.has(values![0] as number) ? 1 : 0 }
        if (sql.startsWith('INSERT INTO schema_migrations')) state.applied.add(values![0] as number)
        return { rowCount: 0 }
      },
    }),
}))
const { handler, migrate } = await import('../src/handlers/migrate.js')

describe('migrate', () => {
  beforeEach(() => {
    state.applied.clear()
    state.statements = []
  })

  it('applies the bundled migrations once; a second run applies nothing', async () => {
    await expect(handler()).resolves.toEqual({ applied: [1], current: 1 })
    expect(state.statements).toContain('CREATE TABLE orders (')
    await expect(handler()).resolves.toEqual({ applied: [], current: 1 })
  })

  it('applies only the new migrations, in id order, each under the advisory lock', async () => {
    state.applied.add(1)
    const result = await migrate([
      { id: 3, name: 'third', sql: 'ALTER TABLE orders ADD COLUMN c text' },
      { id: 1, name: 'first', sql: 'CREATE TABLE orders ()' },
      { id: 2, name: 'second', sql: 'ALTER TABLE orders ADD COLUMN b text' },
    ])
    expect(result).toEqual({ applied: [2, 3], current: 3 })
    expect(state.statements.filter((sql) => sql.startsWith('ALTER'))).toEqual(['ALTER TABLE orders ADD COLUMN b text', 'ALTER TABLE orders ADD COLUMN c text'])
    expect(state.statements.filter((sql) => sql.startsWith('SELECT pg_advisory_xact_lock'))).toHaveLength(3)
  })

  it('stops at a failing migration (its transaction rolls back) and reports the error', async () => {
    const migrations = [
      { id: 1, name: 'first', sql: 'CREATE TABLE orders ()' },
      { id: 2, name: 'broken', sql: 'ALTER TABLE broken' },
      { id: 3, name: 'third', sql: 'ALTER TABLE orders ADD COLUMN c text' },
    ]
    await expect(migrate(migrations)).rejects.toThrow('syntax error')
    // The broken one was not recorded and the next one did not run.
    expect([...state.applied]).toEqual([1])
    expect(state.statements).not.toContain('ALTER TABLE orders ADD COLUMN c text')
  })
})
