import { TappedMessage, TopicTap } from '@care-events/messaging';
import { until } from './common';
import { Answer } from './http-client';

/**
 * When each key's first message reached the tap (performance.now()), filled as the tap receives them; `idOf`
 * names messages by something else when keys repeat (e.g. a header).
 */
export function arrivalTimes(tap: TopicTap, idOf: (message: TappedMessage) => string | null = (message) => message.key): Map<string, number> {
  const arrivals = new Map<string, number>();
  const push = tap.messages.push.bind(tap.messages);
  tap.messages.push = (...items) => {
    const now = performance.now();
    for (const item of items) {
      const id = idOf(item);
      if (id && !arrivals.has(id)) arrivals.set(id, now);
    }
    return push(...items);
  };
  return arrivals;
}

/**
 * `count` registrations one after another, then a wait until each reached the tap: the service's relay,
 * its registry lookups and the tap's group membership are warm before anything is measured.
 */
export async function warmUp(post: () => Promise<Answer>, arrivals: Map<string, number>, count: number, what: string): Promise<void> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await post();
    if (response.status !== 201) throw new Error(`warm-up registration answered ${response.status}: ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  await until(() => ids.every((id) => arrivals.has(id)), 60_000, what, 50);
}
