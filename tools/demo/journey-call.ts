import { Answer, callService, CallHeaders, Json } from '@care-events/local-platform';

/** Who makes a call, as the gateway would name them in X-Actor-* headers. */
export interface Actor {
  type: 'PRACTITIONER' | 'SYSTEM';
  id: string;
  odsCode?: string;
  role?: string;
}

/** Someone acting for an organisation: their ODS code goes into the events they cause. */
export type StaffActor = Actor & { odsCode: string };

function headersOf(actor: Actor): CallHeaders {
  return {
    'x-actor-type': actor.type,
    'x-actor-id': actor.id,
    ...(actor.odsCode ? { 'x-actor-ods-code': actor.odsCode } : {}),
    ...(actor.role ? { 'x-actor-role': actor.role } : {}),
  };
}

export interface Call {
  /** What the step does, for the error when the service refuses it. */
  step: string;
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  actor: Actor;
}

/** Makes the call and gives the answer's body; any status but a 2xx fails naming the step. */
export async function send(call: Call): Promise<Json> {
  const answer = await callService(call.url, call.method, call.path, call.body, headersOf(call.actor)).catch((error: Error) => {
    throw new Error(`${call.step}: ${call.method} ${call.url}${call.path} failed (${error.message}); is the platform running (npm start)?`);
  });
  return accepted(call, answer);
}

function accepted(call: Call, answer: Answer): Json {
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${call.step}: ${call.method} ${call.path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * A patient's first write to a service that learns of patients from identity's events: while the
 * service has not yet read the registration it answers 404 PATIENT_UNKNOWN, so the call is repeated
 * until it is accepted; any other refusal ends it at once.
 */
export async function sendOncePatientKnown(call: Call, timeoutMs = 30_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await callService(call.url, call.method, call.path, call.body, headersOf(call.actor));
    const unknown = answer.status === 404 && answer.body?.error === 'PATIENT_UNKNOWN';
    if (!unknown) return accepted(call, answer);
    if (Date.now() > deadline) throw new Error(`${call.step}: the service at ${call.url} still did not know the patient after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
