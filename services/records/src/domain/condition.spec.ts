import { NewCondition, recordCondition, resolveCondition } from './condition';
import { RecordsErrorCode } from './records-error';

const NOW = new Date('2026-11-26T10:00:00Z');

const condition = (overrides: Partial<NewCondition> = {}) =>
  recordCondition({
    id: 'c-1',
    patientId: 'p-1',
    code: { conceptId: '38341003', term: 'Hypertensive disorder' },
    onsetDate: '2020-03-01',
    recordedBy: { practitionerId: 'G8123456', name: 'Dr Ash', odsCode: 'A81001' },
    ...overrides,
  }, NOW);

describe('condition rules', () => {
  it('records an active condition', () => {
    expect(condition()).toMatchObject({ clinicalStatus: 'active', resolvedDate: null, resolutionNote: null });
  });

  it('refuses an onset date in the future', () => {
    expect(() => condition({ onsetDate: '2026-12-01' })).toThrow(expect.objectContaining({ code: RecordsErrorCode.InvalidDate, message: 'onsetDate: must not be in the future' }));
  });

  it('resolves a condition once, keeping the date and note', () => {
    const resolved = resolveCondition(condition(), '2026-11-20', 'controlled by diet', NOW);
    expect(resolved).toMatchObject({ clinicalStatus: 'resolved', resolvedDate: '2026-11-20', resolutionNote: 'controlled by diet' });
    expect(() => resolveCondition(resolved, '2026-11-21', null, NOW)).toThrow(expect.objectContaining({ code: RecordsErrorCode.ConditionResolved }));
  });

  it('refuses a resolution before the onset or in the future, naming resolvedDate', () => {
    expect(() => resolveCondition(condition(), '2020-02-29', null, NOW)).toThrow(expect.objectContaining({ message: 'resolvedDate: must not be before onsetDate 2020-03-01' }));
    expect(() => resolveCondition(condition(), '2026-11-27', null, NOW)).toThrow(expect.objectContaining({ message: 'resolvedDate: must not be in the future' }));
  });

  it('resolves on the onset day itself, and at any date when the onset is unknown', () => {
    expect(resolveCondition(condition(), '2020-03-01', null, NOW).clinicalStatus).toBe('resolved');
    expect(resolveCondition(condition({ onsetDate: null }), '1990-01-01', null, NOW).clinicalStatus).toBe('resolved');
  });
});
