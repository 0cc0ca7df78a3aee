import { INestApplication } from '@nestjs/common';
import { Clock } from '@care-events/service-kit';

export interface ServiceClock {
  /** Moves the service's time forward; the real clock keeps running underneath. */
  advance(ms: number): void;
}

/**
 * Takes over the Clock a running service injects everywhere (API, consumers, sweepers), so that a
 * test reaches a later instant at once instead of sleeping until it and racing a busy machine.
 */
export function serviceClock(service: { app: INestApplication }): ServiceClock {
  const clock = service.app.get(Clock);
  const real = clock.now.bind(clock);
  let offsetMs = 0;
  clock.now = () => new Date(real().getTime() + offsetMs);
  return {
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}
