import { SettingLink } from './care-relationship';
import { entitledSettings, RelationshipsAround, routingTargets, SubscriptionCandidate } from './routing-decision';

const PRESCRIBED = 'care.events.medications.MedicationPrescribed';
const BOOKED = 'care.events.appointments.AppointmentBooked';
const gp = (odsCode: string): SettingLink => ({ odsCode, kind: 'GP_PRACTICE' });
const link = (odsCode: string, kind: SettingLink['kind']): SettingLink => ({ odsCode, kind });
const around = (before: SettingLink[], after: SettingLink[], sensitive = false, registeredGp: string | null = null): RelationshipsAround => ({
  before, after, sensitive, registeredGp,
});

describe('entitledSettings', () => {
  it.each<[string, RelationshipsAround, string[]]>([
    ['nobody without relationships', around([], []), []],
    ['the settings related before and after, once each', around([gp('A81001'), link('FA123', 'NOMINATED_PHARMACY')], [gp('A81001'), link('RX9', 'ENCOUNTER')]), ['A81001', 'FA123', 'RX9']],
    ['the old GP of a move, and the new one', around([gp('A81001')], [gp('B82002')]), ['A81001', 'B82002']],
    ['a booking organisation related only after its booking', around([gp('A81001')], [gp('A81001'), link('RX9', 'APPOINTMENT')]), ['A81001', 'RX9']],
    ['a sensitive patient: the GP practice only', around([gp('A81001'), link('RX9', 'ENCOUNTER'), link('FA123', 'NOMINATED_PHARMACY')], [gp('A81001'), link('RX9', 'ENCOUNTER')], true, 'A81001'), ['A81001']],
    ['a sensitive patient: the GP practice and a follower', around([gp('A81001'), link('AMB01', 'FOLLOW')], [gp('A81001'), link('AMB01', 'FOLLOW'), link('RX9', 'RESULT')], true, 'A81001'), ['A81001', 'AMB01']],
    ['a sensitive patient: a setting that also follows, whatever else relates it', around([link('RX9', 'ENCOUNTER'), link('RX9', 'FOLLOW')], [], true, 'A81001'), ['RX9']],
    ['a sensitive patient: the registered GP under another kind of relationship too', around([link('A81001', 'ENCOUNTER')], [], true, 'A81001'), ['A81001']],
    ['a sensitive patient: the old GP of the move that made them so', around([gp('A81001')], [gp('B82002')], true, 'B82002'), ['A81001', 'B82002']],
    ['a sensitive patient with no GP: followers only', around([link('RX9', 'APPOINTMENT')], [link('AMB01', 'FOLLOW')], true, null), ['AMB01']],
    ['a registered GP the patient has no relationship with gets nothing', around([], [link('RX9', 'ENCOUNTER')], true, 'A81001'), []],
  ])('%s', (_, relationships, expected) => {
    expect(entitledSettings(relationships)).toEqual(expected);
  });
});

describe('routingTargets', () => {
  const recordedAt = new Date('2026-11-30T10:00:00Z');
  const activatedBefore = new Date('2026-11-30T09:00:00Z');
  const sub = (id: string, odsCode: string, status: SubscriptionCandidate['status'], eventTypes = [PRESCRIBED], activatedAt: Date | null = activatedBefore): SubscriptionCandidate => ({
    id, odsCode, status, eventTypes, activatedAt,
  });
  const related = around([gp('A81001')], [gp('A81001'), link('RX9', 'ENCOUNTER'), link('FA123', 'NOMINATED_PHARMACY')]);

  it.each<[string, string, RelationshipsAround, SubscriptionCandidate[], string[]]>([
    ['an active subscription of a related setting', PRESCRIBED, related, [sub('1', 'A81001', 'ACTIVE')], ['1']],
    ['a paused one too (its copy is kept)', PRESCRIBED, related, [sub('1', 'A81001', 'PAUSED')], ['1']],
    ['not a requested one', PRESCRIBED, related, [sub('1', 'A81001', 'REQUESTED')], []],
    ['not an ended one', PRESCRIBED, related, [sub('1', 'A81001', 'ENDED')], []],
    ['not one that does not want the type', BOOKED, related, [sub('1', 'A81001', 'ACTIVE')], []],
    ['not an unrelated setting', PRESCRIBED, related, [sub('1', 'C83003', 'ACTIVE')], []],
    ['several, in id order', PRESCRIBED, related, [sub('c', 'FA123', 'ACTIVE'), sub('a', 'RX9', 'PAUSED'), sub('b', 'A81001', 'ACTIVE'), sub('d', 'C83003', 'ACTIVE')], ['a', 'b', 'c']],
    ['not one activated after the event was recorded', PRESCRIBED, related, [sub('1', 'A81001', 'ACTIVE', [PRESCRIBED], new Date('2026-11-30T10:00:00.001Z'))], []],
    ['one activated the instant the event was recorded', PRESCRIBED, related, [sub('1', 'A81001', 'ACTIVE', [PRESCRIBED], recordedAt)], ['1']],
    ['not one never activated', PRESCRIBED, related, [sub('1', 'A81001', 'PAUSED', [PRESCRIBED], null)], []],
    ['a sensitive patient: only the GP\'s', PRESCRIBED, { ...related, sensitive: true, registeredGp: 'A81001' }, [sub('a', 'RX9', 'ACTIVE'), sub('b', 'A81001', 'ACTIVE'), sub('c', 'FA123', 'ACTIVE')], ['b']],
  ])('%s', (_, type, relationships, subscriptions, expected) => {
    expect(routingTargets({ type, recordedAt }, relationships, subscriptions).map((s) => s.id)).toEqual(expected);
  });
});
