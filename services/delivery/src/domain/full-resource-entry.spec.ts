import type { MedicationStatement } from '@medplum/fhirtypes';
import { fullResourceEntry } from './full-resource-entry';

const R = 'https://record.example.nhs.uk/fhir';
const focus = { resourceType: 'MedicationStatement', id: '6f1c0a52-3f0e-4d55-9d4e-3b7e0d1c2a10' };
const resource: MedicationStatement = { resourceType: 'MedicationStatement', id: focus.id, status: 'stopped', medicationCodeableConcept: { text: 'x' }, subject: { reference: 'Patient/p' } };

describe('fullResourceEntry', () => {
  it('says POST/201 for an event that creates its focus, at the care record\'s address', () => {
    expect(fullResourceEntry(R, 'care.events.medications.MedicationPrescribed', focus, resource)).toEqual({
      fullUrl: `${R}/MedicationStatement/${focus.id}`, resource, request: { method: 'POST', url: 'MedicationStatement' }, response: { status: '201' },
    });
  });

  it('says PUT/200 for an event that changes it', () => {
    expect(fullResourceEntry(R, 'care.events.medications.MedicationStopped', focus, resource)).toMatchObject({
      request: { method: 'PUT', url: `MedicationStatement/${focus.id}` }, response: { status: '200' },
    });
  });

  it('says DELETE/410 without a resource when care-record no longer holds the focus', () => {
    expect(fullResourceEntry(R, 'care.events.medications.MedicationStopped', focus, null)).toEqual({
      fullUrl: `${R}/MedicationStatement/${focus.id}`, request: { method: 'DELETE', url: `MedicationStatement/${focus.id}` }, response: { status: '410' },
    });
  });
});
