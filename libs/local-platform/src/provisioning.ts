// Provisioning is production code (libs/provisioning, run by the deploy Job); the local platform and the
// tests apply the same steps through it.
export {
  declaredDevIssuerPort, declaredServices, declaredTopics, ensureServiceDatabases, provisionKafkaTopics, provisionMessaging,
  registerEventSchemas, serviceDatabaseName,
} from '@care-events/provisioning';
export type { ServiceEntry } from '@care-events/provisioning';
