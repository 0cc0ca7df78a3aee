import { Client } from 'pg';
import {
  IdentityClient, ServiceProcess, ServiceUnderTest, startServiceProcess, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { TopicTap } from '@care-events/messaging';
import { MedicationsModule } from '../src/medications.module';
import { TOPIC } from './medications-fixtures';

/**
 * The medications service on the real platform, fed by the real identity service (its own process)
 * through identity.patient.v1 and, when asked, by the real records service through records.clinical.v1,
 * with a tap on the medications topic and a client on medications' database.
 */
export class MedicationsHarness {
  private constructor(
    readonly service: ServiceUnderTest,
    private readonly identityProcess: ServiceProcess,
    private readonly recordsProcess: ServiceProcess | null,
    readonly identity: IdentityClient,
    readonly tap: TopicTap,
    readonly db: Client,
  ) {}

  static async start(options: { withRecords?: boolean } = {}): Promise<MedicationsHarness> {
    const [identityProcess, recordsProcess, service, tap] = await Promise.all([
      startServiceProcess('identity'),
      options.withRecords ? startServiceProcess('records') : null,
      startServiceUnderTest('medications', MedicationsModule),
      tapTopics([TOPIC]),
    ]);
    const harness = new MedicationsHarness(
      service, identityProcess, recordsProcess, new IdentityClient(identityProcess.url), tap, new Client({ connectionString: service.database.url }),
    );
    try {
      await harness.db.connect();
    } catch (error) {
      // A test's afterAll never gets a harness that failed to start, so what did start is stopped here.
      await harness.stop();
      throw error;
    }
    return harness;
  }

  /** The records service process; only there when started with `withRecords`. */
  get records(): ServiceProcess {
    if (!this.recordsProcess) throw new Error('the records service was not started: start the harness with { withRecords: true }');
    return this.recordsProcess;
  }

  async stop(): Promise<void> {
    await this.db.end();
    await this.tap.stop();
    await this.service.stop();
    await this.recordsProcess?.stop();
    await this.identityProcess.stop();
  }
}
