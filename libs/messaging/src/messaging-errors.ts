/**
 * A failure that goes away on its own (broker or registry unreachable): the caller waits and
 * tries again instead of giving up on the message.
 */
export class TransientMessagingError extends Error {
  override readonly name: string = 'TransientMessagingError';
}

/** A handler that ran past its time budget: the message is tried again, never dead-lettered. */
export class HandlerTimeoutError extends TransientMessagingError {
  override readonly name = 'HandlerTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`handler did not finish within ${timeoutMs} ms`);
  }
}

/** A value that its Avro schema rejects; `problems` name each bad field and why. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(readonly eventType: string, readonly problems: string[]) {
    super(`${eventType} does not match its schema: ${problems.join('; ')}`);
  }
}
