import { checkAllergies, conflicts, ingredientsKnown } from './allergy-check';
import { ActiveAllergy } from './medication';
import { MedicationsErrorCode } from './medications-error';

const AMOXICILLIN_CAPSULES = '323509004';
const CO_AMOXICLAV_TABLETS = '39732211000001107';
const IBUPROFEN_TABLETS = '329652003';
const PARACETAMOL_TABLETS = '322236009';

const allergy = (allergyId: string, conceptId: string, term: string): ActiveAllergy => ({ allergyId, substance: { conceptId, term } });
const penicillinClass = allergy('a-1', '764146007', 'Penicillin');
const amoxicillin = allergy('a-2', '372687004', 'Amoxicillin');
const nsaidClass = allergy('a-3', '372665008', 'Non-steroidal anti-inflammatory agent');
const clavulanicAcid = allergy('a-4', '395938000', 'Clavulanic acid');

describe('allergy check', () => {
  it('finds an allergy to the ingredient itself', () => {
    expect(conflicts(AMOXICILLIN_CAPSULES, [amoxicillin, nsaidClass])).toEqual([amoxicillin]);
  });

  it('finds an allergy to a class containing an ingredient', () => {
    expect(conflicts(AMOXICILLIN_CAPSULES, [penicillinClass])).toEqual([penicillinClass]);
    expect(conflicts(IBUPROFEN_TABLETS, [penicillinClass, nsaidClass])).toEqual([nsaidClass]);
  });

  it('reads an "allergy to penicillin" finding as the penicillin class', () => {
    const finding = allergy('a-5', '91936005', 'Allergy to penicillin');
    expect(conflicts(AMOXICILLIN_CAPSULES, [finding])).toEqual([finding]);
    expect(conflicts(IBUPROFEN_TABLETS, [finding])).toEqual([]);
  });

  it('checks every ingredient of a combination product', () => {
    expect(conflicts(CO_AMOXICLAV_TABLETS, [clavulanicAcid, penicillinClass])).toEqual([clavulanicAcid, penicillinClass]);
  });

  it('finds nothing for an unrelated medicine', () => {
    expect(conflicts(PARACETAMOL_TABLETS, [penicillinClass, amoxicillin, nsaidClass])).toEqual([]);
  });

  it('lets a medicine missing from the reference table through: its ingredients are unknown', () => {
    expect(conflicts('10000000108', [penicillinClass, amoxicillin])).toEqual([]);
    expect(ingredientsKnown('10000000108')).toBe(false);
    expect(ingredientsKnown(AMOXICILLIN_CAPSULES)).toBe(true);
  });

  it('refuses a conflict without a reason, naming the substances and allergy ids', () => {
    let error: { code?: string; message?: string; details?: unknown } = {};
    try {
      checkAllergies(AMOXICILLIN_CAPSULES, [penicillinClass], undefined);
    } catch (thrown) {
      error = thrown as typeof error;
    }
    expect(error.code).toBe(MedicationsErrorCode.AllergyConflict);
    expect(error.message).toContain('Penicillin (allergy a-1)');
    expect(error.details).toEqual({ allergyIds: ['a-1'], substances: [{ conceptId: '764146007', term: 'Penicillin' }] });
  });

  it('records the override when a reason is given, and no override without a conflict', () => {
    expect(checkAllergies(AMOXICILLIN_CAPSULES, [penicillinClass, amoxicillin], 'tolerated before')).toEqual({
      reason: 'tolerated before',
      allergyIds: ['a-1', 'a-2'],
      substances: [penicillinClass.substance, amoxicillin.substance],
    });
    expect(checkAllergies(PARACETAMOL_TABLETS, [penicillinClass], 'not needed')).toBeNull();
  });
});
