import type { AccessDecision, Principal } from '@care-events/auth';
import { contractFor } from '@care-events/contracts';
import { validateAvro } from '@care-events/messaging';
import { patientDataAccessed, PatientRead } from './access-audit-event';

const PATIENT_ID = '3f1c2a9e-8d4b-4c1e-9a77-0b5d6e2f4a10';
const AT = new Date('2026-03-02T10:15:00Z');
const ALLOWED: AccessDecision = { allowed: true, purpose: 'SYSTEM', breakGlass: false, releasedResultsOnly: false };
const DENIED: AccessDecision = { allowed: false, status: 403, reason: 'not yours' };

const read = (caller: Principal, decision: AccessDecision, breakGlassReason: string | null = null): PatientRead => ({
  caller, patientId: PATIENT_ID, what: 'records:allergies', breakGlassReason, decision, service: 'records', correlationId: 'corr-9', at: AT,
});

describe('the audit event of a read', () => {
  it('names the system that read, its purpose and outcome, and fits its published schema', () => {
    const caller: Principal = { kind: 'system', clientId: 'lab-system', odsCode: 'RX100', scopes: ['patient-data:read'] };
    const event = patientDataAccessed(read(caller, ALLOWED));
    expect(event.type).toBe('care.events.audit.PatientDataAccessed');
    expect(event.value).toEqual({
      metadata: {
        eventId: expect.any(String), occurredAt: AT.getTime(), recordedAt: AT.getTime(), patientId: PATIENT_ID,
        actor: { type: 'SYSTEM', id: 'lab-system', odsCode: 'RX100' }, correlationId: 'corr-9', causationId: null,
      },
      accessor: { kind: 'SYSTEM', id: 'lab-system', role: null, odsCode: 'RX100' },
      what: 'records:allergies',
      purpose: 'SYSTEM',
      breakGlass: false,
      breakGlassReason: null,
      outcome: 'ALLOWED',
      denialReason: null,
      service: 'records',
    });
    expect(() => validateAvro(event.type, contractFor(event.type).schema, event.value)).not.toThrow();
  });

  it.each<[string, Principal, string | null, string]>([
    ['staff without a reason: direct care', { kind: 'staff', userId: 'G1', odsCode: 'B82002', role: 'nurse', roleCode: 'R8001', name: null }, null, 'DIRECT_CARE'],
    ['a patient: their own access', { kind: 'patient', subject: 'sub-1', nhsNumber: '9990000018', proofingLevel: 'P5' }, null, 'PATIENT_ACCESS'],
    ['a system: system access', { kind: 'system', clientId: 'reporting', odsCode: null, scopes: [] }, null, 'SYSTEM'],
  ])('of a denied read names the purpose it was asked under, for %s', (_, caller, reason, purpose) => {
    const event = patientDataAccessed(read(caller, DENIED, reason));
    expect(event.value).toMatchObject({ purpose, outcome: 'DENIED', denialReason: 'not yours', breakGlass: false });
    expect(() => validateAvro(event.type, contractFor(event.type).schema, event.value)).not.toThrow();
  });

  it('of a break-glass read is flagged, with the reason and the staff member\'s role and organisation', () => {
    const caller: Principal = { kind: 'staff', userId: 'P445566', odsCode: 'AMB01', role: 'paramedic', roleCode: 'R8003', name: 'Sam Reed' };
    const decision: AccessDecision = { allowed: true, purpose: 'BREAK_GLASS', breakGlass: true, releasedResultsOnly: false };
    expect(patientDataAccessed(read(caller, decision, 'unresponsive at scene')).value).toMatchObject({
      metadata: { actor: { type: 'PRACTITIONER', id: 'P445566', odsCode: 'AMB01' } },
      accessor: { kind: 'STAFF', id: 'P445566', role: 'paramedic', odsCode: 'AMB01' },
      purpose: 'BREAK_GLASS',
      breakGlass: true,
      breakGlassReason: 'unresponsive at scene',
    });
  });
});
