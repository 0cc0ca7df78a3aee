import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  eventually, IdentityClient, knownPatientStatus, ServiceProcess, ServiceUnderTest, startServiceProcess, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { IdentityEventType } from '@care-events/contracts';
import { TopicTap } from '@care-events/messaging';
import { ServiceKitModule } from '@care-events/service-kit';
import { PATIENT_LIFECYCLE_HOOKS, PatientDeath, PatientLifecycleHooks, PatientView } from '../src';

const closedWard = randomUUID();

/** A service whose death hook fails for one date of death. */
@Injectable()
class FailingHooks implements PatientLifecycleHooks, OnModuleInit {
  static initCalls = 0;
  onModuleInit() {
    FailingHooks.initCalls++;
  }
  async onPatientDeceased(death: PatientDeath): Promise<void> {
    if (death.dateOfDeath === '2026-01-02') throw new Error(`ward ${closedWard} is closed`);
  }
}

@Module({
  imports: [ServiceKitModule.forService({
    name: 'hook-probe', defaultPort: 0, title: 'probe', description: 'probe',
    entities: [...PatientView.entities], migrations: [...PatientView.migrations], consumes: [PatientView.topic],
  })],
  controllers: [...PatientView.controllers],
  providers: [...PatientView.providers, FailingHooks, { provide: PATIENT_LIFECYCLE_HOOKS, useExisting: FailingHooks }],
})
class ProbeModule {}

describe('a lifecycle hook that fails, on the real platform', () => {
  let identity: ServiceProcess;
  let probe: ServiceUnderTest;
  let deadLetters: TopicTap;

  beforeAll(async () => {
    [identity, probe, deadLetters] = await Promise.all([
      startServiceProcess('identity'),
      startServiceUnderTest('hook-probe', ProbeModule, { CONSUMER_RETRY_ATTEMPTS: '2', CONSUMER_RETRY_BACKOFF_MS: '10' }),
      tapTopics(['identity.patient.v1.dlq']),
    ]);
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await probe?.stop();
    await identity?.stop();
  });

  it("rolls the view back with the hook, and dead-letters the event with the hook's own error", async () => {
    const client = new IdentityClient(identity.url);
    const patientId = await client.register();
    await eventually('the registration in the view', async () => (await knownPatientStatus(probe.database.url, patientId)) === 'active');
    await client.recordDeath(patientId, '2026-01-02');

    const [letter] = await deadLetters.waitFor((message) => message.key === patientId, 1);
    expect(letter.headers).toMatchObject({
      dlq_error_type: 'Error',
      dlq_error_message: `ward ${closedWard} is closed`,
      dlq_attempts: '2',
      ce_type: IdentityEventType.PatientDeceased,
    });
    expect(await knownPatientStatus(probe.database.url, patientId)).toBe('active');
    // The consumer starts after the application's init hooks ran; it must not run them again.
    expect(FailingHooks.initCalls).toBe(1);
  });
});
