import { enterInError, NewAllergy, recordAllergy } from './allergy';
import { RecordsErrorCode } from './records-error';

const NOW = new Date('2026-11-26T10:00:00Z');

const newAllergy = (overrides: Partial<NewAllergy> = {}): NewAllergy => ({
  id: 'a-1',
  patientId: 'p-1',
  substance: { conceptId: '91936005', term: 'Allergy to penicillin' },
  type: 'allergy',
  reaction: null,
  severity: 'severe',
  criticality: 'high',
  verificationStatus: 'confirmed',
  recordedBy: { practitionerId: 'G8123456', name: null, odsCode: 'A81001' },
  onsetDate: '2001-04-01',
  ...overrides,
});

describe('allergy rules', () => {
  it('records an active allergy, not entered in error, at the time of recording', () => {
    expect(recordAllergy(newAllergy(), NOW)).toMatchObject({ clinicalStatus: 'active', enteredInErrorReason: null, recordedAt: NOW });
  });

  it('refuses an onset date in the future, naming onsetDate', () => {
    expect(() => recordAllergy(newAllergy({ onsetDate: '2026-11-27' }), NOW)).toThrow('onsetDate: must not be in the future');
    expect(() => recordAllergy(newAllergy({ onsetDate: '2026-11-26' }), NOW)).not.toThrow();
  });

  it('takes today as the UK date: just after midnight in a British summer, UTC is still on the day before', () => {
    const ukSummerMorning = new Date('2026-07-01T23:30:00Z');
    expect(() => recordAllergy(newAllergy({ onsetDate: '2026-07-02' }), ukSummerMorning)).not.toThrow();
  });

  it('enters an allergy in error once: it loses its clinical status, and a second attempt is refused', () => {
    const withdrawn = enterInError(recordAllergy(newAllergy(), NOW), 'wrong patient');
    expect(withdrawn).toMatchObject({ clinicalStatus: null, enteredInErrorReason: 'wrong patient' });
    expect(() => enterInError(withdrawn, 'again')).toThrow(expect.objectContaining({ code: RecordsErrorCode.AllergyEnteredInError }));
  });
});
