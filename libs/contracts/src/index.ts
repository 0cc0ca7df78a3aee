export * from './avro-schema';
export * from './catalog';
export * from './event-contract';
export * from './generated';
