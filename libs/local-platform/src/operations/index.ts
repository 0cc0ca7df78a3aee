export * from './dead-letter-report';
export * from './delivery-endpoint-metrics';
export * from './event-line';
export * from './partition-list';
export * from './platform-status';
export * from './prometheus-text';
export * from './service-readiness';
export * from './status-screen';
