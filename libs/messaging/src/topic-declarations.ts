import { readFileSync } from 'node:fs';
// deploy/ belongs to no project: the declaration is compiled in, so a built service carries the one it was built with.
// eslint-disable-next-line @nx/enforce-module-boundaries
import declaredTopicsFile from '../../../deploy/topics.json';
import { TopicDeclaration } from './topic-provisioner';

/** How a topic's value schemas are named in the registry (Confluent's subject name strategies). */
export type SubjectNameStrategy = 'TopicRecordNameStrategy' | 'TopicNameStrategy';

interface TopicEntry {
  name: string;
  /** TopicRecordNameStrategy unless declared: TopicNameStrategy for a topic of one schema (subject `<topic>-value`). */
  subjectNameStrategy?: SubjectNameStrategy;
  partitions: number;
  config?: Record<string, string>;
  /** false: no `<name>.dlq` (its readers keep dead letters of their own). */
  deadLetter?: false;
}

/** deploy/topics.json: the topics of the platform, and templates for topics created as they are needed. */
export interface TopicsFile {
  defaults: {
    replicationFactor: number;
    minInSyncReplicas: number;
    config: Record<string, string>;
    deadLetter: { partitions: number; config: Record<string, string> };
  };
  topics: TopicEntry[];
  /** Topics created at run time (e.g. one per care setting); `name` holds `{placeholders}`. */
  templates?: Array<TopicEntry & { template: string }>;
}

/**
 * deploy/topics.json as it was when this code was built (a built service carries it, and needs no checkout
 * beside it), or the topics file at `path`.
 */
export function readTopicsFile(path?: string): TopicsFile {
  return path ? (JSON.parse(readFileSync(path, 'utf8')) as TopicsFile) : (declaredTopicsFile as TopicsFile);
}

/** The file's fixed topics, with replication and min.insync.replicas capped at the cluster's broker count. */
export function declaredTopicsOf(file: TopicsFile, brokerCount: number): TopicDeclaration[] {
  return file.topics.map((topic) => declaration(file, topic, brokerCount));
}

/** The topic a template gives for `values`, on the same defaults and caps as the fixed topics. */
export function topicFromTemplate(file: TopicsFile, template: string, values: Record<string, string>, brokerCount: number): TopicDeclaration {
  const entry = file.templates?.find((candidate) => candidate.template === template);
  if (!entry) throw new Error(`deploy/topics.json declares no topic template "${template}"`);
  const name = entry.name.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`topic template "${template}" needs a value for {${key}}`);
    return value;
  });
  return declaration(file, { ...entry, name }, brokerCount);
}

function declaration(file: TopicsFile, topic: TopicEntry, brokerCount: number): TopicDeclaration {
  const replicationFactor = Math.min(file.defaults.replicationFactor, brokerCount);
  const minInSync = String(Math.min(file.defaults.minInSyncReplicas, replicationFactor));
  const declared: TopicDeclaration = {
    name: topic.name,
    partitions: topic.partitions,
    replicationFactor,
    config: { ...file.defaults.config, 'min.insync.replicas': minInSync, ...topic.config },
  };
  if (topic.deadLetter === false) return declared;
  return { ...declared, deadLetter: { partitions: file.defaults.deadLetter.partitions, config: { ...file.defaults.deadLetter.config, 'min.insync.replicas': minInSync } } };
}
