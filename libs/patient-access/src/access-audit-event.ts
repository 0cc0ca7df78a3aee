import { randomUUID } from 'node:crypto';
import type { AccessDecision, Principal } from '@care-events/auth';
import { AuditEventType, type PatientDataAccessed } from '@care-events/contracts';
import { actorOf } from '@care-events/service-kit';
import { DomainEvent } from '@care-events/transactional-messaging';

/** One read of a patient's data, as it was asked and decided. */
export interface PatientRead {
  caller: Principal;
  patientId: string;
  /** What was read, as service:resource (identity:patient, medications:list). */
  what: string;
  breakGlassReason: string | null;
  decision: AccessDecision;
  service: string;
  correlationId: string;
  at: Date;
}

/** The PatientDataAccessed event of a read, allowed or denied: the caller as their token names them. */
export function patientDataAccessed(read: PatientRead): DomainEvent {
  const { caller, decision } = read;
  const value: PatientDataAccessed = {
    metadata: {
      eventId: randomUUID(),
      occurredAt: read.at.getTime(),
      recordedAt: read.at.getTime(),
      patientId: read.patientId,
      actor: actorOf(caller),
      correlationId: read.correlationId,
      causationId: null,
    },
    accessor: accessorOf(caller),
    what: read.what,
    purpose: decision.allowed ? decision.purpose : purposeAskedBy(caller, read.breakGlassReason),
    breakGlass: decision.allowed && decision.breakGlass,
    breakGlassReason: read.breakGlassReason,
    outcome: decision.allowed ? 'ALLOWED' : 'DENIED',
    denialReason: decision.allowed ? null : decision.reason,
    service: read.service,
  };
  return { type: AuditEventType.PatientDataAccessed, value };
}

function accessorOf(caller: Principal): PatientDataAccessed['accessor'] {
  switch (caller.kind) {
    case 'staff':
      return { kind: 'STAFF', id: caller.userId, role: caller.role, odsCode: caller.odsCode };
    case 'patient':
      return { kind: 'PATIENT', id: caller.subject, role: null, odsCode: null };
    case 'system':
      return { kind: 'SYSTEM', id: caller.clientId, role: null, odsCode: caller.odsCode };
  }
}

/** A refused read has no purpose granted: the audit names the one it was asked under. */
function purposeAskedBy(caller: Principal, breakGlassReason: string | null): PatientDataAccessed['purpose'] {
  switch (caller.kind) {
    case 'staff':
      return breakGlassReason ? 'BREAK_GLASS' : 'DIRECT_CARE';
    case 'patient':
      return 'PATIENT_ACCESS';
    case 'system':
      return 'SYSTEM';
  }
}
