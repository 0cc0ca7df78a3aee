import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEventType, CareRouterEventType, PatientDataAccessed } from '@care-events/contracts';
import {
  asPatient, asStaff, asSystem, callService, eventually, publishEvent, ServiceUnderTest, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { AccessTestModule } from './access-test-service';

const AUDIT_TOPIC = 'audit.access.v1';
const AMBULANCE = { userId: 'P445566', odsCode: 'AMB01', role: 'paramedic' as const };

describe('patient access: the rules decide every read, and every read is audited once', () => {
  let service: ServiceUnderTest;
  let audit: TopicTap;

  beforeAll(async () => {
    [service, audit] = await Promise.all([startServiceUnderTest('access-test', AccessTestModule), tapTopics([AUDIT_TOPIC])]);
  });

  afterAll(async () => {
    await audit?.stop();
    await service?.stop();
  });

  const readNotes = async (patientId: string, headers: Record<string, string>, nhsNumber?: string) =>
    callService(service.url, 'GET', `/patients/${patientId}/notes${nhsNumber ? `?nhsNumber=${nhsNumber}` : ''}`, undefined, headers);
  const auditOf = async (patientId: string, count: number): Promise<PatientDataAccessed[]> =>
    (await audit.waitFor((message) => message.key === patientId, count)).map(valueOf);
  const relationship = (odsCode: string) => ({
    relationshipId: randomUUID(), odsCode, kind: 'FOLLOW', sourceId: randomUUID(), startedAt: Date.now(), endsAt: Date.now() + 3_600_000, reason: 'incident',
  });

  it('lets staff whose organisation is related read, audits it as direct care, committed before the answer', async () => {
    const patientId = randomUUID();
    const follow = relationship('AMB01');
    await publishEvent(CareRouterEventType.CareRelationshipStarted, patientId, follow);
    const staff = await asStaff(AMBULANCE);
    await eventually('the relationship known to the service', async () => (await readNotes(patientId, staff)).status === 200);

    const before = await auditRows(patientId);
    const answer = await readNotes(patientId, { ...staff, 'x-correlation-id': 'corr-read' });
    expect(answer).toMatchObject({ status: 200, body: { patientId, releasedResultsOnly: false } });
    // In the outbox when the answer came: committed before the data was returned.
    expect(await auditRows(patientId)).toBe(before + 1);

    const events = await auditOf(patientId, before + 1);
    expect(events.at(-1)).toEqual({
      metadata: expect.objectContaining({ patientId, actor: { type: 'PRACTITIONER', id: 'P445566', odsCode: 'AMB01' }, correlationId: 'corr-read', causationId: null }),
      accessor: { kind: 'STAFF', id: 'P445566', role: 'paramedic', odsCode: 'AMB01' },
      what: 'access-test:notes',
      purpose: 'DIRECT_CARE',
      breakGlass: false,
      breakGlassReason: null,
      outcome: 'ALLOWED',
      denialReason: null,
      service: 'access-test',
    });
  });

  it('refuses staff of an unrelated organisation with 403, and audits exactly one DENIED event', async () => {
    const patientId = randomUUID();
    const answer = await readNotes(patientId, await asStaff({ odsCode: 'B82002' }));
    expect(answer).toEqual({
      status: 403,
      body: { statusCode: 403, error: 'Forbidden', message: 'no active care relationship between B82002 and this patient; give X-Break-Glass-Reason to read in an emergency' },
    });
    // A later read of the same patient is published after it (one key, one partition, outbox order):
    // once it has arrived, every event of the first read has too.
    await readNotes(patientId, await asSystem('reporting', ['patient-data:read']));
    const events = await auditOf(patientId, 2);
    await eventually('nothing more for the patient', async () => audit.messages.filter((m) => m.key === patientId).length === 2);
    expect(events.map((event) => [event.accessor.id, event.purpose, event.outcome, event.denialReason])).toEqual([
      ['G8123456', 'DIRECT_CARE', 'DENIED', 'no active care relationship between B82002 and this patient; give X-Break-Glass-Reason to read in an emergency'],
      ['reporting', 'SYSTEM', 'ALLOWED', null],
    ]);
  });

  it('lets staff break glass with a reason: allowed, flagged and audited with the reason', async () => {
    const patientId = randomUUID();
    const answer = await readNotes(patientId, { ...(await asStaff({ odsCode: 'B82002' })), 'x-break-glass-reason': 'unconscious in A&E' });
    expect(answer.status).toBe(200);
    const [event] = await auditOf(patientId, 1);
    expect(event).toMatchObject({ purpose: 'BREAK_GLASS', breakGlass: true, breakGlassReason: 'unconscious in A&E', outcome: 'ALLOWED' });
  });

  it('follows the relationships on care-router.relationship.v1: a start opens reads, its end closes them', async () => {
    const patientId = randomUUID();
    const staff = await asStaff(AMBULANCE);
    expect((await readNotes(patientId, staff)).status).toBe(403);
    const follow = relationship('AMB01');
    await publishEvent(CareRouterEventType.CareRelationshipStarted, patientId, follow);
    await eventually('reads allowed once the relationship started', async () => (await readNotes(patientId, staff)).status === 200);
    await publishEvent(CareRouterEventType.CareRelationshipEnded, patientId, { ...follow, endedAt: Date.now(), why: 'FOLLOW_ENDED' });
    await eventually('reads refused once it ended', async () => (await readNotes(patientId, staff)).status === 403);
    // Only the organisation of the relationship was let in.
    expect((await readNotes(patientId, await asStaff({ odsCode: 'B82002' }))).status).toBe(403);
  });

  it('lets a patient read only their own record, at P9, to see released results only', async () => {
    const patientId = randomUUID();
    expect(await readNotes(patientId, await asPatient('9990000018'), '9990000018')).toMatchObject({ status: 200, body: { releasedResultsOnly: true } });
    expect(await readNotes(patientId, await asPatient('9990000026'), '9990000018')).toMatchObject({
      status: 403, body: { message: 'a patient may read only their own record' },
    });
    expect((await readNotes(patientId, await asPatient('9990000018', 'P5'), '9990000018')).status).toBe(403);
    const events = await auditOf(patientId, 3);
    expect(events.map((event) => [event.accessor.kind, event.purpose, event.outcome])).toEqual([
      ['PATIENT', 'PATIENT_ACCESS', 'ALLOWED'],
      ['PATIENT', 'PATIENT_ACCESS', 'DENIED'],
      ['PATIENT', 'PATIENT_ACCESS', 'DENIED'],
    ]);
    expect(events[0].metadata.actor).toEqual({ type: 'PATIENT', id: expect.any(String), odsCode: null });
  });

  async function auditRows(patientId: string): Promise<number> {
    const rows: Array<{ n: number }> = await service.app.get(DataSource).query(
      'select count(*)::int as n from outbox_message where event_type = $1 and message_key = $2', [AuditEventType.PatientDataAccessed, patientId],
    );
    return rows[0].n;
  }
});

const valueOf = (message: TappedMessage) => (message.decoded as { value: PatientDataAccessed }).value;
