import { Type } from '@nestjs/common';
import { Client } from 'pg';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { Answer, CallHeaders, callService } from './call-service';
import { eventually } from './eventually';
import { IdentityClient } from './identity-client';
import { knownPatientStatus } from './known-patient-status';
import { CountedFuzzReport, fuzzCountingWrites, FuzzOptions } from './request-fuzzer';
import { ServiceProcess, startServiceProcess } from './service-process';
import { ServiceUnderTest, startServiceUnderTest, tapTopics } from './service-under-test';

export interface ClinicalServiceHarnessOptions {
  /** The service's own topic, tapped from the start. */
  topic: string;
  /** Settings of the service under test (see startServiceUnderTest). */
  env?: Record<string, string>;
  /** Services besides identity to run as their own processes, e.g. one whose events the service follows. */
  alsoRun?: string[];
  /** Settings of those processes and identity's (e.g. where they export traces). */
  processEnv?: Record<string, string>;
}

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * A service that follows identity's patients, on the real platform: the real identity service
 * (and any `alsoRun` ones) as child processes, a tap on the service's topic, and a client on its
 * database.
 */
export class ClinicalServiceHarness {
  readonly identity: IdentityClient;

  private constructor(
    private readonly name: string,
    readonly service: ServiceUnderTest,
    private readonly processes: Map<string, ServiceProcess>,
    readonly tap: TopicTap,
    readonly db: Client,
  ) {
    this.identity = new IdentityClient(this.process('identity').url);
  }

  static async start(name: string, module: Type<unknown>, options: ClinicalServiceHarnessOptions): Promise<ClinicalServiceHarness> {
    const names = ['identity', ...(options.alsoRun ?? [])];
    const processes = names.map((processName) => startServiceProcess(processName, options.processEnv));
    const service = startServiceUnderTest(name, module, options.env);
    const tap = tapTopics([options.topic]);
    const db = service.then(async ({ database }) => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      return { client, stop: () => client.end() };
    });
    // Every part is awaited, not just up to the first failure, so that none is left running:
    // a test's afterAll never gets a harness that failed to start.
    const settled = await Promise.allSettled<Stoppable>([...processes, service, tap, db]);
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      // The failure to start is what the test should report, not a later one to stop.
      await stopInReverse(settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))).catch(() => undefined);
      throw failure.reason;
    }
    const started = await Promise.all(processes);
    return new ClinicalServiceHarness(name, await service, new Map(names.map((processName, i) => [processName, started[i]])), await tap, (await db).client);
  }

  /** A service started as its own process: identity, or one named in `alsoRun`. */
  process(name: string): ServiceProcess {
    const running = this.processes.get(name);
    if (!running) throw new Error(`the ${name} service was not started: name it in the harness's alsoRun`);
    return running;
  }

  /** A patient registered in identity and known to the service. */
  async newPatient(): Promise<string> {
    const patientId = await this.identity.register();
    await this.untilPatientIs(patientId, 'active');
    return patientId;
  }

  async untilPatientIs(patientId: string, status: string): Promise<void> {
    await eventually(`patient ${patientId} ${status} in ${this.name}`, async () => (await knownPatientStatus(this.service.database.url, patientId)) === status);
  }

  call(method: string, path: string, body?: unknown, headers?: CallHeaders): Promise<Answer> {
    return callService(this.service.url, method, path, body, headers);
  }

  /** The patient's events on the tapped topic, once at least `count` have arrived. */
  eventsOf(patientId: string, count = 1): Promise<TappedMessage[]> {
    return this.tap.waitFor((message) => message.key === patientId, count);
  }

  /**
   * Sends the service's write endpoints malformed requests (see fuzzCountingWrites). Its view of
   * identity's patients and its inbox are left out of the count, with `alsoProjected` tables: other
   * tests on the same broker feed them meanwhile.
   */
  fuzzWrites(options: Omit<FuzzOptions, 'projections'> & { alsoProjected?: string[] }): Promise<CountedFuzzReport> {
    const { alsoProjected = [], ...fuzz } = options;
    return fuzzCountingWrites(this.service.url, this.db, { ...fuzz, projections: ['known_patient', 'inbox_message', ...alsoProjected] });
  }

  /** Rows of a table, or of `table where ...`. */
  async count(table: string): Promise<number> {
    return Number((await this.db.query(`select count(*) from ${table}`)).rows[0].count);
  }

  async stop(): Promise<void> {
    await stopInReverse([...this.processes.values(), this.service, this.tap, { stop: () => this.db.end() }]);
  }
}

/** Stops the parts last started first, each even if an earlier one failed to stop; rethrows the first failure. */
async function stopInReverse(parts: Stoppable[]): Promise<void> {
  let failure: unknown;
  for (const part of [...parts].reverse()) {
    await part.stop().catch((error: unknown) => {
      failure ??= error;
    });
  }
  if (failure !== undefined) throw failure;
}
