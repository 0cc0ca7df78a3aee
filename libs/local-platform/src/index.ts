export * from './platform';
export * from './postgres-server';
export * from './workspace';
export { kafkaVersion, REGISTRY_VERSION } from './maven-artifacts';
export * from './testing/throwaway-database';
export * from './provisioning';
export * from './kafka-broker';
export * from './free-port';
export * from './testing/service-under-test';
