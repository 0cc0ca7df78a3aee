/** An option of subscribe() is missing or wrong; names the option. */
export class SubscriberConfigError extends Error {
  override readonly name = 'SubscriberConfigError';
  constructor(readonly option: string, problem: string) {
    super(`${option}: ${problem}`);
  }
}

/** A message that is not a care-setting copy (a header missing or malformed): no retry can fix it. */
export class MalformedCopyError extends Error {
  override readonly name = 'MalformedCopyError';
}

/** The value cannot be decoded (not the Confluent wire format, unknown schema id, a schema this package cannot read it with). */
export class UndecodableEventError extends Error {
  override readonly name = 'UndecodableEventError';
}

/** The schema registry did not answer, answered with a server error, or refused the credentials: retried without limit. */
export class RegistryUnavailableError extends Error {
  override readonly name = 'RegistryUnavailableError';
}

/** The care setting's topic does not exist: its subscription has not been activated. */
export class TopicNotFoundError extends Error {
  override readonly name = 'TopicNotFoundError';
  constructor(readonly topic: string) {
    super(`topic ${topic} does not exist: the care setting's subscription must be activated before it can be read`);
  }
}

/** The handler's transaction was aborted by a statement that failed (and whose error the handler did not let through). */
export class TransactionAbortedError extends Error {
  override readonly name = 'TransactionAbortedError';
}
