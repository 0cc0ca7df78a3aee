// Unit specs only, on in-memory transactions: the shared Kafka/Postgres global setup is not needed here.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'patient-commands',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
