import type { Principal } from '@care-events/auth';

export const BREAK_GLASS_HEADER = 'X-Break-Glass-Reason';
const MAX_REASON_LENGTH = 500;

/**
 * The reason a member of staff gives to read a patient their organisation has no care relationship
 * with: null when the header is absent, else the trimmed reason, or the problem with it.
 */
export function breakGlassReasonOf(caller: Principal, header: string | undefined): { reason: string | null } | { problem: string } {
  if (header === undefined) return { reason: null };
  if (caller.kind !== 'staff') return { problem: `${BREAK_GLASS_HEADER}: only a member of staff can break glass` };
  const reason = header.trim();
  if (!reason) return { problem: `${BREAK_GLASS_HEADER}: must state a reason` };
  if (reason.length > MAX_REASON_LENGTH) return { problem: `${BREAK_GLASS_HEADER}: must be at most ${MAX_REASON_LENGTH} characters` };
  return { reason };
}
