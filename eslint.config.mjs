import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Architecture rules: a service never imports another service, libraries never import
// services, and kafkajs is reachable only through libs/messaging (the one seam to swap
// for another KafkaJS-compatible client).
export default [
  { ignores: ['**/node_modules', '**/dist', '.data', '.cache', '.nx', '**/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:test-fixture', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The subscriber SDK is installed outside this repository, without any of its libraries.
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:records', onlyDependOnLibsWithTags: ['scope:records', 'scope:shared'] },
            { sourceTag: 'scope:medications', onlyDependOnLibsWithTags: ['scope:medications', 'scope:shared'] },
            { sourceTag: 'scope:appointments', onlyDependOnLibsWithTags: ['scope:appointments', 'scope:shared'] },
            { sourceTag: 'scope:results', onlyDependOnLibsWithTags: ['scope:results', 'scope:shared'] },
            { sourceTag: 'scope:care-router', onlyDependOnLibsWithTags: ['scope:care-router', 'scope:shared'] },
            { sourceTag: 'scope:care-record', onlyDependOnLibsWithTags: ['scope:care-record', 'scope:shared'] },
            { sourceTag: 'scope:delivery', onlyDependOnLibsWithTags: ['scope:delivery', 'scope:shared'] },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kafkajs', message: 'Use @care-events/messaging: kafkajs stays behind that one library.' }] },
      ],
    },
  },
  {
    // libs/subscriber is the other exception: a package for systems outside this repository, which
    // cannot bring libs/messaging along, so it talks to Kafka itself.
    files: ['libs/messaging/**/*.ts', 'libs/subscriber/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // A service's domain/ is its rules alone: no framework, database or broker, so it is tested on its own.
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*', 'typeorm', 'typeorm/*', 'kafkajs', '@care-events/service-kit', '@care-events/transactional-messaging',
                '@care-events/messaging', '@care-events/patient-view', '@care-events/patient-commands',
              ],
              message: 'domain/ imports no framework: use @care-events/domain-primitives (DomainException) and @care-events/contracts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of a service may start the real platform through the test fixtures; its code may not.
    files: ['**/test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: '*', onlyDependOnLibsWithTags: ['type:test-fixture', 'type:feature', 'type:data-access', 'type:util', 'scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // CommonJS configuration files that Jest and Node load directly.
    files: ['**/jest.config.js', 'jest.preset.js', 'tools/register.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
