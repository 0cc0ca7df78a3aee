import { Interpretation, Observation, Report } from './report';
import * as rules from './report-rules';
import { ResultsErrorCode } from './results-error';

const NOW = new Date('2026-11-26T12:00:00Z');
const MINUTE = 60_000;

const observation = (interpretation: Interpretation): Observation => ({
  code: { conceptId: '1000651000000109', term: 'Serum potassium level' },
  value: 4.2,
  unit: 'mmol/L',
  referenceRange: { low: 3.5, high: 5.3 },
  interpretation,
});

const reported = (interpretations: Interpretation[] = ['N'], status: 'preliminary' | 'final' = 'final'): Report =>
  rules.reportResult(
    {
      id: 'r-1',
      patientId: 'p-1',
      testCode: { conceptId: '1000981000000109', term: 'Urea and electrolytes' },
      performingLabOdsCode: 'RX9',
      requestingOdsCode: 'A81001',
      effectiveAt: new Date('2026-11-25T08:30:00Z'),
      status,
      observations: interpretations.map(observation),
    },
    NOW,
  ).report;

const amendment = (overrides: Partial<rules.Amendment> = {}): rules.Amendment => ({
  amendsVersion: 1,
  reason: 'haemolysed sample',
  status: 'final',
  observations: [observation('H')],
  ...overrides,
});

describe('report rules', () => {
  it('holds an observation critical only when critically low or high', () => {
    const critical = (['N', 'L', 'H', 'LL', 'HH', 'A'] as Interpretation[]).filter((flag) => rules.isCritical(observation(flag)));
    expect(critical).toEqual(['LL', 'HH']);
    expect(rules.anyCritical([observation('N'), observation('HH')])).toBe(true);
    expect(rules.anyCritical([observation('L'), observation('A')])).toBe(false);
  });

  it('reports version 1, unreleased', () => {
    const report = reported(['N', 'L']);
    expect(report.versions).toEqual([expect.objectContaining({ version: 1, status: 'final', reportedAt: NOW, amendsVersion: null })]);
    expect(report.releasedVersion).toBeNull();
  });

  it('refuses a specimen taken in the future', () => {
    const tomorrow = new Date(NOW.getTime() + 24 * 60 * MINUTE);
    const input = { ...reported(), effectiveAt: tomorrow, status: 'final' as const, observations: [observation('N')] };
    expect(() => rules.reportResult(input, NOW)).toThrow(expect.objectContaining({ code: ResultsErrorCode.InvalidReport }));
  });

  it('amends the current version into the next one, keeping the earlier one', () => {
    const { report, change } = rules.amendReport(reported(), amendment(), NOW);
    expect(change).toEqual({ kind: 'amended' });
    expect(report.versions.map((v) => [v.version, v.amendsVersion, v.reason])).toEqual([[1, null, null], [2, 1, 'haemolysed sample']]);
    expect(rules.currentVersion(report).observations[0].interpretation).toBe('H');
  });

  it('refuses an amendment of an older version, and of a version that never existed', () => {
    const twice = rules.amendReport(reported(), amendment(), NOW).report;
    expect(() => rules.amendReport(twice, amendment({ amendsVersion: 1 }), NOW)).toThrow(expect.objectContaining({ code: ResultsErrorCode.VersionSuperseded }));
    expect(() => rules.amendReport(twice, amendment({ amendsVersion: 3 }), NOW)).toThrow(expect.objectContaining({ code: ResultsErrorCode.UnknownVersion }));
    expect(() => rules.amendReport(twice, amendment({ amendsVersion: 0 }), NOW)).toThrow(expect.objectContaining({ code: ResultsErrorCode.UnknownVersion }));
    expect(() => rules.amendReport(twice, amendment({ amendsVersion: 2 }), NOW)).not.toThrow();
  });

  it('never takes a final report back to preliminary, but lets a preliminary one become final', () => {
    expect(() => rules.amendReport(reported(), amendment({ status: 'preliminary' }), NOW)).toThrow(expect.objectContaining({ code: ResultsErrorCode.FinalCannotBecomePreliminary }));
    expect(() => rules.amendReport(reported(['N'], 'preliminary'), amendment({ status: 'final' }), NOW)).not.toThrow();
  });

  it('releases the current version once; an amendment needs a release of its own', () => {
    const released = rules.releaseReport(reported(), null, true);
    expect(released.change).toEqual({ kind: 'released', releasedBy: null, automatic: true });
    expect(released.report.releasedVersion).toBe(1);
    expect(() => rules.releaseReport(released.report, null, false)).toThrow(expect.objectContaining({ code: ResultsErrorCode.AlreadyReleased }));
    const amended = rules.amendReport(released.report, amendment(), NOW).report;
    expect(amended.releasedVersion).toBe(1);
    expect(rules.releaseReport(amended, null, false).report.releasedVersion).toBe(2);
  });

  it('auto-releases only final, all-normal, unreleased versions once the delay has passed', () => {
    const delay = 10 * MINUTE;
    const later = new Date(NOW.getTime() + delay);
    expect(rules.isDueForAutoRelease(reported(['N', 'N']), later, delay)).toBe(true);
    expect(rules.isDueForAutoRelease(reported(['N', 'N']), new Date(later.getTime() - 1), delay)).toBe(false);
    expect(rules.isDueForAutoRelease(reported(['N', 'L']), later, delay)).toBe(false);
    expect(rules.isDueForAutoRelease(reported(['N'], 'preliminary'), later, delay)).toBe(false);
    expect(rules.isDueForAutoRelease(rules.releaseReport(reported(), null, true).report, later, delay)).toBe(false);
  });

  it('shows a patient only what was released to them: nothing before a release, the released version after an amendment', () => {
    expect(rules.releasedToPatient(reported())).toBeNull();
    const released = rules.releaseReport(reported(), null, true).report;
    expect(rules.releasedToPatient(released)).toEqual(released);
    const amended = rules.amendReport(released, amendment(), NOW).report;
    const seen = rules.releasedToPatient(amended);
    expect(seen?.versions.map((version) => version.version)).toEqual([1]);
    expect(seen && rules.currentVersion(seen)).toEqual(released.versions[0]);
    const rereleased = rules.releaseReport(amended, null, false).report;
    expect(rules.releasedToPatient(rereleased)?.versions.map((version) => version.version)).toEqual([1, 2]);
  });
});

