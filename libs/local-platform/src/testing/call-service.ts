import { defaultAuthorization } from './tokens';

// Response and event bodies are checked field by field in the tests; their static type adds nothing there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
}

/** Header names in lower case. */
export type CallHeaders = Record<string, string>;

/**
 * A JSON call to a service's HTTP API. It calls as the default test caller (tokens.ts) unless
 * `headers` has its own `authorization`, e.g. from `asStaff()` or `asPatient()`.
 */
export async function callService(url: string, method: string, path: string, body?: unknown, headers: CallHeaders = {}): Promise<Answer> {
  const sent = { 'content-type': 'application/json', ...(await authorizationUnlessGiven(headers)), ...headers };
  const response = await fetch(`${url}${path}`, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** The default caller's header, unless the caller brought an `authorization` header of their own. */
export async function authorizationUnlessGiven(headers: CallHeaders): Promise<CallHeaders> {
  return 'authorization' in headers ? {} : defaultAuthorization();
}
