import type { Principal } from '@care-events/auth';
import type { Actor } from '@care-events/contracts';

/**
 * The actor of the events a caller causes, from their verified token: a member of staff acts for the
 * organisation of their selected role; a patient is named by their NHS login subject, never their
 * NHS number (events travel further than the record); a system by its client id.
 */
export function actorOf(caller: Principal): Actor {
  switch (caller.kind) {
    case 'staff':
      return { type: 'PRACTITIONER', id: caller.userId, odsCode: caller.odsCode };
    case 'patient':
      return { type: 'PATIENT', id: caller.subject, odsCode: null };
    case 'system':
      return { type: 'SYSTEM', id: caller.clientId, odsCode: caller.odsCode };
  }
}
