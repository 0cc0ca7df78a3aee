import { CareSetting, settingOf } from './care-settings';
import { disableEndpoint, handshakeEndpoint, listEndpoints, registerEndpoint } from './delivery-calls';
import { FhirReceiver } from './fhir-receiver';
import { StaffActor } from './journey-actors';
import { JourneyOutcome } from './patient-journey';
import { WebhookReceiver } from './webhook-receiver';

/** A care setting's receiver, and the endpoint delivery POSTs its feed to. */
export interface ConnectedSetting<R> {
  setting: CareSetting;
  staff: StaffActor;
  endpointId: string;
  receiver: R;
}

/** The two settings that take their feed over HTTP: the GP practice as Standard Webhooks, the hospital as FHIR notifications. */
export interface DeliveryReceivers {
  gp: ConnectedSetting<WebhookReceiver>;
  hospital: ConnectedSetting<FhirReceiver>;
}

const GONE = 'The demo run that registered this endpoint has ended; its receiver is gone';

/**
 * Starts both receivers in this process and registers each as an endpoint of its setting's journey
 * subscription, as the setting's staff. The practice's receiver refuses delivery's first handshake
 * (it cannot verify it before it has the secret); configured with the secret registration returned,
 * it accepts a second one. The hospital's answers the handshake at once.
 */
export async function connectReceivers(delivery: string, outcome: JourneyOutcome, tell: (line: string) => void): Promise<DeliveryReceivers> {
  const [webhooks, fhir] = await Promise.all([WebhookReceiver.start(), FhirReceiver.start()]);
  try {
    return { gp: await connectPractice(delivery, outcome, webhooks, tell), hospital: await connectHospital(delivery, outcome, fhir, tell) };
  } catch (error) {
    await Promise.all([webhooks.close(), fhir.close()]);
    throw error;
  }
}

/** Disables both endpoints (their receivers stop with the demo) and stops the receivers. */
export async function disconnectReceivers(delivery: string, receivers: DeliveryReceivers): Promise<void> {
  for (const connected of [receivers.gp, receivers.hospital]) await disableEndpoint(delivery, connected.staff, connected.endpointId, GONE);
  await Promise.all([receivers.gp.receiver.close(), receivers.hospital.receiver.close()]);
}

async function connectPractice(delivery: string, outcome: JourneyOutcome, receiver: WebhookReceiver, tell: (line: string) => void): Promise<ConnectedSetting<WebhookReceiver>> {
  const setting = settingOf(outcome.settings, 'gp');
  const staff = outcome.cast.itLeadOf(setting);
  await disableEarlierEndpoints(delivery, staff, setting, tell);
  const { endpoint, secret } = await registerEndpoint(delivery, staff, { subscriptionId: outcome.subscriptionIds.gp, format: 'standard-webhooks', url: receiver.url });
  if (endpoint.status === 'active') throw new Error(`${setting.name}'s receiver accepted a handshake it had no secret to verify`);
  tell(`${setting.name} registers a Standard Webhooks endpoint, ${receiver.url}: its receiver refuses the first handshake, having no secret yet (${endpoint.status}: ${endpoint.statusReason})`);
  receiver.useSecret(secret);
  const shaken = await handshakeEndpoint(delivery, staff, endpoint.id);
  if (shaken.status !== 'active') throw new Error(`${setting.name}'s endpoint is ${shaken.status} after the second handshake: ${shaken.statusReason}`);
  tell(`Configured with the secret registration returned (whsec_…), it verifies the second handshake: the endpoint is ${shaken.status}`);
  return { setting, staff, endpointId: endpoint.id, receiver };
}

async function connectHospital(delivery: string, outcome: JourneyOutcome, receiver: FhirReceiver, tell: (line: string) => void): Promise<ConnectedSetting<FhirReceiver>> {
  const setting = settingOf(outcome.settings, 'hospital');
  const staff = outcome.cast.itLeadOf(setting);
  await disableEarlierEndpoints(delivery, staff, setting, tell);
  const { endpoint, secret } = await registerEndpoint(delivery, staff, {
    subscriptionId: outcome.subscriptionIds.hospital, format: 'fhir-backport', content: 'id-only', url: receiver.url,
  });
  if (endpoint.status !== 'active') throw new Error(`${setting.name}'s endpoint is ${endpoint.status} after its handshake: ${endpoint.statusReason}`);
  receiver.useSecret(secret);
  tell(`${setting.name} registers a FHIR R4 backport endpoint (id-only), ${receiver.url}: its receiver answers the handshake, the endpoint is ${endpoint.status}`);
  return { setting, staff, endpointId: endpoint.id, receiver };
}

/** An earlier run's endpoints point at receivers that are gone (a later receiver may even get their port): they are disabled first. */
async function disableEarlierEndpoints(delivery: string, staff: StaffActor, setting: CareSetting, tell: (line: string) => void): Promise<void> {
  const live = (await listEndpoints(delivery, staff)).filter((endpoint) => endpoint.status !== 'disabled');
  for (const endpoint of live) await disableEndpoint(delivery, staff, endpoint.id, GONE);
  if (live.length > 0) tell(`${setting.name} disables the ${live.length === 1 ? 'endpoint' : `${live.length} endpoints`} an earlier run left`);
}
