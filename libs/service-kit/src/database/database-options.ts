import { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { TransactionalMessaging1732600000000 } from '@care-events/transactional-messaging';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = MixedList<Function | string | EntitySchema>;

/** A service's data source: its entities, the outbox/inbox migration, then its own migrations. */
export function databaseOptions(url: string, entities: ClassList, migrations: Array<new () => unknown>): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [TransactionalMessaging1732600000000, ...migrations] as DataSourceOptions['migrations'],
    migrationsRun: true,
    synchronize: false,
    extra: { max: 20, application_name: 'care-events' },
  };
}
