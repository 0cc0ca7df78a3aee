// Pure functions only: the shared Kafka/Postgres global setup is not needed here.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'domain-primitives',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
