import { redactPatientData, redactQueryValues } from './redact-patient-data';

describe('redactPatientData', () => {
  it.each([
    ['a URL query', 'GET /patients?nhsNumber=9434765919&family=Smith', 'GET /patients?nhsNumber=[redacted]&family=[redacted]'],
    ['PostgreSQL quoting the value it refused', 'invalid input syntax for type uuid: "Jane Smith"', 'invalid input syntax for type uuid: "[redacted]"'],
    ['a JSON object: keys stay, values go', 'bad value {"family":"Smith","given":["Jane"]}', 'bad value {"family":"[redacted]","given":["[redacted]"]}'],
    ['a single-quoted value', "no allergy named 'penicillin'", "no allergy named '[redacted]'"],
    ['an NHS number as written', 'patient 9434765919 not found', 'patient [redacted] not found'],
    ['an NHS number in groups', 'patient 943 476 5919 not found', 'patient [redacted] not found'],
    ['a birth date', 'birthDate 1970-01-31 is in the future', 'birthDate [redacted] is in the future'],
    ['a date as a person writes it', 'born 31/01/1970', 'born [redacted]'],
    ['a unique key PostgreSQL refused', 'Key (nhs_number, family)=(9434765919, Smith) already exists.', 'Key (nhs_number, family)=([redacted]) already exists.'],
    ['a row PostgreSQL refused', 'Failing row contains (0b8e2a4c, Smith, Leeds).', 'Failing row contains ([redacted]).'],
    ['a quoted field value in a schema problem', 'PatientRegistered does not match its schema: name.family: "Smith" does not match the schema', 'PatientRegistered does not match its schema: name.family: "[redacted]" does not match the schema'],
  ])('takes the value out of %s', (_, message, redacted) => {
    expect(redactPatientData(message)).toBe(redacted);
  });

  it("keeps only the type of avsc's invalid-value error", () => {
    expect(redactPatientData('invalid "string": 9434765919')).toBe('invalid value for Avro type string');
    expect(redactPatientData('invalid {"type":"record","name":"Name","doc":"as in: the PDS","fields":[]}: {"family":"Smith"}')).toBe('invalid value for Avro type Name');
    expect(redactPatientData('invalid ["null","string"]: 42')).toBe('invalid value for Avro type union');
  });

  it('keeps ids, timestamps, field paths and reasons', () => {
    const message = 'cannot handle 0b8e2a4c-1f3d-4e5a-9b7c-123456789012 at 2026-01-31T10:00:00.000Z (offset 12, 1767225600000 ms): nhsNumber: check digit does not match';
    expect(redactPatientData(message)).toBe(message);
  });

  it("keeps a path's ids and scrubs only its query", () => {
    expect(redactQueryValues('/patients/0b8e2a4c-1f3d-4e5a-9b7c-123456789012')).toBe('/patients/0b8e2a4c-1f3d-4e5a-9b7c-123456789012');
    expect(redactQueryValues('/patients?nhsNumber=943%20476%205919')).toBe('/patients?nhsNumber=[redacted]');
  });
});
