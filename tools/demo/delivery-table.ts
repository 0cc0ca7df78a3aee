import { DeliveredEvent } from './delivered-events';
import { shortName } from './event-meaning';
import { columns } from './feed-table';
import { ReceivedCopy } from './setting-feed';

/** How a setting's endpoint takes its feed, for the table's heading. */
export interface DeliveryHeading {
  settingName: string;
  odsCode: string;
  format: string;
  url: string;
}

const yesNo = (verified: boolean | null) => (verified === null ? 'no (no secret)' : verified ? 'yes' : 'no');

/**
 * What one receiver took, one row per arrival of an event: number, event type, for FHIR the focus
 * (relative to care-record's FHIR base), whether the signature verified and whether it was
 * acknowledged. A FHIR notification names no event type: the type shown is that of the feed's copy
 * whose eventId is the notification's webhook-id.
 */
export function deliveryTable(heading: DeliveryHeading, delivered: DeliveredEvent[], copies: ReceivedCopy[]): string[] {
  const title = `${heading.settingName} ${heading.odsCode} · ${heading.format} → ${heading.url}`;
  if (delivered.length === 0) return [title, '  received no event'];
  const fhir = delivered.some((event) => event.focus !== null);
  const typeOf = (event: DeliveredEvent) => event.eventType ?? copies.find((copy) => copy.eventId === event.eventId)?.eventType ?? '?';
  const rows = delivered.map((event) => [
    String(event.eventNumber), shortName(typeOf(event)), ...(fhir ? [relative(event.focus)] : []), yesNo(event.verified), event.acknowledged ? 'yes' : 'no',
  ]);
  const header = ['#', fhir ? 'event (by webhook-id)' : 'event', ...(fhir ? ['focus'] : []), 'signature verified', 'acknowledged'];
  return [title, ...columns([header, ...rows]).map((line) => `  ${line}`)];
}

/** The last two segments of a reference, the id cut to eight characters: e.g. MedicationStatement/6f1c2a3b… */
function relative(reference: string | null): string {
  if (reference === null) return '(none)';
  const [type, id] = reference.split('/').slice(-2);
  return `${type}/${id.slice(0, 8)}…`;
}
