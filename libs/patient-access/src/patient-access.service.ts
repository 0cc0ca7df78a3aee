import { ForbiddenException, Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessDecision, decideAccess, Principal } from '@care-events/auth';
import { Clock, Reader, SERVICE_DEFINITION, ServiceDefinition } from '@care-events/service-kit';
import { OutboxWriter } from '@care-events/transactional-messaging';
import { patientDataAccessed } from './access-audit-event';
import { CareRelationshipLookup } from './care-relationships';
import { PATIENT_NHS_NUMBERS, PatientNhsNumbers } from './patient-nhs-numbers';

export interface PatientOfRead {
  patientId: string;
  /** null when the service does not know it: a patient's token then cannot be matched to the record. */
  nhsNumber: string | null;
}

export type AllowedRead = Extract<AccessDecision, { allowed: true }>;

/**
 * Who may read a patient's data, decided by the one access policy (decideAccess), and the audit of
 * every read: allowed or denied, one PatientDataAccessed event goes to the outbox and commits before
 * the caller gets the data, or its 403.
 */
@Injectable()
export class PatientAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly relationships: CareRelationshipLookup,
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Optional() @Inject(PATIENT_NHS_NUMBERS) private readonly nhsNumbers: PatientNhsNumbers | null = null,
  ) {}

  /** Decides, audits (committed), then gives the decision or throws 403 with its reason. */
  async authorizeRead(caller: Principal, patient: PatientOfRead, what: string, breakGlassReason: string | null, correlationId?: string): Promise<AllowedRead> {
    const at = this.clock.now();
    const decision = decideAccess({
      principal: caller,
      access: 'read',
      patient,
      hasCareRelationship: await this.hasCareRelationship(caller, patient.patientId, at),
      breakGlassReason,
    });
    const event = patientDataAccessed({
      caller, patientId: patient.patientId, what, breakGlassReason, decision, service: this.service.name, at,
      correlationId: correlationId ?? randomUUID(),
    });
    await this.dataSource.transaction((manager) => this.outbox.append(manager, [event]));
    if (!decision.allowed) throw forbidden(decision.reason);
    return decision;
  }

  /**
   * authorizeRead for a request's reader. Given only the patient's id, the NHS number a patient's
   * token is matched against comes from the service's PATIENT_NHS_NUMBERS (its patient view).
   */
  async authorizeReadOf(reader: Reader, patient: string | PatientOfRead, what: string): Promise<AllowedRead> {
    const known = typeof patient === 'string' ? { patientId: patient, nhsNumber: await this.nhsNumberOf(reader.caller, patient) } : patient;
    return this.authorizeRead(reader.caller, known, what, reader.breakGlassReason, reader.correlationId);
  }

  /**
   * For a write a patient may make (a route marked @PatientMayCall): a patient only for themselves.
   * Other callers passed the write rule of every route already.
   */
  async assertMayWriteFor(caller: Principal, patientId: string): Promise<void> {
    if (caller.kind !== 'patient') return;
    const decision = decideAccess({
      principal: caller, access: 'write', patient: { patientId, nhsNumber: await this.nhsNumberOf(caller, patientId) }, hasCareRelationship: false, breakGlassReason: null,
    });
    if (!decision.allowed) throw forbidden(decision.reason);
  }

  private async hasCareRelationship(caller: Principal, patientId: string, at: Date): Promise<boolean> {
    // Only staff and systems act for an organisation; a patient's access does not depend on one.
    const odsCode = caller.kind === 'patient' ? null : caller.odsCode;
    return odsCode !== null && this.relationships.isRelated(patientId, odsCode, at);
  }

  /** Only a patient's access turns on the NHS number: other callers' reads need not look it up. */
  private async nhsNumberOf(caller: Principal, patientId: string): Promise<string | null> {
    return caller.kind === 'patient' && this.nhsNumbers ? this.nhsNumbers.nhsNumberOf(patientId) : null;
  }
}

function forbidden(reason: string): ForbiddenException {
  return new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: reason });
}
