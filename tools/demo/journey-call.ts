import { Answer, callService, CallHeaders, Json } from '@care-events/local-platform';
import { Actor } from './journey-actors';

export interface Call {
  /** What the step does, for the error when the service refuses it. */
  step: string;
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** Who calls: their bearer token goes with the call. */
  actor: Actor;
  /** Headers besides the token, e.g. X-Break-Glass-Reason. */
  headers?: CallHeaders;
}

/** Makes the call and gives the answer's body; any status but a 2xx fails naming the step. */
export async function send(call: Call): Promise<Json> {
  return accepted(call, await attempt(call));
}

/** Makes the call and gives the answer, whatever its status: for a step that shows a refusal. */
export async function attempt(call: Call): Promise<Answer> {
  const token = await call.actor.token().catch((error: Error) => {
    throw new Error(`${call.step}: no token for ${call.actor.who} (${error.message}); is the platform running (npm start)?`);
  });
  return callService(call.url, call.method, call.path, call.body, { authorization: `Bearer ${token}`, ...call.headers }).catch((error: Error) => {
    throw new Error(`${call.step}: ${call.method} ${call.url}${call.path} failed (${error.message}); is the platform running (npm start)?`);
  });
}

function accepted(call: Call, answer: Answer): Json {
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${call.step}: ${call.method} ${call.path} as ${call.actor.who} answered ${answer.status} ${JSON.stringify(answer.body)}`);
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
    const answer = await attempt(call);
    const unknown = answer.status === 404 && answer.body?.error === 'PATIENT_UNKNOWN';
    if (!unknown) return accepted(call, answer);
    if (Date.now() > deadline) throw new Error(`${call.step}: the service at ${call.url} still did not know the patient after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
