// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata for Nest),
// and the tsconfig path aliases map to library sources.
const { compilerOptions } = require('./tsconfig.base.json');
const path = require('node:path');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
    // jose ships ES modules only: SWC turns them into CommonJS for Jest's module system.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
  // Medium tests start services and Kafka clients: their hooks need more than the default 5s.
  testTimeout: 60_000,
  // A kafkajs consumer that crashed when a test killed its broker schedules its own restart, and
  // that timer outlives disconnect(): the restarted consumer keeps the worker alive after the last
  // test. Exit once the run is over rather than wait on it.
  forceExit: true,
  globalSetup: path.join(__dirname, 'libs/local-platform/src/testing/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/local-platform/src/testing/global-teardown.ts'),
};
