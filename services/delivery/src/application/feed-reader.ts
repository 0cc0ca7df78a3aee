import { ReadRecord, SeekableReader } from '@care-events/messaging';
import { KafkaClient } from './feed-access';
import { FeedCopy } from './notification-format';

/** A copy of this subscription whose headers cannot be read: it blocks at its place, since its number is unknown. */
export interface MalformedCopy {
  offset: string;
  /** When readable: a malformed duplicate of a delivered number is passed over like any duplicate. */
  number: number | null;
  malformed: string;
}

export type QueuedCopy = FeedCopy | MalformedCopy;

export const isMalformed = (copy: QueuedCopy): copy is MalformedCopy => 'malformed' in copy;

export interface FeedReaderOptions {
  groupId: string;
  topic: string;
  subscriptionId: string;
  /** Copies held ahead of delivery; reading pauses beyond it and resumes at half. */
  readahead: number;
}

/**
 * One endpoint's read of its setting's topic: the copies of its subscription, in offset order, in a
 * queue the worker takes from; other subscriptions' copies on the same topic are passed over.
 */
export class FeedReader {
  private readonly reader: SeekableReader;
  private queue: QueuedCopy[] = [];
  private paused = false;
  private arrived?: () => void;
  /** The highest number of this subscription read so far. */
  lastSeenNumber = 0;

  constructor(kafka: KafkaClient, private readonly options: FeedReaderOptions) {
    this.reader = new SeekableReader(kafka, { groupId: options.groupId, topic: options.topic });
  }

  start(offset: number): Promise<void> {
    return this.reader.start(BigInt(offset), (records) => this.push(records));
  }

  /** Reads from `offset` again (a resend, a skip): what was queued is dropped. */
  restartAt(offset: number): void {
    this.queue = [];
    this.reader.seek(BigInt(offset));
    this.resumeReading();
  }

  get size(): number {
    return this.queue.length;
  }

  /** The queued copies from the head, without taking them. */
  peek(count = 1): QueuedCopy[] {
    return this.queue.slice(0, count);
  }

  drop(count: number): void {
    this.queue.splice(0, count);
    if (this.paused && this.queue.length <= this.options.readahead / 2) this.resumeReading();
  }

  /** Resolves once a copy is queued, or when `signal` aborts. */
  whenAny(signal: AbortSignal): Promise<void> {
    if (this.queue.length > 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        if (this.arrived === done) this.arrived = undefined;
        resolve();
      };
      this.arrived = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  stop(): Promise<void> {
    return this.reader.stop();
  }

  private push(records: ReadRecord[]): void {
    for (const record of records) {
      if (record.headers.ce_subscriptionid !== this.options.subscriptionId) continue;
      const copy = copyOf(record);
      if (copy.number !== null) this.lastSeenNumber = Math.max(this.lastSeenNumber, copy.number);
      this.queue.push(copy);
    }
    if (!this.paused && this.queue.length >= this.options.readahead) {
      this.paused = true;
      this.reader.pause();
    }
    if (this.queue.length > 0) this.arrived?.();
  }

  private resumeReading(): void {
    if (!this.paused) return;
    this.paused = false;
    this.reader.resume();
  }
}

/** A record of the subscription as a copy, or why it is not one. */
export function copyOf(record: ReadRecord): QueuedCopy {
  const { headers } = record;
  const number = Number(headers.ce_eventnumber);
  if (!Number.isSafeInteger(number) || number < 1) {
    return { offset: record.offset, number: null, malformed: `ce_eventnumber "${headers.ce_eventnumber ?? ''}" is not an event number` };
  }
  const missing = ['ce_id', 'ce_type', 'ce_subject', 'ce_time'].filter((name) => !headers[name]);
  if (missing.length) return { offset: record.offset, number, malformed: `copy ${number} has no ${missing.join(', ')}` };
  if (!record.value?.length) return { offset: record.offset, number, malformed: `copy ${number} has no value` };
  return {
    offset: record.offset, number, eventId: headers.ce_id, eventType: headers.ce_type, subscriptionId: headers.ce_subscriptionid,
    patientId: headers.ce_subject, time: headers.ce_time, kafkaTimestamp: record.timestamp, headers, rawValue: record.value,
  };
}
