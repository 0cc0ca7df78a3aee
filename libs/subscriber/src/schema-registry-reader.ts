import { RegistryUnavailableError, SubscriberConfigError, UndecodableEventError } from './subscriber-errors';

export interface RegistryOptions {
  /** Base URL of a Confluent-compatible schema registry API, e.g. http://registry:8081 or …/apis/ccompat/v7. */
  url: string;
  /** HTTP basic credentials (Confluent Cloud: API key and secret). */
  username?: string;
  password?: string;
  /** A bearer token instead of basic credentials (a registry behind an OAuth gateway). */
  token?: string;
  /** Time one request may take (default 10 s). */
  timeoutMs?: number;
}

const ACCEPT = 'application/vnd.schemaregistry.v1+json, application/json';

/** Reads schemas by id from a Confluent-compatible registry; a schema id never changes its schema, so answers are cached. */
export class SchemaRegistryReader {
  private readonly schemas = new Map<number, Promise<object>>();
  private readonly baseUrl: string;
  private readonly authorization?: string;

  constructor(private readonly options: RegistryOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    if (options.token !== undefined && options.username !== undefined) throw new SubscriberConfigError('registry', 'give either a token or a username and password, not both');
    if (options.token !== undefined) this.authorization = `Bearer ${options.token}`;
    if (options.username !== undefined) {
      this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
  }

  schemaById(id: number): Promise<object> {
    let schema = this.schemas.get(id);
    if (!schema) {
      schema = this.get(`/schemas/ids/${id}`).then((body) => {
        const text = (body as { schema?: unknown }).schema;
        if (typeof text !== 'string') throw new UndecodableEventError(`schema registry gave no schema for id ${id}`);
        return JSON.parse(text) as object;
      });
      this.schemas.set(id, schema);
      // A failure is not kept: the registry may be back, or hold the id, next time.
      schema.catch(() => this.schemas.delete(id));
    }
    return schema;
  }

  /** Fails unless the URL answers as a schema registry: a wrong URL would otherwise make every event undecodable. */
  async probe(): Promise<void> {
    const notARegistry = (why: string) => new SubscriberConfigError('registryUrl', `${this.baseUrl} does not answer as a Confluent-compatible schema registry (${why})`);
    let types: unknown;
    try {
      types = await this.get('/schemas/types');
    } catch (error) {
      if (error instanceof UndecodableEventError) throw notARegistry(error.message);
      throw error;
    }
    if (!Array.isArray(types)) throw notARegistry('GET /schemas/types gave no list');
  }

  private async get(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        headers: { accept: ACCEPT, ...(this.authorization ? { authorization: this.authorization } : {}) },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new RegistryUnavailableError(`schema registry unreachable at ${this.baseUrl}: ${(error as Error).message}`);
    }
    const text = await response.text();
    const problem = `schema registry GET ${path} answered ${response.status}: ${text.slice(0, 300)}`;
    // Credentials, throttling and server errors are the registry's state, not the event's fault.
    if (response.status >= 500 || [401, 403, 408, 429].includes(response.status)) throw new RegistryUnavailableError(problem);
    if (!response.ok) throw new UndecodableEventError(problem);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RegistryUnavailableError(`schema registry GET ${path} answered with something other than JSON`);
    }
  }
}
