import { parseSnomedConceptId } from './snomed-ct-id';

describe('parseSnomedConceptId', () => {
  it.each([
    ['91936005', 'allergy to penicillin'],
    ['22298006', 'myocardial infarction'],
    ['38341003', 'hypertension'],
    ['764146007', 'penicillin product'],
    ['322236009', 'paracetamol 500mg tablets'],
    ['39732311000001104', 'a dm+d id in the long format (partition 10)'],
  ])('accepts %s (%s)', (id) => {
    expect(parseSnomedConceptId(id)).toEqual({ ok: true, value: id });
  });

  it('trims surrounding whitespace', () => {
    expect(parseSnomedConceptId(' 22298006 ')).toEqual({ ok: true, value: '22298006' });
  });

  it.each([
    ['12345', 'must be 6 to 18 digits'],
    ['1234567890123456789', 'must be 6 to 18 digits'],
    ['2229800X', 'must be 6 to 18 digits'],
    ['022298006', 'must not start with 0'],
    ['37436014', 'partition identifier 01 is not a concept'], // a description id
    ['1234567013', 'partition identifier 01 is not a concept'], // check digit valid
    ['100000028', 'partition identifier 02 is not a concept'], // relationship, check digit valid
    ['22298007', 'Verhoeff check digit does not match'],
    ['39732311000001105', 'Verhoeff check digit does not match'],
  ])('rejects %s: %s', (id, reason) => {
    expect(parseSnomedConceptId(id)).toEqual({ ok: false, reason });
  });
});
