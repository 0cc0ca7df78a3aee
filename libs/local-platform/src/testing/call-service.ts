// Response and event bodies are checked field by field in the tests; their static type adds nothing there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
}

/** Header names in lower case. */
export type CallHeaders = Record<string, string>;

/** A practitioner, as the gateway would name them. */
export const PRACTITIONER_HEADERS: CallHeaders = { 'x-actor-type': 'PRACTITIONER', 'x-actor-id': 'G8123456' };

/** A JSON call to a service's HTTP API as PRACTITIONER_HEADERS, unless `headers` says otherwise. */
export async function callService(url: string, method: string, path: string, body?: unknown, headers: CallHeaders = {}): Promise<Answer> {
  const sent = { 'content-type': 'application/json', ...PRACTITIONER_HEADERS, ...headers };
  const response = await fetch(`${url}${path}`, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}
