import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * The statement as one PostgreSQL parses and plans once per connection, then only binds and
 * executes: the outbox insert took longer to plan than to run (0.38 ms against 0.24 ms, EXPLAIN
 * ANALYZE in docs/benchmarks.md), on every write. TypeORM hands a query to node-postgres as given,
 * and node-postgres takes a query config with a name as a named prepared statement.
 * A connection pooler between the services and PostgreSQL must keep prepared statements
 * (PgBouncer: max_prepared_statements, 1.21 or later).
 */
export function prepared(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `care_events_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return { name, text } as unknown as string;
}
