import { avscType } from './tooling/avsc-type';
import { contractFor, eventContracts, IdentityEventType, type PatientRegistered } from './index';

describe('event catalog', () => {
  it('gives the contract of each identity event by its full name', () => {
    for (const fullName of Object.values(IdentityEventType)) {
      expect(contractFor(fullName)).toEqual({ fullName, topic: 'identity.patient.v1', schema: expect.objectContaining({ name: fullName }) });
    }
    const onIdentityTopic = Object.values(eventContracts).filter(({ topic }) => topic === 'identity.patient.v1');
    expect(onIdentityTopic.map(({ fullName }) => fullName).sort()).toEqual(Object.values(IdentityEventType).sort());
  });

  it('throws for a name no schema defines', () => {
    expect(() => contractFor('care.events.identity.PatientTeleported')).toThrow('No event schema defines care.events.identity.PatientTeleported');
  });

  it('describes with its TypeScript types the values avsc encodes and decodes', () => {
    const event: PatientRegistered = {
      metadata: {
        eventId: '0b0f0c38-5d5e-4b52-9f0e-2f3c1f0a9d11',
        occurredAt: Date.UTC(2024, 4, 1, 9, 30),
        recordedAt: Date.UTC(2024, 4, 1, 9, 31),
        patientId: '6f1c2a8e-3b7d-4c55-8a21-9e0d4b6f7c30',
        actor: { type: 'PRACTITIONER', id: 'G1234567', odsCode: 'A81001' },
        correlationId: 'registration-42',
        causationId: null,
      },
      nhsNumber: '9000000009',
      name: { prefix: 'Ms', given: ['Jane', 'Ann'], family: 'Smith' },
      birthDate: 7000,
      gender: 'FEMALE',
      address: { lines: ['1 Station Road'], city: 'Leeds', district: null, postcode: 'LS1 4AP' },
      contact: null,
      registeredGpOdsCode: 'A81001',
      nominatedPharmacyOdsCode: null,
      sensitive: false,
    };
    const type = avscType(contractFor(IdentityEventType.PatientRegistered).schema);
    expect({ ...type.fromBuffer(type.toBuffer(event)) }).toEqual(event);
  });
});
