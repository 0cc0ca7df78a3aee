import { DomainException } from '@care-events/domain-primitives';

export const ENDPOINT_FORMATS = ['fhir-backport', 'standard-webhooks'] as const;
export type EndpointFormat = (typeof ENDPOINT_FORMATS)[number];

export const CONTENT_LEVELS = ['empty', 'id-only', 'full-resource'] as const;
export type ContentLevel = (typeof CONTENT_LEVELS)[number];

export const ENDPOINT_STATUSES = ['requested', 'handshaking', 'active', 'paused', 'disabled', 'error'] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/**
 * What moves an endpoint: the API (handshake, resume, disable), the handshake's answer, and the
 * worker (pause after failing too long, a 2xx probe, a 410, an event it cannot build).
 */
export type EndpointAction =
  | 'handshake' | 'handshake-accepted' | 'handshake-refused' | 'resume' | 'disable' | 'pause' | 'probe-accepted' | 'gone' | 'block';

const NEXT: Record<EndpointAction, Partial<Record<EndpointStatus, EndpointStatus>>> = {
  handshake: { requested: 'handshaking', error: 'handshaking', disabled: 'handshaking' },
  'handshake-accepted': { handshaking: 'active' },
  'handshake-refused': { handshaking: 'error' },
  resume: { paused: 'active' },
  disable: { requested: 'disabled', handshaking: 'disabled', active: 'disabled', paused: 'disabled', error: 'disabled' },
  pause: { active: 'paused' },
  'probe-accepted': { paused: 'active' },
  gone: { active: 'disabled', paused: 'disabled' },
  block: { active: 'error', paused: 'error' },
};

export class EndpointException extends DomainException<'ENDPOINT_ILLEGAL_TRANSITION'> {}

/** The status an action leads to; anything the table does not name is refused, naming both. */
export function nextEndpointStatus(current: EndpointStatus, action: EndpointAction): EndpointStatus {
  const next = NEXT[action][current];
  if (!next) {
    throw new EndpointException('ENDPOINT_ILLEGAL_TRANSITION', `an endpoint that is ${current} cannot take the action ${action}`, { status: current, action });
  }
  return next;
}

/** A worker reads the feed only for these: paused still probes, so it needs its reader too. */
export const hasWorker = (status: EndpointStatus): boolean => status === 'active' || status === 'paused';

/** Who changed an endpoint, as their token named them, with the role they had selected (staff only). */
export interface EndpointActor {
  type: string;
  id: string;
  odsCode: string | null;
  role: string | null;
}
