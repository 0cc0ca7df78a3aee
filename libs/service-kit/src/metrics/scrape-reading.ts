/** How long a scrape waits for a reading from the database or Kafka before it leaves its series out. */
export const SCRAPE_READING_TIMEOUT_MS = 2_000;

/**
 * A reading taken at scrape time, shared by the gauges that show it (prom-client collects them
 * together) and bounded in time: late or failed, it gives undefined and the gauges show no series,
 * rather than holding the scrape. A reading still in flight is joined, never started again, so a
 * slow database gets one query at a time from the scrapes.
 */
export function boundedReading<T>(read: () => Promise<T>, timeoutMs = SCRAPE_READING_TIMEOUT_MS): () => Promise<T | undefined> {
  let inFlight: Promise<T | undefined> | undefined;
  return () => {
    inFlight ??= read().then(
      (value) => value,
      () => undefined,
    ).finally(() => {
      inFlight = undefined;
    });
    return within(inFlight, timeoutMs);
  };
}

function within<T>(reading: Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  return Promise.race([reading, late]).finally(() => clearTimeout(timer));
}
