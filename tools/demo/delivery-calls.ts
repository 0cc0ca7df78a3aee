import { Json } from '@care-events/local-platform';
import { StaffActor } from './journey-actors';
import { send } from './journey-call';

export type EndpointFormat = 'standard-webhooks' | 'fhir-backport';

/** What a care setting registers: where and in which format its feed is to be POSTed. */
export interface EndpointRegistration {
  subscriptionId: string;
  format: EndpointFormat;
  url: string;
  /** fhir-backport only. */
  content?: 'empty' | 'id-only' | 'full-resource';
}

/** An endpoint as delivery describes it. */
export interface DeliveryEndpoint {
  id: string;
  status: string;
  statusReason: string | null;
}

/**
 * Registers an endpoint as the setting's staff. No startAfterNumber: it defaults to 0, so delivery
 * sends the feed from event 1, whatever the subscription numbered before. The secret is shown here only.
 */
export async function registerEndpoint(delivery: string, staff: StaffActor, registration: EndpointRegistration): Promise<{ endpoint: DeliveryEndpoint; secret: string }> {
  const registered = await send({ step: `${staff.odsCode} registers a ${registration.format} endpoint`, url: delivery, method: 'POST', path: '/endpoints', actor: staff, body: registration });
  return { endpoint: endpointOf(registered.endpoint), secret: registered.secret };
}

/** Asks delivery to handshake the endpoint again: active when the receiver answers 2xx. */
export async function handshakeEndpoint(delivery: string, staff: StaffActor, endpointId: string): Promise<DeliveryEndpoint> {
  return endpointOf(await send({ step: `${staff.odsCode} asks for a handshake`, url: delivery, method: 'POST', path: `/endpoints/${endpointId}/$handshake`, actor: staff }));
}

/** The setting's endpoints, as its staff sees them. */
export async function listEndpoints(delivery: string, staff: StaffActor): Promise<DeliveryEndpoint[]> {
  const listed: Json[] = await send({ step: `list ${staff.odsCode}'s endpoints`, url: delivery, method: 'GET', path: '/endpoints', actor: staff });
  return listed.map(endpointOf);
}

/** Stops delivery to the endpoint; its audit trail keeps the reason. */
export async function disableEndpoint(delivery: string, staff: StaffActor, endpointId: string, reason: string): Promise<void> {
  await send({ step: `disable ${staff.odsCode}'s endpoint ${endpointId}`, url: delivery, method: 'POST', path: `/endpoints/${endpointId}/disable`, actor: staff, body: { reason } });
}

const endpointOf = (body: Json): DeliveryEndpoint => ({ id: body.id, status: body.status, statusReason: body.statusReason ?? null });
