import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppointmentsEventType, IdentityEventType, MedicationsEventType, Metadata, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { ConsumedEvent } from '@care-events/messaging';
import { CareEvent, CareEventType } from '../domain/care-record';
import { CareRecordBook, patientsNamedBy } from '../domain/care-record-book';
import { CareRecordSource, sourceOf } from '../domain/care-record-sources';
import { CareRecordRepository } from '../persistence/care-record.repository';
import { AppliedPosition, SourcePositionRepository } from '../persistence/source-position.repository';

/** Every event type of the five domain topics: the care record folds each of them. */
export const CARE_EVENT_TYPES: CareEventType[] = [
  ...Object.values(IdentityEventType),
  ...Object.values(RecordsEventType),
  ...Object.values(MedicationsEventType),
  ...Object.values(AppointmentsEventType),
  ...Object.values(ResultsEventType),
];
const CARE_EVENT_TYPE_SET: ReadonlySet<string> = new Set(CARE_EVENT_TYPES);

export const isCareEvent = (event: ConsumedEvent): boolean => CARE_EVENT_TYPE_SET.has(event.eventType);

/**
 * Folds domain events into the stored care records: the parts of the records a batch names (of the
 * batch's source) are loaded and locked once, the events applied in memory in order, and each
 * changed part written back once, all in the consumer's transaction with its inbox claims.
 */
@Injectable()
export class CareRecordProjection {
  constructor(private readonly records: CareRecordRepository, private readonly positions: SourcePositionRepository) {}

  async apply(manager: EntityManager, consumed: ConsumedEvent[]): Promise<void> {
    const events = consumed.filter(isCareEvent);
    if (events.length === 0) return;
    // A batch is of one partition, so of one source; each source's part is folded from its events alone.
    const bySource = new Map<CareRecordSource, CareEvent[]>();
    for (const event of events) {
      const careEvent = { type: event.eventType, payload: event.value } as CareEvent;
      const source = sourceOf(careEvent.type);
      const ofSource = bySource.get(source) ?? [];
      ofSource.push(careEvent);
      bySource.set(source, ofSource);
    }
    for (const [source, careEvents] of bySource) {
      const book = new CareRecordBook(await this.records.lockWithMergeChains(manager, source, careEvents.flatMap(patientsNamedBy)));
      for (const event of careEvents) book.apply(event);
      await this.records.saveAll(manager, source, book.changedRecords());
    }
    await this.positions.advance(manager, positionsOf(events));
  }
}

/** The latest recordedAt applied per partition (a batch is of one partition; a retried one event by event). */
function positionsOf(events: ConsumedEvent[]): AppliedPosition[] {
  const positions = new Map<string, AppliedPosition>();
  for (const event of events) {
    const recordedAt = (event.value as { metadata: Metadata }).metadata.recordedAt;
    const key = `${event.topic}/${event.partition}`;
    const known = positions.get(key);
    if (known) {
      known.lastRecordedAt = Math.max(known.lastRecordedAt, recordedAt);
      known.events += 1;
    } else {
      positions.set(key, { topic: event.topic, partition: event.partition, lastRecordedAt: recordedAt, events: 1 });
    }
  }
  return [...positions.values()];
}
