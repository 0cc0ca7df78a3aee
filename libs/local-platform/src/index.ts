export * from './platform';
export * from './postgres-server';
export * from './workspace';
export { kafkaVersion, REGISTRY_VERSION } from './maven-artifacts';
export * from './testing/throwaway-database';
