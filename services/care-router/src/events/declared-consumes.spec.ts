import { contractFor } from '@care-events/contracts';
import { consumedTopics } from '@care-events/messaging';
import { DOMAIN_EVENT_TYPES } from './domain-events.consumer';

describe('what care-router reads', () => {
  it('is declared in deploy/services.json as the topics of every event type it routes', () => {
    expect(new Set(consumedTopics('care-router'))).toEqual(new Set(DOMAIN_EVENT_TYPES.map((type) => contractFor(type).topic)));
  });
});
