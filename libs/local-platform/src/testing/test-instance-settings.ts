import { randomUUID } from 'node:crypto';
import { databaseUrlVariable } from '@care-events/service-kit';

/**
 * Settings of one service instance in a test: its throwaway database, quiet logs, and a consumer
 * group of its own, so it reads the topics from the start whatever other tests consumed. `env`
 * comes last and may override any of them.
 */
export function testInstanceSettings(name: string, databaseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    [databaseUrlVariable(name)]: databaseUrl,
    CONSUMER_GROUP: `${name}-test-${randomUUID()}`,
    LOG_LEVEL: 'warn',
    ...env,
  };
}
