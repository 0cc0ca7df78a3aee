/** The two lists of the national data opt-out service: patients without an opt-out, and without type 1 dissent. */
export type OptOutListKind = 'national' | 'type1';

/** One list as last loaded: when the national service checked it. */
export interface ListState {
  checkedAt: Date;
}

export interface GateInput {
  /** The recipient's rule: an exemption (consent, legal requirement) lets every known patient through. */
  optOutApplies: boolean;
  now: Date;
  maxAgeMs: number;
  national: ListState | null;
  type1: ListState | null;
  /** Null until identity's events named the patient (their NHS number and when they were first recorded). */
  patient: { firstSeenAt: Date; onNational: boolean; onType1: boolean } | null;
  /** The record came from a GP practice: type 1 dissent applies to it as well. */
  gpSourced: boolean;
}

export type HoldReason = 'no-list' | 'stale-list' | 'unchecked' | 'unknown-patient';
export type DropReason = 'opted-out' | 'type1-dissent';
export type GateDecision = { action: 'emit' } | { action: 'hold'; reason: HoldReason } | { action: 'drop'; reason: DropReason };

/**
 * Fail closed: a record leaves only for a patient the latest, fresh list says has no opt-out. A list
 * missing or older than its limit stops the feed (records are held, not lost); a patient recorded after
 * the list was checked has not been checked yet (held until a refresh includes them); one checked and
 * absent has opted out (dropped).
 */
export function gateDecision(input: GateInput): GateDecision {
  if (!input.patient) return { action: 'hold', reason: 'unknown-patient' };
  if (!input.optOutApplies) return { action: 'emit' };
  const lists: Array<[ListState | null, boolean, DropReason]> = [[input.national, input.patient.onNational, 'opted-out']];
  if (input.gpSourced) lists.push([input.type1, input.patient.onType1, 'type1-dissent']);
  for (const [list] of lists) {
    if (!list) return { action: 'hold', reason: 'no-list' };
    if (isStale(list, input.now, input.maxAgeMs)) return { action: 'hold', reason: 'stale-list' };
  }
  for (const [list, onList, dropReason] of lists) {
    if (onList) continue;
    if (input.patient.firstSeenAt.getTime() > (list as ListState).checkedAt.getTime()) return { action: 'hold', reason: 'unchecked' };
    return { action: 'drop', reason: dropReason };
  }
  return { action: 'emit' };
}

export function isStale(list: ListState, now: Date, maxAgeMs: number): boolean {
  return now.getTime() - list.checkedAt.getTime() > maxAgeMs;
}
