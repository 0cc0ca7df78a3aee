// Pure functions and a development issuer each test starts itself: the shared Kafka/Postgres global setup is not needed.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'auth',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
