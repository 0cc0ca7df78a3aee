import { TransientMessagingError } from './messaging-errors';

export type CompatibilityLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FULL_TRANSITIVE' | 'NONE';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * The Confluent-compatible schema registry API, with caches: a schema id never changes its
 * schema, and registering the same schema under the same subject always yields the same id.
 */
export class SchemaRegistryClient {
  // Keyed by the schema object itself: callers reuse their contract objects, and serialising a
  // schema on every publish would cost more than encoding the event.
  private readonly idsBySchema = new WeakMap<object, Map<string, Promise<number>>>();
  private readonly schemasById = new Map<number, Promise<object>>();

  constructor(private readonly baseUrl: string) {}

  /** Registers (or finds) the schema under the subject and returns its global id. */
  register(subject: string, schema: object): Promise<number> {
    let ids = this.idsBySchema.get(schema);
    if (!ids) {
      ids = new Map();
      this.idsBySchema.set(schema, ids);
    }
    let id = ids.get(subject);
    if (!id) {
      const pending = this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: JSON.stringify(schema) }).then((r) => r.id);
      pending.catch(() => ids.delete(subject));
      ids.set(subject, pending);
      id = pending;
    }
    return id;
  }

  schemaById(id: number): Promise<object> {
    let schema = this.schemasById.get(id);
    if (!schema) {
      schema = this.request<{ schema: string }>('GET', `/schemas/ids/${id}`).then((r) => JSON.parse(r.schema) as object);
      this.schemasById.set(id, schema);
      schema.catch(() => this.schemasById.delete(id));
    }
    return schema;
  }

  async setCompatibility(subject: string, compatibility: CompatibilityLevel): Promise<void> {
    await this.request('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility });
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.request('GET', '/subjects');
      return true;
    } catch {
      return false;
    }
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TransientMessagingError(`schema registry unreachable at ${this.baseUrl}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      const message = `schema registry ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`;
      throw response.status >= 500 ? new TransientMessagingError(message) : new Error(message);
    }
    return JSON.parse(text) as T;
  }
}
