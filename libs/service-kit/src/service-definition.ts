import { EntitySchema, MixedList } from 'typeorm';

export const SERVICE_DEFINITION = Symbol('SERVICE_DEFINITION');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** What makes one service: its name and port, its tables, and the topics it reads. */
export interface ServiceDefinition {
  name: string;
  defaultPort: number;
  title: string;
  description: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Array<new () => unknown>;
  /**
   * Topics this service consumes; handlers are @EventPattern('<record full name>') methods. Declared in
   * deploy/services.json (`consumedTopics(name)`), from which its Kafka ACLs are derived too.
   */
  consumes?: string[];
}
