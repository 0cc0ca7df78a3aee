// The write path every service shares. A library of its own, not part of transactional-messaging:
// that one moves events between PostgreSQL and Kafka and knows nothing of patients or their locks;
// this one is the application side above it, used by identity and the clinical services alike.
export * from './patient-command';
export * from './patient-command.handler';
