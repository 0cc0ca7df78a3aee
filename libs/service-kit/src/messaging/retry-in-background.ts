export interface BackgroundRetry {
  /** Settles once an attempt succeeded, or never when stopped first. */
  readonly succeeded: Promise<void>;
  /** No attempt starts after this; one under way finishes on its own. */
  stop(): void;
}

/**
 * Tries `attempt` until it succeeds, waiting longer after each failure (up to `maxDelayMs`); the
 * caller goes on meanwhile. How a service joins its consumer group when the broker cannot be
 * reached at start-up: it still takes requests (the outbox holds their events), and joins once
 * the broker is back.
 */
export function retryInBackground(
  attempt: () => Promise<unknown>,
  onFailure: (error: Error, retryInMs: number) => void,
  { initialDelayMs = 1_000, maxDelayMs = 30_000 } = {},
): BackgroundRetry {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const succeeded = new Promise<void>((resolve) => {
    const run = (delayMs: number) => {
      timer = setTimeout(() => {
        if (stopped) return;
        attempt().then(() => resolve(), (error: Error) => {
          const next = Math.min(delayMs * 2, maxDelayMs);
          onFailure(error, next);
          if (!stopped) run(next);
        });
      }, delayMs);
      timer.unref();
    };
    run(initialDelayMs);
  });
  return {
    succeeded,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
