import { EncounterEnded, EncounterSetting, EncounterStarted, RecordsEventType } from '@care-events/contracts';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { Encounter } from '../domain/encounter';
import { avroSymbol } from './avro-values';

/** EncounterStarted, followed by EncounterEnded when the encounter was recorded already over. */
export function encounterStartedEvents(encounter: Encounter, context: CommandContext, now: Date): DomainEvent[] {
  const value: EncounterStarted = {
    metadata: eventMetadata(context, encounter.patientId, now, encounter.startedAt),
    encounterId: encounter.id,
    setting: avroSymbol<EncounterSetting>(encounter.setting),
    odsCode: encounter.odsCode,
    startedAt: encounter.startedAt.getTime(),
    reason: encounter.reason,
  };
  const started = { type: RecordsEventType.EncounterStarted, value };
  return encounter.endedAt ? [started, encounterEnded(encounter, context, now)] : [started];
}

export function encounterEnded(encounter: Encounter, context: CommandContext, now: Date): DomainEvent {
  const endedAt = encounter.endedAt as Date;
  const value: EncounterEnded = {
    metadata: eventMetadata(context, encounter.patientId, now, endedAt),
    encounterId: encounter.id,
    setting: avroSymbol<EncounterSetting>(encounter.setting),
    odsCode: encounter.odsCode,
    startedAt: encounter.startedAt.getTime(),
    endedAt: endedAt.getTime(),
  };
  return { type: RecordsEventType.EncounterEnded, value };
}
