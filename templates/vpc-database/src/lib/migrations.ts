/**
 * Schema migrations, applied in order by MigrateFunction and recorded in schema_migrations. Never
 * edit one that has been applied: add the next. Each runs in the same transaction as its record,
 * so a migration is applied completely or not at all.
 */
export interface Migration {
  id: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'create orders',
    sql: `
      CREATE TABLE orders (
        order_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The client's Idempotency-Key: a retried POST finds the order it created instead of adding one.
        idempotency_key text UNIQUE,
        customer_id     text NOT NULL,
        amount_cents    bigint NOT NULL CHECK (amount_cents >= 0),
        currency        char(3) NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX orders_customer_id_idx ON orders (customer_id, created_at);
    `,
  },
]
