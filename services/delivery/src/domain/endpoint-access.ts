import { canActivateSubscriptions, PATIENT_DATA_READ, type Principal } from '@care-events/auth';

/**
 * What a caller does with a care setting's endpoints: `read` their state and attempts, `manage`
 * them (register, handshake, resume, disable, resend, rotate secrets), `read-events` (the bodies of
 * a range of the feed: patient data), `skip` events that cannot be delivered (an operator's act).
 */
export type EndpointUse = 'read' | 'manage' | 'read-events' | 'skip';

export type EndpointAccess = { allowed: true } | { allowed: false; reason: string };

/**
 * Who may do what with the endpoints of the care setting `odsCode`: its own staff and systems, as
 * their tokens name the organisation; an administrator (of any organisation, as for subscriptions)
 * also reads every endpoint and is the only one who skips. Patients never.
 */
export function endpointAccess(caller: Principal, use: EndpointUse, odsCode: string): EndpointAccess {
  if (caller.kind === 'patient') return deny('a patient may not see or change the delivery endpoints of a care setting');
  const administrator = canActivateSubscriptions(caller);
  if (use === 'skip') {
    return administrator ? allow() : deny('only a member of staff whose selected role is administrator may skip events of an endpoint');
  }
  if (use === 'read' && administrator) return allow();
  const own = organisationOf(caller);
  if (own === null) return deny('the caller acts for no care setting (its token names no organisation)');
  if (own !== odsCode) return deny(`the endpoint belongs to care setting ${odsCode}; the caller acts for ${own}`);
  if (use === 'read-events' && caller.kind === 'system' && !caller.scopes.includes(PATIENT_DATA_READ)) {
    return deny(`the client ${caller.clientId} has no ${PATIENT_DATA_READ} scope, which reading the events of a feed needs`);
  }
  return allow();
}

/** The organisation a caller registers endpoints for: its own, named by its token; null when it has none. */
export function organisationOf(caller: Principal): string | null {
  return caller.kind === 'patient' ? null : caller.odsCode;
}

const allow = (): EndpointAccess => ({ allowed: true });
const deny = (reason: string): EndpointAccess => ({ allowed: false, reason });
