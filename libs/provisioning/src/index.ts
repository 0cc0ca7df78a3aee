// What the deploy-time provisioning step runs (tools/platform/provision.ts, the Kubernetes Job): no test
// fixture, no embedded database, so its image holds production code only. libs/local-platform re-uses it.
export * from './declared-services';
export * from './service-databases';
export * from './platform-provisioning';
export * from './analytics-feeds';
