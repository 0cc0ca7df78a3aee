import { MalformedCopyError, SubscriberConfigError } from './subscriber-errors';

/** Header carrying the care-router subscription the copy was made for (a CloudEvents extension attribute). */
export const SUBSCRIPTION_ID_HEADER = 'ce_subscriptionid';
/** Header carrying the copy's number: 1, 2, 3 … per subscription, one more for each copy, never reused. */
export const EVENT_NUMBER_HEADER = 'ce_eventnumber';

const ODS_CODE = /^[A-Z0-9]{3,10}$/;

/** The topic of one care setting's copies, e.g. care-setting.A81001.events.v1. */
export function careSettingTopic(odsCode: string): string {
  const code = normaliseOdsCode(odsCode);
  return `care-setting.${code}.events.v1`;
}

/** ODS codes are case-insensitive and published in upper case. */
export function normaliseOdsCode(odsCode: string): string {
  const code = odsCode.trim().toUpperCase();
  if (!ODS_CODE.test(code)) throw new SubscriberConfigError('odsCode', `"${odsCode}" is not an ODS code (3 to 10 letters and digits, e.g. A81001)`);
  return code;
}

/** The CloudEvents attributes a subscriber needs from a care-setting copy's headers. */
export interface CopyEnvelope {
  eventId: string;
  eventType: string;
  subscriptionId: string;
  eventNumber: number;
}

export function readCopyEnvelope(headers: Readonly<Record<string, string>>): CopyEnvelope {
  const required = (name: string) => {
    const value = headers[name];
    if (!value) throw new MalformedCopyError(`not a care-setting copy: header ${name} is missing`);
    return value;
  };
  const number = required(EVENT_NUMBER_HEADER);
  if (!/^[1-9][0-9]{0,15}$/.test(number) || !Number.isSafeInteger(Number(number))) {
    throw new MalformedCopyError(`header ${EVENT_NUMBER_HEADER} must be a positive decimal integer, got "${number.slice(0, 40)}"`);
  }
  return { eventId: required('ce_id'), eventType: required('ce_type'), subscriptionId: required(SUBSCRIPTION_ID_HEADER), eventNumber: Number(number) };
}

/** Kafka header values arrive as Buffers (or arrays of them); this gives plain strings. */
export function headersAsStrings(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
