import { Clock } from '@care-events/service-kit';
import { ClockTimer } from './delivery-timer';

/** A clock a test moves by hand. */
class MovedClock extends Clock {
  at = new Date('2026-01-05T09:00:00Z');
  now(): Date {
    return this.at;
  }
}

describe('ClockTimer', () => {
  const clock = new MovedClock();
  const timer = new ClockTimer(clock, { timerTickMs: 5 });

  it('waits until the clock reaches the instant, however long that takes in real time', async () => {
    let done = false;
    const waiting = timer.waitUntil(new Date('2026-01-05T09:30:00Z'), new AbortController().signal).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    clock.at = new Date('2026-01-05T09:30:00Z');
    await waiting;
    expect(done).toBe(true);
  });

  it('returns at once for an instant passed, and when the signal aborts', async () => {
    await timer.waitUntil(new Date('2026-01-05T08:00:00Z'), new AbortController().signal);
    const abort = new AbortController();
    const waiting = timer.waitUntil(new Date('2027-01-01T00:00:00Z'), abort.signal);
    abort.abort();
    await waiting;
  });
});
