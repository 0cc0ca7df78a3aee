import { readinessFrom, ServiceReadiness } from '@care-events/local-platform';

const TIMEOUT_MS = 5_000;

/** GET <url>/health/ready: a 503 still has a body that says why; no answer at all is said plainly. */
export async function probeReadiness(url: string): Promise<ServiceReadiness> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text();
    return readinessFrom(response.status, parseJson(text));
  } catch (error) {
    return { reachable: false, error: reasonOf(error) };
  }
}

/** The cause of a failed fetch (e.g. ECONNREFUSED) is in its `cause`, not its message. */
export function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return cause?.message ?? (error as Error).message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
