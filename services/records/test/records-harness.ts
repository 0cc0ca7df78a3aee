import { Client } from 'pg';
import {
  eventually, IdentityClient, knownPatientStatus, ServiceProcess, ServiceUnderTest, startServiceProcess, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { RecordsModule } from '../src/records.module';

export const TOPIC = 'records.clinical.v1';

// Response bodies are checked field by field in the tests; their static type adds nothing there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/**
 * The records service on the real platform, fed by the real identity service (its own process)
 * through identity.patient.v1, with a tap on the records topic and a client on records' database.
 */
export class RecordsHarness {
  private constructor(
    readonly service: ServiceUnderTest,
    private readonly identityProcess: ServiceProcess,
    readonly identity: IdentityClient,
    readonly tap: TopicTap,
    readonly db: Client,
  ) {}

  static async start(): Promise<RecordsHarness> {
    const [identityProcess, service, tap] = await Promise.all([
      startServiceProcess('identity'),
      startServiceUnderTest('records', RecordsModule),
      tapTopics([TOPIC]),
    ]);
    const db = new Client({ connectionString: service.database.url });
    await db.connect();
    return new RecordsHarness(service, identityProcess, new IdentityClient(identityProcess.url), tap, db);
  }

  async stop(): Promise<void> {
    await this.db?.end();
    await this.tap?.stop();
    await this.service?.stop();
    await this.identityProcess?.stop();
  }

  /** A patient registered in identity and known to records. */
  async newPatient(): Promise<string> {
    const patientId = await this.identity.register();
    await this.untilPatientIs(patientId, 'active');
    return patientId;
  }

  async untilPatientIs(patientId: string, status: string): Promise<void> {
    await eventually(`patient ${patientId} ${status} in records`, async () => (await knownPatientStatus(this.service.database.url, patientId)) === status);
  }

  call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-actor-type': 'PRACTITIONER', 'x-actor-id': 'G8123456', 'x-correlation-id': 'corr-records' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Calls and checks the status, giving the body. */
  async expectCall(expected: number, method: string, path: string, body?: unknown): Promise<Json> {
    const response = await this.call(method, path, body);
    const answer = await response.json();
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}, not ${expected}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** The patient's events on records.clinical.v1, once at least `count` have arrived. */
  eventsOf(patientId: string, count = 1): Promise<TappedMessage[]> {
    return this.tap.waitFor((message) => message.key === patientId, count);
  }

  async count(table: string): Promise<number> {
    return Number((await this.db.query(`select count(*) from ${table}`)).rows[0].count);
  }
}

export const typeOf = (message: TappedMessage) => message.headers.ce_type.split('.').pop();
export const valueOf = (message: TappedMessage): Json => (message.decoded as { value: unknown }).value;
