export * from './care-settings';
export * from './expected-feeds';
export * from './feed-check';
export * from './feed-table';
export * from './journey-feeds';
export * from './patient-journey';
export * from './platform-endpoints';
export * from './setting-feed';
