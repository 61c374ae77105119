/**
 * `table[key]` for tables keyed by what a user wrote (resource types, event types, policy names):
 * only the table's own entries, so a type named "constructor" or "toString" is just unknown.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}
