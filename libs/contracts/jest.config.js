// Contract tests read schema files only, so they skip the shared Kafka platform setup.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'contracts',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
