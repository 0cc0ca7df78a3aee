import { randomUUID } from 'node:crypto';
import { asStaff, callService, ClinicalServiceHarness, eventually, Json } from '@care-events/local-platform';
import { TappedMessage } from '@care-events/messaging';

export const RELATIONSHIP_TOPIC = 'care-router.relationship.v1';
export const STARTED = 'care.events.carerouter.CareRelationshipStarted';
export const ENDED = 'care.events.carerouter.CareRelationshipEnded';
export const HOUR = 3_600_000;
/** A paramedic of the ambulance service AMB01, as their token names them. */
export const asParamedic = () => asStaff({ userId: 'P445566', odsCode: 'AMB01', role: 'paramedic' });

/**
 * The relationship events of one patient on care-router.relationship.v1, as the tap (its own consumer group)
 * read them. Other routers on the shared platform (other test runs) publish for the same patients, so only
 * the events in this router's outbox count.
 */
export class RelationshipFeed {
  constructor(private readonly harness: ClinicalServiceHarness) {}

  /** The patient's relationship events once `count` match, in topic order. */
  async of(patientId: string, match: (value: Json, type: string) => boolean, count = 1): Promise<Json[]> {
    return eventually(`${count} matching relationship event(s) of ${patientId}`, async () => {
      const found = (await this.messagesOf(patientId)).filter((m) => match(valueOf(m), m.headers.ce_type));
      return found.length >= count && found.map(valueOf);
    });
  }

  started(patientId: string, kind: string, odsCode: string): Promise<Json> {
    return this.of(patientId, (value, type) => type === STARTED && value.kind === kind && value.odsCode === odsCode).then(([first]) => first);
  }

  ended(patientId: string, kind: string, odsCode: string): Promise<Json> {
    return this.of(patientId, (value, type) => type === ENDED && value.kind === kind && value.odsCode === odsCode).then(([first]) => first);
  }

  /** Every relationship event of the patient so far, as "Started KIND ODS" / "Ended KIND ODS WHY". */
  async summary(patientId: string): Promise<string[]> {
    return (await this.messagesOf(patientId)).map((m) => {
        const value = valueOf(m);
      return m.headers.ce_type === STARTED ? `Started ${value.kind} ${value.odsCode}` : `Ended ${value.kind} ${value.odsCode} ${value.why}`;
    });
  }

  private async messagesOf(patientId: string): Promise<TappedMessage[]> {
    const outboxed = await this.harness.db.query('select event_id from outbox_message where message_key = $1 and topic = $2', [patientId, RELATIONSHIP_TOPIC]);
    const ours = new Set(outboxed.rows.map((row: { event_id: string }) => row.event_id));
    return this.harness.tap.messages.filter((m) => m.key === patientId && m.topic === RELATIONSHIP_TOPIC && ours.has(m.headers.ce_id));
  }
}

const valueOf = (message: TappedMessage): Json => (message.decoded as { value: Json }).value;

/** A patient registered in identity, once the router has handled the registration. */
export async function registeredPatient(harness: ClinicalServiceHarness, overrides: Record<string, unknown> = {}): Promise<string> {
  const patientId = await harness.identity.register(overrides);
  await eventually(`registration of ${patientId} in care-router`, async () => (await harness.db.query('select 1 from care_patient where patient_id = $1 and registered', [patientId])).rowCount === 1);
  return patientId;
}

export function callIdentity(harness: ClinicalServiceHarness, method: string, path: string, body: unknown) {
  return callService(harness.process('identity').url, method, path, body);
}

export async function relationshipsOf(harness: ClinicalServiceHarness, patientId: string): Promise<Json[]> {
  const answer = await harness.call('GET', `/patients/${patientId}/relationships`);
  expect(answer.status).toBe(200);
  return answer.body.relationships;
}

/** The patient's active relationships, as "KIND ODS", sorted. */
export async function activeOf(harness: ClinicalServiceHarness, patientId: string): Promise<string[]> {
  return (await relationshipsOf(harness, patientId))
    .filter((r) => r.active)
    .map((r) => `${r.kind} ${r.odsCode}`)
    .sort();
}

export const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR);

export function followBody(patientId: string, overrides: Record<string, unknown> = {}) {
  return { patientId, odsCode: 'AMB01', reason: 'Ambulance incident 4471: patient in our care', until: new Date(Date.now() + 2 * HOUR).toISOString(), ...overrides };
}

export const encounter = (odsCode = 'RX9') => ({
  encounterId: randomUUID(),
  setting: 'INPATIENT',
  odsCode,
  reason: null,
});
