import {
  AllergyCriticality, AllergyEnteredInError, AllergyRecorded, AllergySeverity, AllergyType, AllergyVerificationStatus, RecordsEventType,
} from '@care-events/contracts';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { Allergy } from '../domain/allergy';
import { avroSymbol, epochDaysOrNull } from './avro-values';

export function allergyRecorded(allergy: Allergy, context: CommandContext, now: Date): DomainEvent {
  const value: AllergyRecorded = {
    metadata: eventMetadata(context, allergy.patientId, now),
    allergyId: allergy.id,
    substance: allergy.substance,
    type: avroSymbol<AllergyType>(allergy.type),
    reaction: allergy.reaction,
    severity: avroSymbol<AllergySeverity>(allergy.severity),
    criticality: avroSymbol<AllergyCriticality>(allergy.criticality),
    verificationStatus: avroSymbol<AllergyVerificationStatus>(allergy.verificationStatus),
    recordedBy: allergy.recordedBy,
    onsetDate: epochDaysOrNull(allergy.onsetDate),
  };
  return { type: RecordsEventType.AllergyRecorded, value };
}

export function allergyEnteredInError(allergy: Allergy, context: CommandContext, now: Date): DomainEvent {
  const value: AllergyEnteredInError = {
    metadata: eventMetadata(context, allergy.patientId, now),
    allergyId: allergy.id,
    substance: allergy.substance,
    reason: allergy.enteredInErrorReason as string,
  };
  return { type: RecordsEventType.AllergyEnteredInError, value };
}
