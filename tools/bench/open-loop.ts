import { sleep } from './common';
import { Answer } from './http-client';

export interface OpenLoopRun {
  /** When the first request was due (performance.now()). */
  begin: number;
  /** From each request's scheduled time to its answer, refusals included. */
  httpLatencies: number[];
  /** Requests not accepted, by what was wrong (status and error code, or the connection's failure). */
  refused: Map<string, number>;
}

/**
 * `total` requests at a fixed arrival rate, open loop: each leaves at its scheduled time, whether or
 * not earlier ones were answered, so a slow answer delays none of the requests after it. `accepted`
 * is given each answer with the expected status, and when it came.
 */
export async function openLoop(
  total: number,
  rate: number,
  send: (index: number) => Promise<Answer>,
  accepted: (index: number, response: Answer, answeredAt: number) => Promise<void> | void,
  expectedStatus = 201,
): Promise<OpenLoopRun> {
  const run: OpenLoopRun = { begin: performance.now(), httpLatencies: [], refused: new Map() };
  const refuse = (why: string) => void run.refused.set(why, (run.refused.get(why) ?? 0) + 1);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = run.begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      send(i).then(
        async (response) => {
          const answeredAt = performance.now();
          run.httpLatencies.push(answeredAt - due);
          if (response.status === expectedStatus) return accepted(i, response, answeredAt);
          refuse(`${response.status} ${((await response.json().catch(() => ({}))) as { error?: string }).error ?? ''}`.trim());
        },
        (error: Error) => refuse((error.cause as Error | undefined)?.message ?? error.message),
      ),
    );
  }
  await Promise.all(inFlight);
  return run;
}

/** The refusals as one phrase, e.g. "3 × 503 UNAVAILABLE, 1 × read ECONNRESET", or "none". */
export function refusals(run: OpenLoopRun): string {
  return [...run.refused].map(([why, n]) => `${n} × ${why}`).join(', ') || 'none';
}
