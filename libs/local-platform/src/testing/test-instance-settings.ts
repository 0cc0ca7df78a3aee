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
  const group = env.CONSUMER_GROUP ?? (await groupAtTopicEnds(declaredTopics(1).map(({ name: topic }) => topic), `${name}-test`, env.KAFKA_BROKERS));
  return {
    [databaseUrlVariable(name)]: databaseUrl,
    CONSUMER_GROUP: group,
    LOG_LEVEL: 'warn',
    ...env,
  };
}
