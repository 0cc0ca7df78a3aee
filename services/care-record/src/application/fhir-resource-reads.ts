import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Resource } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import { PatientAccessService } from '@care-events/patient-access';
import { Reader } from '@care-events/service-kit';
import { CareRecord, releasedToPatient } from '../domain/care-record';
import { fhirResourceOf } from '../fhir/fhir-bundle.mapper';

/** Where each resource type's entries live in the record document, and their id field. */
const ENTRIES: Record<string, { list: keyof CareRecord; idField: string }> = {
  AllergyIntolerance: { list: 'allergies', idField: 'allergyId' },
  Condition: { list: 'problems', idField: 'conditionId' },
  MedicationStatement: { list: 'medications', idField: 'medicationId' },
  DiagnosticReport: { list: 'results', idField: 'reportId' },
  Appointment: { list: 'appointments', idField: 'appointmentId' },
  Encounter: { list: 'encounters', idField: 'encounterId' },
};

export const FHIR_RESOURCE_TYPES = ['Patient', ...Object.keys(ENTRIES)];

const FHIR_RESOURCE = 'care-record:fhir-resource';

/**
 * One FHIR resource of a care record, as the bundle maps it, read under the same access rules and
 * audit as the whole record. With `appliedEvent`, the caller (delivery sending a full-resource
 * notification) learns whether the resource already reflects that event: 409 until the inbox holds it.
 */
@Injectable()
export class FhirResourceReads {
  constructor(private readonly dataSource: DataSource, private readonly access: PatientAccessService) {}

  async read(reader: Reader, resourceType: string, id: string, appliedEvent: string | undefined): Promise<Resource> {
    if (appliedEvent !== undefined && !(await this.applied(appliedEvent))) {
      throw new ConflictException({ statusCode: 409, error: 'Conflict', code: 'NOT_YET_APPLIED', message: `event ${appliedEvent} is not applied to the care record yet` });
    }
    const record = await this.recordHolding(resourceType, id);
    if (!record) throw notFound(`no ${resourceType}/${id} in any care record`);
    const decision = await this.access.authorizeRead(reader.caller, { patientId: record.patientId, nhsNumber: record.nhsNumber }, FHIR_RESOURCE, reader.breakGlassReason, reader.correlationId);
    const resource = fhirResourceOf(decision.releasedResultsOnly ? releasedToPatient(record) : record, resourceType, id);
    if (!resource) throw notFound(`no ${resourceType}/${id} in any care record`);
    return resource;
  }

  private async applied(eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('select 1 from inbox_message where event_id = $1 limit 1', [eventId]);
    return rows.length > 0;
  }

  /** The record holding the entry; a merged entry lives in the surviving record, which is preferred. */
  private async recordHolding(resourceType: string, id: string): Promise<CareRecord | null> {
    if (resourceType === 'Patient') {
      const rows: Array<{ document: CareRecord }> = await this.dataSource.query('select document from care_record where patient_id = $1', [id]);
      return rows[0]?.document ?? null;
    }
    const entries = ENTRIES[resourceType];
    const rows: Array<{ document: CareRecord }> = await this.dataSource.query(
      `select document from care_record where document -> $1::text @> jsonb_build_array(jsonb_build_object($2::text, $3::text))
        order by document ->> 'supersededBy' is not null limit 1`,
      [entries.list, entries.idField, id],
    );
    return rows[0]?.document ?? null;
  }
}

function notFound(message: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message });
}
