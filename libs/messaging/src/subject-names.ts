import { readTopicsFile, SubjectNameStrategy, TopicsFile } from './topic-declarations';

/**
 * The registry subject of a record on a topic, by the topic's strategy in deploy/topics.json: TopicRecordNameStrategy
 * (`<topic>-<record full name>`, several event types per topic) unless the topic, or the template it was made from,
 * declares TopicNameStrategy (`<topic>-value`, one schema per topic, as the analytics feeds do for ksqlDB, Flink and
 * Connect sinks).
 */
export function subjectFor(topic: string, fullName: string): string {
  return strategyOf(topic) === 'TopicNameStrategy' ? `${topic}-value` : `${topic}-${fullName}`;
}

type Matcher = { pattern: RegExp; strategy: SubjectNameStrategy };
let matchers: Matcher[] | undefined;
const strategies = new Map<string, SubjectNameStrategy>();

/** The declared strategy of a topic; the file is the one this build carries, read once. */
export function strategyOf(topic: string, file?: TopicsFile): SubjectNameStrategy {
  if (file) return findStrategy(topic, declaredMatchers(file));
  let strategy = strategies.get(topic);
  if (!strategy) {
    matchers ??= declaredMatchers(readTopicsFile());
    strategy = findStrategy(topic, matchers);
    strategies.set(topic, strategy);
  }
  return strategy;
}

function findStrategy(topic: string, declared: Matcher[]): SubjectNameStrategy {
  return declared.find(({ pattern }) => pattern.test(topic))?.strategy ?? 'TopicRecordNameStrategy';
}

function declaredMatchers(file: TopicsFile): Matcher[] {
  const exact = (name: string) => name.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return [...file.topics, ...(file.templates ?? [])]
    .filter((entry) => entry.subjectNameStrategy)
    .map((entry) => ({
      pattern: new RegExp(`^${exact(entry.name).replace(/\{\w+\}/g, '[^.]+')}$`),
      strategy: entry.subjectNameStrategy as SubjectNameStrategy,
    }));
}
