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
  // A client that a failing test never closed must not keep a project's run from ending (and CI
  // from finishing): exit once the run is over. A stopped consumer makes no more restarts
  // (libs/local-platform/src/consumer-broker-crash.medium.spec.ts), so a passing run needs none of it.
  forceExit: true,
  globalSetup: path.join(__dirname, 'libs/local-platform/src/testing/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/local-platform/src/testing/global-teardown.ts'),
};
