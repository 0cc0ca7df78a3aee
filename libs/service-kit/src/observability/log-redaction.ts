import { REDACTED, redactPatientData, redactQueryValues } from '@care-events/messaging';
import pino, { LoggerOptions } from 'pino';

// Fields of request bodies and events that carry identity or clinical content, wherever a log object holds them.
const PATIENT_DATA_FIELDS = ['nhsNumber', 'birthDate', 'dateOfDeath', 'address', 'contact', 'substance', 'reaction', 'note', 'dosageText', 'observations'];

/** Paths pino censors: credentials (a patient's token names their NHS number), bodies, and the fields above. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body',
  'res.body',
  ...PATIENT_DATA_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

type SerializedRequest = { url?: string; query?: Record<string, unknown> } & Record<string, unknown>;
type LogFields = Record<string, unknown>;

/**
 * The pino options that keep patient data out of a service's log lines: paths censored, the
 * request's query values replaced in its URL, and every message and error message passed through
 * redactPatientData (an error may quote the value it refused). Ids in paths stay: they are UUIDs.
 */
export function patientDataRedaction(): Pick<LoggerOptions, 'redact' | 'serializers' | 'hooks'> {
  return {
    redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
    serializers: { req: redactedRequest, err: (error: Error) => redactedFields(pino.stdSerializers.err(error)) },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const redacted = typeof first === 'object' && first !== null && !(first instanceof Error) ? redactedStrings(first as LogFields) : first;
        method.apply(this, [redacted, ...rest.map((arg) => (typeof arg === 'string' ? redactPatientData(arg) : arg))] as Parameters<typeof method>);
      },
    },
  };
}

/** pino-http's serialized request; its query is express's own object, so it is replaced, not changed. */
function redactedRequest(req: SerializedRequest): SerializedRequest {
  if (typeof req.url === 'string') req.url = redactQueryValues(req.url);
  if (req.query && typeof req.query === 'object') req.query = Object.fromEntries(Object.keys(req.query).map((key) => [key, REDACTED]));
  return req;
}

/** A message's own fields (msg, error, reason); nested objects (req, err) have serializers of their own. */
function redactedStrings(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? redactPatientData(value) : value]));
}

/** A serialized error and its causes; TypeORM's `parameters` are the query's values, patient data among them. */
function redactedFields(fields: LogFields, depth = 0): LogFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      if (key === 'parameters') return [key, REDACTED];
      if (typeof value === 'string') return [key, redactPatientData(value)];
      if (depth < 3 && typeof value === 'object' && value !== null && !Array.isArray(value)) return [key, redactedFields(value as LogFields, depth + 1)];
      return [key, value];
    }),
  );
}
