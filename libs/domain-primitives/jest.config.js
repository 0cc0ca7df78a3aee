// Pure functions only: the shared Kafka/Postgres global setup is not needed here.
module.exports = {
  // Jest loads its config as CommonJS, so require is the way to reach the shared preset.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ...require('../../jest.preset.js'),
  displayName: 'domain-primitives',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
