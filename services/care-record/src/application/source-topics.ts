import { AuditEventType, contractFor } from '@care-events/contracts';
import { CARE_EVENT_TYPES } from './care-record-projection';

/** The five domain topics the care record is folded from, in a fixed order. */
export const SOURCE_TOPICS: string[] = [...new Set(CARE_EVENT_TYPES.map((type) => contractFor(type).topic))];

/** Every service's reads of patient data: the access log. */
export const AUDIT_TOPIC = contractFor(AuditEventType.PatientDataAccessed).topic;
