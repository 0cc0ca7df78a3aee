import type { Gap } from './event-sequence';

/** A gap in one subscription's event numbers, as reported to onGap and in status(). */
export interface GapReport extends Gap {
  subscriptionId: string;
  /** eventId of the copy that arrived instead of the expected one. */
  eventId: string;
  /** ISO-8601 instant the gap was seen. */
  detectedAt: string;
}

export interface SubscriptionStatus {
  /** running; stopping while stop() finishes the event in hand; stopped; crashed when Kafka gave up (see lastError). */
  state: 'running' | 'stopping' | 'stopped' | 'crashed';
  topic: string;
  groupId: string;
  deadLetterTopic: string;
  /** Events given to a handler that returned. */
  handled: number;
  /** Events of a type without a handler, recorded as taken. */
  withoutHandler: number;
  /** Redelivered copies skipped (eventId or event number already taken). */
  duplicatesSkipped: number;
  deadLettered: number;
  /** Highest event number taken, by subscription id, as this process last saw it. */
  lastEventNumbers: Record<string, number>;
  /** Gaps seen by this process, oldest first (the last 100). */
  gaps: GapReport[];
  /** Set while a failure of the infrastructure (store, registry, Kafka, or a handler error judged transient) holds the feed; retried until it passes. */
  held: { reason: string; since: string; attempts: number } | null;
  lastError: string | null;
}

const KEPT_GAPS = 100;

export class StatusTracker {
  private readonly current: SubscriptionStatus;

  constructor(topic: string, groupId: string, deadLetterTopic: string) {
    this.current = {
      state: 'running', topic, groupId, deadLetterTopic,
      handled: 0, withoutHandler: 0, duplicatesSkipped: 0, deadLettered: 0,
      lastEventNumbers: {}, gaps: [], held: null, lastError: null,
    };
  }

  snapshot(): SubscriptionStatus {
    return structuredClone(this.current);
  }

  get state(): SubscriptionStatus['state'] {
    return this.current.state;
  }

  set state(state: SubscriptionStatus['state']) {
    this.current.state = state;
  }

  count(outcome: 'handled' | 'no-handler' | 'duplicate' | 'dead-lettered'): void {
    if (outcome === 'handled') this.current.handled += 1;
    else if (outcome === 'no-handler') this.current.withoutHandler += 1;
    else if (outcome === 'duplicate') this.current.duplicatesSkipped += 1;
    else this.current.deadLettered += 1;
  }

  position(subscriptionId: string, eventNumber: number | null): void {
    if (eventNumber !== null) this.current.lastEventNumbers[subscriptionId] = eventNumber;
  }

  gap(report: GapReport): void {
    this.current.gaps.push(report);
    if (this.current.gaps.length > KEPT_GAPS) this.current.gaps.shift();
  }

  hold(reason: string, attempts: number): void {
    this.current.held = { reason, since: this.current.held?.since ?? new Date().toISOString(), attempts };
    this.current.lastError = reason;
  }

  release(): void {
    this.current.held = null;
  }

  failed(error: string): void {
    this.current.lastError = error;
  }
}
