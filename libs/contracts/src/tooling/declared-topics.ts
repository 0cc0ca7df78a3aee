import { readJson } from './json-file';

/** One topic of deploy/topics.json, as far as the documents generated from the schemas need it. */
export interface DeclaredTopic {
  readonly name: string;
  readonly partitions: number;
  /** The service that publishes on it; or, for a topic several services write, `writers` says which. */
  readonly owner?: string;
  readonly writers?: string;
}

/** A topic created at run time: `name` holds `{placeholders}`, e.g. care-setting.{odsCode}.events.v1. */
export interface DeclaredTemplate extends DeclaredTopic {
  readonly template: string;
}

export interface DeclaredTopics {
  readonly topics: readonly DeclaredTopic[];
  readonly templates: readonly DeclaredTemplate[];
}

/**
 * The topics and templates of deploy/topics.json. Read here rather than through
 * @care-events/messaging's readTopicsFile: contracts is a util library and may not depend on the Kafka seam.
 */
export function readDeclaredTopics(path: string): DeclaredTopics {
  const file = readJson(path) as { topics: DeclaredTopic[]; templates?: DeclaredTemplate[] };
  return { topics: file.topics, templates: file.templates ?? [] };
}

/** The `{placeholders}` of a template's name, in order. */
export function templatePlaceholders(name: string): string[] {
  return [...name.matchAll(/\{(\w+)\}/g)].map(([, placeholder]) => placeholder);
}
