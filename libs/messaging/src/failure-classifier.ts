import { TransientMessagingError } from './messaging-errors';

/** Why a failure counts as infrastructure, or undefined when the message itself is at fault. */
export type TransientReason = string | undefined;

// Network failures of node:net / dns, by errno code.
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

// PostgreSQL SQLSTATEs that pass on their own: the server, not the event, is the problem.
const DATABASE_CODES = new Map<string, string>([
  ['53300', 'too many connections'],
  ['25006', 'read-only transaction (failover in progress)'],
  ['40001', 'serialization failure'],
  ['40P01', 'deadlock'],
  ['55P03', 'lock not available'],
  ['57014', 'statement cancelled (timeout)'],
  ['25P03', 'idle in transaction timeout'],
]);
const DATABASE_CLASSES = new Map<string, string>([
  ['08', 'connection failure'],
  ['53', 'insufficient resources'],
  ['57P0', 'server shutting down'],
  ['58', 'server system error'],
]);

// Messages of node-postgres, pg-pool and TypeORM for a lost or unobtainable connection; they carry no code.
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?(?:closed|ended)/i,
  /not queryable/i,
  /terminating connection/i,
  /socket hang up/i,
];

/**
 * Decides whether a handler's failure is infrastructure (retried without limit, never
 * dead-lettered) or deterministic (the bytes, the schema or the domain's own rules refuse the
 * message: dead-lettered after bounded attempts). Looks through TypeORM's `driverError` and
 * `cause` chains, since drivers wrap the error that says what happened.
 */
export function transientReason(error: unknown): TransientReason {
  for (const candidate of causes(error)) {
    const reason = ownReason(candidate);
    if (reason) return reason;
  }
  return undefined;
}

export const isTransientFailure = (error: unknown): boolean => transientReason(error) !== undefined;

function ownReason(error: Record<string, unknown>): TransientReason {
  if (error instanceof TransientMessagingError) return error.message;
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code && NETWORK_CODES.has(code)) return `network: ${code}`;
  if (code && DATABASE_CODES.has(code)) return `database: ${DATABASE_CODES.get(code)} (${code})`;
  const family = code && [...DATABASE_CLASSES.keys()].find((prefix) => code.length === 5 && code.startsWith(prefix));
  if (family) return `database: ${DATABASE_CLASSES.get(family)} (${code})`;
  const message = typeof error.message === 'string' ? error.message : '';
  if (!code && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return `database: ${message}`;
  if (error.retriable === true && typeof error.name === 'string' && error.name.startsWith('KafkaJS')) return `kafka: ${message}`;
  return undefined;
}

function* causes(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length) {
    const current = pending.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    yield current as Record<string, unknown>;
    const { driverError, cause, errors } = current as { driverError?: unknown; cause?: unknown; errors?: unknown };
    pending.push(driverError, cause, ...(Array.isArray(errors) ? errors : []));
  }
}
