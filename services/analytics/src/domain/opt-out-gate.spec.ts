import { gateDecision, GateInput } from './opt-out-gate';

const DAY = 86_400_000;
const now = new Date('2026-11-30T12:00:00Z');
const checked = new Date(now.getTime() - 2 * DAY);
const fresh = { checkedAt: checked };
const stale = { checkedAt: new Date(now.getTime() - 22 * DAY) };
const before = new Date(checked.getTime() - DAY);
const after = new Date(checked.getTime() + DAY);

const input = (over: Partial<GateInput> & { onNational?: boolean; onType1?: boolean; firstSeenAt?: Date; unknown?: boolean }): GateInput => ({
  optOutApplies: over.optOutApplies ?? true,
  now,
  maxAgeMs: 21 * DAY,
  national: over.national === undefined ? fresh : over.national,
  type1: over.type1 === undefined ? fresh : over.type1,
  patient: over.unknown ? null : { firstSeenAt: over.firstSeenAt ?? before, onNational: over.onNational ?? true, onType1: over.onType1 ?? true },
  gpSourced: over.gpSourced ?? false,
});

describe('gateDecision', () => {
  it.each([
    ['on the fresh list', input({}), { action: 'emit' }],
    ['checked and absent (opted out)', input({ onNational: false }), { action: 'drop', reason: 'opted-out' }],
    ['recorded after the check (not yet checked)', input({ onNational: false, firstSeenAt: after }), { action: 'hold', reason: 'unchecked' }],
    ['no list loaded yet', input({ national: null }), { action: 'hold', reason: 'no-list' }],
    ['list older than its limit', input({ national: stale }), { action: 'hold', reason: 'stale-list' }],
    ['stale list, even for a patient on it', input({ national: stale, onNational: true }), { action: 'hold', reason: 'stale-list' }],
    ['patient not yet known from identity', input({ unknown: true }), { action: 'hold', reason: 'unknown-patient' }],
    ['GP record, type 1 dissent', input({ gpSourced: true, onType1: false }), { action: 'drop', reason: 'type1-dissent' }],
    ['hospital record, type 1 dissent (does not apply)', input({ gpSourced: false, onType1: false }), { action: 'emit' }],
    ['GP record, no type 1 list', input({ gpSourced: true, type1: null }), { action: 'hold', reason: 'no-list' }],
    ['GP record, stale type 1 list', input({ gpSourced: true, type1: stale }), { action: 'hold', reason: 'stale-list' }],
    ['exempt recipient, opted-out patient', input({ optOutApplies: false, onNational: false, national: null }), { action: 'emit' }],
    ['exempt recipient, unknown patient', input({ optOutApplies: false, unknown: true }), { action: 'hold', reason: 'unknown-patient' }],
  ])('%s', (_, given, expected) => {
    expect(gateDecision(given)).toEqual(expected);
  });
});
