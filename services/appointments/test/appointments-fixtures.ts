import { ClinicalServiceHarness, Json } from '@care-events/local-platform';
import { TappedMessage } from '@care-events/messaging';

export const TOPIC = 'appointments.appointment.v1';

/** An instant `seconds` from now, as the API takes it. */
export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1_000).toISOString();

export async function openSlot(harness: ClinicalServiceHarness, fields: Record<string, unknown> = {}): Promise<Json> {
  const answer = await harness.call('POST', '/slots', {
    odsCode: 'A81001', service: 'GP appointment', start: inSeconds(86_400), end: inSeconds(86_400 + 600), capacity: 1, ...fields,
  });
  if (answer.status !== 201) throw new Error(`POST /slots answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function book(harness: ClinicalServiceHarness, slotId: string, patientId: string): Promise<Json> {
  const answer = await harness.call('POST', '/appointments', { slotId, patientId, bookedBy: 'patient' });
  if (answer.status !== 201) throw new Error(`POST /appointments answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export const eventType = (message: TappedMessage) => message.headers.ce_type;
export const eventValue = (message: TappedMessage): Json => (message.decoded as { value: unknown }).value;
