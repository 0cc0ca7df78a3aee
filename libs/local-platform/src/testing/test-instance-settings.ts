import { randomUUID } from 'node:crypto';
import { databaseUrlVariable } from '@care-events/service-kit';
import { declaredTopics } from '../provisioning';
import { groupAtTopicEnds } from './group-at-topic-ends';

/**
 * Settings of one service instance in a test: its throwaway database, quiet logs, and a consumer
 * group of its own at the end of every declared topic, so it reads what its test publishes from now
 * on, neither what other tests consumed nor the backlog they left. `env` comes last and may
 * override any of them, e.g. a successor's CONSUMER_GROUP.
 */
export async function testInstanceSettings(name: string, databaseUrl: string, env: Record<string, string> = {}): Promise<Record<string, string>> {
  const group = env.CONSUMER_GROUP ?? (await newGroup(name, env));
  return {
    [databaseUrlVariable(name)]: databaseUrl,
    CONSUMER_GROUP: group,
    LOG_LEVEL: 'warn',
    ...env,
  };
}

/**
 * On a broker of the test's own (`KAFKA_BROKERS` given) the topics hold only what the test writes,
 * and their leaders may still be being elected: the group reads them from the start.
 */
async function newGroup(name: string, env: Record<string, string>): Promise<string> {
  if (env.KAFKA_BROKERS) return `${name}-test-${randomUUID()}`;
  return groupAtTopicEnds(declaredTopics(1).map(({ name: topic }) => topic), `${name}-test`);
}
