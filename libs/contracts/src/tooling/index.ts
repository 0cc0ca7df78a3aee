// Build-time schema tooling, kept out of the package entry point: the tools that regenerate
// src/generated/ must run even when it is missing or stale.
export * from './compatibility';
export * from './generated-documents';
export * from './generated-files';
export * from './released-schemas';
export * from './render-event-reference';
export * from './schema-check';
export * from './schema-loader';
export * from './self-contained';
export * from './workspace-paths';
