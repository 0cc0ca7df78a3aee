import { randomUUID } from 'node:crypto';
import { eventually } from '@care-events/local-platform';
import { EventContext, GapReport, IdentityEventType, MemoryEventStore, subscribe, SubscribeOptions, SubscriberConfigError, Subscription, TopicNotFoundError } from '../src';
import { brokers, CopyFeed, numbered, patientDeceased, patientRegistered, quietLog, registryUrl, sensitivityChanged } from './copy-feed';

type Received = { eventNumber: number; type: string; detail: string; context: EventContext };

describe('subscribe() against the real broker and registry', () => {
  const feeds: CopyFeed[] = [];
  const subscriptions: Subscription[] = [];

  afterAll(async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    await Promise.all(feeds.map((feed) => feed.close()));
  });

  const newFeed = async () => {
    const feed = await CopyFeed.create();
    feeds.push(feed);
    return feed;
  };

  /** A subscription whose handlers note what they were given. */
  const start = async (feed: CopyFeed, options: Partial<SubscribeOptions> & { fail?: (family: string, attempt: number) => void; entered?: () => void; slow?: number } = {}) => {
    const received: Received[] = [];
    const { fail, entered, slow, ...rest } = options;
    const subscription = await subscribe({
      odsCode: feed.odsCode.toLowerCase(),
      brokers: brokers(),
      registryUrl: registryUrl(),
      groupId: `subscriber-test-${randomUUID()}`,
      log: quietLog,
      handlers: {
        [IdentityEventType.PatientRegistered]: async (event, context) => {
          entered?.();
          if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
          fail?.(event.name.family, context.attempt);
          received.push({ eventNumber: context.eventNumber, type: 'registered', detail: event.name.family, context });
        },
        [IdentityEventType.PatientDeceased]: (event, context) => {
          // @ts-expect-error a PatientDeceased has no name: the handler is typed for its event type
          void event.name;
          received.push({ eventNumber: context.eventNumber, type: 'deceased', detail: String(event.dateOfDeath), context });
        },
      },
      ...rest,
    });
    subscriptions.push(subscription);
    return { subscription, received };
  };

  it('refuses to start on a topic that does not exist, or with a wrong option, naming it', async () => {
    const feed = await newFeed();
    const options = { odsCode: feed.odsCode, brokers: brokers(), registryUrl: registryUrl(), groupId: `subscriber-test-${randomUUID()}`, handlers: {}, log: quietLog };

    await expect(subscribe({ ...options, odsCode: `${feed.odsCode}X` })).rejects.toThrow(TopicNotFoundError);
    await expect(subscribe({ ...options, brokers: [] })).rejects.toMatchObject({ option: 'brokers' });
    await expect(subscribe({ ...options, odsCode: 'not an ODS code' })).rejects.toMatchObject({ option: 'odsCode' });
    await expect(subscribe({ ...options, since: new Date(), fromBeginning: true })).rejects.toMatchObject({ option: 'since' });
    await expect(subscribe({ ...options, groupId: 'a group/with a slash' })).rejects.toMatchObject({ option: 'groupId' });
    await expect(subscribe({ ...options, retry: { attempts: 0 } })).rejects.toMatchObject({ option: 'retry.attempts' });
    const wrongRegistry = subscribe({ ...options, registryUrl: `${registryUrl()}/no-such-api` });
    await expect(wrongRegistry).rejects.toThrow(SubscriberConfigError);
    await expect(wrongRegistry).rejects.toMatchObject({ option: 'registryUrl' });
  });

  it('gives each event, decoded and typed, to the handler for its type, with its number, subscription and headers', async () => {
    const feed = await newFeed();
    const registered = patientRegistered('Typed');
    const deceased = patientDeceased(20_000, registered.event.metadata.patientId);
    await feed.publish(numbered(1, [registered, deceased, sensitivityChanged(), patientRegistered('Fourth')]));

    const { subscription, received } = await start(feed);
    await eventually('four events taken', async () => subscription.status().handled + subscription.status().withoutHandler === 4);

    expect(received.map(({ eventNumber, type, detail }) => ({ eventNumber, type, detail }))).toEqual([
      { eventNumber: 1, type: 'registered', detail: 'Typed' },
      { eventNumber: 2, type: 'deceased', detail: '20000' },
      { eventNumber: 4, type: 'registered', detail: 'Fourth' },
    ]);
    const context = received[0].context;
    expect(context).toMatchObject({
      eventId: registered.event.metadata.eventId,
      eventType: IdentityEventType.PatientRegistered,
      subscriptionId: feed.subscriptionId,
      patientId: registered.event.metadata.patientId,
      topic: feed.topic,
      partition: 0,
      offset: '0',
      attempt: 1,
      transaction: undefined,
    });
    expect(context.headers).toMatchObject({ ce_eventnumber: '1', ce_subscriptionid: feed.subscriptionId, ce_id: registered.event.metadata.eventId });
    expect(subscription.status()).toMatchObject({
      state: 'running', topic: feed.topic, handled: 3, withoutHandler: 1, duplicatesSkipped: 0, deadLettered: 0, gaps: [],
      lastEventNumbers: { [feed.subscriptionId]: 4 },
    });
  });

  it('skips a copy sent twice, also when it comes again after a restart', async () => {
    const feed = await newFeed();
    const copies = numbered(1, [patientRegistered('One'), patientRegistered('Two'), patientRegistered('Three')]);
    await feed.publish([copies[0], copies[1], copies[1], copies[2]]);
    const store = new MemoryEventStore();

    const first = await start(feed, { store });
    await eventually('three events handled', async () => first.subscription.status().handled === 3);
    await eventually('the resent copy skipped', async () => first.subscription.status().duplicatesSkipped === 1);
    expect(first.received.map((r) => r.detail)).toEqual(['One', 'Two', 'Three']);
    await first.subscription.stop();

    const again = await start(feed, { store, groupId: first.subscription.status().groupId });
    await feed.publish(copies);
    await eventually('the three copies skipped', async () => again.subscription.status().duplicatesSkipped === 3);
    expect(again.received).toEqual([]);
    expect(again.subscription.status()).toMatchObject({ handled: 0, lastEventNumbers: { [feed.subscriptionId]: 3 } });
  });

  it('reports a gap in the event numbers once, and goes on', async () => {
    const feed = await newFeed();
    await feed.publish([...numbered(1, [patientRegistered('One'), patientRegistered('Two')]), ...numbered(5, [patientRegistered('Five'), patientRegistered('Six')])]);
    const gaps: GapReport[] = [];

    const { subscription, received } = await start(feed, { onGap: (gap) => void gaps.push(gap) });
    await eventually('four events handled', async () => subscription.status().handled === 4);

    expect(received.map((r) => r.eventNumber)).toEqual([1, 2, 5, 6]);
    expect(gaps).toEqual([expect.objectContaining({ expected: 3, received: 5, subscriptionId: feed.subscriptionId, eventId: received[2].context.eventId })]);
    expect(subscription.status().gaps).toEqual(gaps);
  });

  it('retries a failing handler, dead-letters its event with the error, and handles the next; bad copies go there at once', async () => {
    const feed = await newFeed();
    const attempts: number[] = [];
    const poison = patientRegistered('Poison');
    const notACopy = { ...patientRegistered('No number'), number: 0, headers: { ce_eventnumber: undefined } };
    const undecodable = { ...patientRegistered('Garbage'), number: 4, value: Buffer.from([0, 0, 0, 0x7f, 0x7f, 1, 2, 3]) };
    await feed.publish([...numbered(1, [patientRegistered('Before'), poison, patientRegistered('After')]), notACopy, undecodable, ...numbered(5, [patientRegistered('Last')])]);
    const gaps: GapReport[] = [];

    const { subscription, received } = await start(feed, {
      retry: { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 },
      onGap: (gap) => void gaps.push(gap),
      fail: (family, attempt) => {
        if (family !== 'Poison') return;
        attempts.push(attempt);
        throw new Error(`cannot file ${family}`);
      },
    });
    await eventually('three dead letters', async () => subscription.status().deadLettered === 3);
    await eventually('Last handled', async () => received.some((r) => r.detail === 'Last'));

    expect(attempts).toEqual([1, 2, 3]);
    expect(received.map((r) => r.detail)).toEqual(['Before', 'After', 'Last']);
    expect(gaps).toEqual([]);
    const deadLetterTopic = subscription.status().deadLetterTopic;
    expect(deadLetterTopic).toBe(`${feed.topic}.${subscription.status().groupId}.dlq`);
    const [poisoned, malformed, garbled] = await feed.read(deadLetterTopic, 3);
    expect(poisoned.key).toBe(poison.event.metadata.patientId);
    expect(poisoned.headers).toMatchObject({
      ce_id: poison.event.metadata.eventId, ce_eventnumber: '2', ce_subscriptionid: feed.subscriptionId,
      dlq_error_type: 'Error', dlq_error_message: 'cannot file Poison', dlq_attempts: '3',
      dlq_original_topic: feed.topic, dlq_original_partition: '0', dlq_original_offset: '1', dlq_consumer_group: subscription.status().groupId,
    });
    const [original] = (await feed.read(feed.topic, 6)).filter((m) => m.headers.ce_id === poison.event.metadata.eventId);
    expect(poisoned.value?.equals(original.value as Buffer)).toBe(true);
    expect(malformed.headers).toMatchObject({ dlq_error_type: 'MalformedCopyError', dlq_attempts: '1', dlq_original_offset: '3' });
    expect(malformed.headers.dlq_error_message).toContain('ce_eventnumber');
    expect(garbled.headers).toMatchObject({ dlq_error_type: 'UndecodableEventError', dlq_attempts: '1', ce_eventnumber: '4' });
  });

  it('starts a new group since an instant, at the end, or at the beginning; a group that committed resumes where it was', async () => {
    const feed = await newFeed();
    const hour = 3_600_000;
    const old = numbered(1, [patientRegistered('Old 1'), patientRegistered('Old 2')]).map((copy) => ({ ...copy, timestamp: Date.now() - 2 * hour }));
    const recent = numbered(3, [patientRegistered('Recent 3'), patientRegistered('Recent 4')]).map((copy) => ({ ...copy, timestamp: Date.now() - hour }));
    await feed.publish([...old, ...recent]);
    const gaps: GapReport[] = [];

    const since = await start(feed, { since: new Date(Date.now() - 1.5 * hour), onGap: (gap) => void gaps.push(gap) });
    const fromEnd = await start(feed, { fromBeginning: false });
    const fromStart = await start(feed);
    await eventually('recent events since the instant', async () => since.received.length === 2);
    await eventually('all events from the start', async () => fromStart.received.length === 4);
    await feed.publish(numbered(5, [patientRegistered('New 5')]));
    await eventually('the new event at the end', async () => fromEnd.received.length === 1);
    await eventually('the new event since the instant', async () => since.received.length === 3);

    expect(since.received.map((r) => r.detail)).toEqual(['Recent 3', 'Recent 4', 'New 5']);
    expect(gaps).toEqual([]);
    expect(fromEnd.received.map((r) => r.detail)).toEqual(['New 5']);
    await eventually('the new event from the start', async () => fromStart.received.length === 5);
    expect(fromStart.received.map((r) => r.eventNumber)).toEqual([1, 2, 3, 4, 5]);

    const groupId = since.subscription.status().groupId;
    await since.subscription.stop();
    const resumed = await start(feed, { groupId, since: new Date(Date.now() - 3 * hour) });
    await feed.publish(numbered(6, [patientRegistered('New 6')]));
    await eventually('the next event after a restart', async () => resumed.received.length === 1);
    expect(resumed.received.map((r) => r.detail)).toEqual(['New 6']);
  });

  it('stop() lets the handler in hand finish, commits its event and leaves the group', async () => {
    const feed = await newFeed();
    await feed.publish(numbered(1, [patientRegistered('Slow'), patientRegistered('Next')]));
    let running = false;
    let finished = false;
    const { subscription, received } = await start(feed, {
      slow: 1_500,
      entered: () => {
        running = true;
      },
      fail: () => {
        finished = true;
      },
    });
    await eventually('the slow handler running', async () => running);
    expect(finished).toBe(false);

    const stopping = subscription.stop();
    expect(subscription.status().state).toBe('stopping');
    await stopping;
    expect(finished).toBe(true);
    expect(received.map((r) => r.detail)).toEqual(['Slow']);
    expect(subscription.status().state).toBe('stopped');
    const groupId = subscription.status().groupId;
    expect(await feed.committedOffset(groupId)).toBe(1);

    const next = await start(feed, { groupId });
    await eventually('the next event', async () => next.received.length === 1);
    expect(next.received.map((r) => r.detail)).toEqual(['Next']);
  });

  it('stop() lets go of an event waiting for its next attempt, uncommitted, without waiting for the backoff', async () => {
    const feed = await newFeed();
    await feed.publish(numbered(1, [patientRegistered('Failing')]));
    const { subscription } = await start(feed, {
      retry: { attempts: 5, initialBackoffMs: 60_000, maxBackoffMs: 60_000 },
      fail: () => {
        throw new Error('not yet');
      },
    });
    await eventually('the first attempt failed', async () => subscription.status().lastError === 'not yet');

    const startedAt = Date.now();
    await subscription.stop();
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(subscription.status()).toMatchObject({ state: 'stopped', deadLettered: 0, handled: 0 });
    expect(await feed.committedOffset(subscription.status().groupId)).toBe(-1);
  });
});
