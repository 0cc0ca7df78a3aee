import { Medication } from './medication';
import * as rules from './medication-rules';
import { MedicationsErrorCode } from './medications-error';

const prescribed = (): Medication =>
  rules.prescribe(
    {
      id: 'm-1',
      patientId: 'p-1',
      medicine: { dmdId: '322236009', term: 'Paracetamol 500mg tablets' },
      dosageText: 'Two tablets four times a day',
      route: 'oral',
      quantity: { value: 100, unit: '1' },
      courseType: 'acute',
      prescriber: { practitionerId: 'G8123456', name: null, odsCode: 'A81001' },
      prescribedAt: new Date('2026-11-20T10:00:00Z'),
    },
    [],
  );

describe('medication rules', () => {
  it('prescribes an active medication without an override when nothing conflicts', () => {
    expect(prescribed()).toMatchObject({ status: 'active', stopReason: null, stoppedAt: null, allergyOverride: null });
  });

  it('changes the dose, and reports no change for the same dosage', () => {
    expect(rules.changeDose(prescribed(), 'One tablet four times a day')?.dosageText).toBe('One tablet four times a day');
    expect(rules.changeDose(prescribed(), 'Two tablets four times a day')).toBeNull();
  });

  it('stops with a reason and time, once', () => {
    const at = new Date('2026-11-21T09:00:00Z');
    const stopped = rules.stop(prescribed(), 'rash', at);
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'rash', stoppedAt: at });
    expect(() => rules.stop(stopped, 'again', at)).toThrow(expect.objectContaining({ code: MedicationsErrorCode.MedicationStopped }));
  });

  it('dispenses an active medication for its patient', () => {
    const at = new Date('2026-11-21T09:00:00Z');
    const supply = { id: 'd-1', pharmacyOdsCode: 'FA123', quantity: { value: 32, unit: '1' }, at };
    expect(rules.dispense(prescribed(), supply)).toEqual({
      id: 'd-1', medicationId: 'm-1', patientId: 'p-1', pharmacyOdsCode: 'FA123', quantity: { value: 32, unit: '1' }, dispensedAt: at,
    });
  });

  it('refuses to dispense or re-dose a stopped medication, saying why it was stopped', () => {
    const stopped = rules.stop(prescribed(), 'rash', new Date('2026-11-21T09:00:00Z'));
    const supply = { id: 'd-1', pharmacyOdsCode: 'FA123', quantity: { value: 1, unit: '1' }, at: new Date() };
    expect(() => rules.dispense(stopped, supply)).toThrow(expect.objectContaining({ code: MedicationsErrorCode.MedicationStopped }));
    expect(() => rules.changeDose(stopped, 'One daily')).toThrow(expect.objectContaining({ code: MedicationsErrorCode.MedicationStopped }));
    expect(() => rules.assertActive(stopped)).toThrow(/was stopped on 2026-11-21T09:00:00.000Z: rash/);
  });
});
