import { TransactionalMessaging1732600000000 } from './transactional-messaging.migration';
import { OutboxSchemaAndEpoch1764460000000 } from './outbox-schema-and-epoch.migration';
import { OutboxCopies1767000000000 } from './outbox-copies.migration';

/** The outbox, inbox and relay tables' migrations, oldest first: every service database runs them before its own. */
export const transactionalMessagingMigrations = [TransactionalMessaging1732600000000, OutboxSchemaAndEpoch1764460000000, OutboxCopies1767000000000];
