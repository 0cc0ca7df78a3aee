import { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { transactionalMessagingMigrations } from '@care-events/transactional-messaging';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = MixedList<Function | string | EntitySchema>;

/** A service's data source: its entities, the outbox/inbox migrations, then its own migrations; `poolSize` connections at most. */
export function databaseOptions(url: string, entities: ClassList, migrations: Array<new () => unknown>, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [...transactionalMessagingMigrations, ...migrations] as DataSourceOptions['migrations'],
    migrationsRun: true,
    synchronize: false,
    // A connect that a broken network path swallows must fail (and be retried) rather than hang a
    // request or a consumer's partition; keepalive finds a dead server under an idle connection.
    extra: { max: poolSize, application_name: 'care-events', connectionTimeoutMillis: 10_000, keepAlive: true },
  };
}
