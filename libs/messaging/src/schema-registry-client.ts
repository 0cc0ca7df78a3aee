import { TransientMessagingError } from './messaging-errors';
import { readRegistryAuth, RegistryAuth, registryAuthorization, withoutUserInfo } from './registry-auth';

export type CompatibilityLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FULL_TRANSITIVE' | 'NONE';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** The registry does not hold this schema under the subject: provisioning has not registered it. */
export class UnregisteredSchemaError extends Error {
  override readonly name = 'UnregisteredSchemaError';
  constructor(readonly subject: string) {
    super(`schema not registered under subject ${subject}: provisioning registers schemas before services publish them`);
  }
}

/** The registry answered with a client error, e.g. 409 for a schema its compatibility rule refuses. */
export class SchemaRegistryError extends Error {
  override readonly name = 'SchemaRegistryError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * The Confluent-compatible schema registry API, with caches: a schema id never changes its
 * schema, and a schema under a subject always has the same id.
 */
export class SchemaRegistryClient {
  // Keyed by the schema object itself: callers reuse their schema objects, and serialising a
  // schema on every publish would cost more than encoding the event.
  private readonly idsBySchema = new WeakMap<object, Map<string, Promise<number>>>();
  private readonly schemasById = new Map<number, Promise<object>>();

  private readonly baseUrl: string;
  private readonly authorization?: string;

  /**
   * Credentials: `auth`, else those in the URL's user-info, else this process's SCHEMA_REGISTRY_USERNAME
   * and SCHEMA_REGISTRY_PASSWORD or SCHEMA_REGISTRY_TOKEN (`readRegistryAuth`), else none.
   */
  constructor(baseUrl: string, auth?: RegistryAuth) {
    const { auth: configured, problems } = readRegistryAuth({ ...process.env, SCHEMA_REGISTRY_URL: baseUrl });
    if (problems.length && !auth) throw new Error(`schema registry settings are invalid: ${problems.join('; ')}`);
    const chosen = auth ?? configured;
    this.baseUrl = withoutUserInfo(baseUrl);
    this.authorization = chosen && registryAuthorization(chosen);
  }

  /** Registers (or finds) the schema under the subject and returns its global id: a deploy-time step. */
  register(subject: string, schema: object): Promise<number> {
    return this.cachedId(schema, `register:${subject}`, () =>
      this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: JSON.stringify(schema) }).then((r) => r.id),
    );
  }

  /** The id of a schema already registered under the subject; never registers. */
  lookup(subject: string, schema: object): Promise<number> {
    return this.cachedId(schema, `lookup:${subject}`, async () => {
      try {
        const found = await this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}?normalize=true`, { schema: JSON.stringify(schema) });
        return found.id;
      } catch (error) {
        if (error instanceof SchemaRegistryError && error.status === 404) throw new UnregisteredSchemaError(subject);
        throw error;
      }
    });
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

  /** The registry-wide default, which holds every subject without a level of its own. */
  async setDefaultCompatibility(compatibility: CompatibilityLevel): Promise<void> {
    await this.request('PUT', '/config', { compatibility });
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.request('GET', '/subjects');
      return true;
    } catch {
      return false;
    }
  }

  /** Failures are not cached: a schema registered later, or a registry back up, is found on the next call. */
  private cachedId(schema: object, key: string, fetchId: () => Promise<number>): Promise<number> {
    let ids = this.idsBySchema.get(schema);
    if (!ids) {
      ids = new Map();
      this.idsBySchema.set(schema, ids);
    }
    let id = ids.get(key);
    if (!id) {
      const pending = fetchId();
      pending.catch(() => ids.delete(key));
      ids.set(key, pending);
      id = pending;
    }
    return id;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE, ...(this.authorization ? { authorization: this.authorization } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TransientMessagingError(`schema registry unreachable at ${this.baseUrl}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      const message = `schema registry ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`;
      throw response.status >= 500 || response.status === 429 ? new TransientMessagingError(message) : new SchemaRegistryError(response.status, message);
    }
    return JSON.parse(text) as T;
  }
}
