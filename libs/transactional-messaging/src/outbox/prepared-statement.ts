import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * The statement as one PostgreSQL parses and plans once per connection, then only binds and
 * executes. Unprepared, a registration's statement was planned on every write (0.146 ms of
 * planning beside 0.217 ms of execution, pg_stat_statements; docs/benchmarks.md). TypeORM hands a
 * query to node-postgres as given, and node-postgres takes a query config with a name as a named
 * prepared statement. A connection pooler between the services and PostgreSQL must keep prepared
 * statements (PgBouncer: max_prepared_statements, 1.21 or later).
 */
export function prepared(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `care_events_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return { name, text } as unknown as string;
}
