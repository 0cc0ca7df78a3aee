/**
 * A rule of the domain said no. `code` is stable and machine-readable; each service maps every
 * one of its codes to an HTTP status in one place (see domainExceptionFilter).
 */
export class DomainException<Code extends string = string> extends Error {
  constructor(readonly code: Code, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
  }
}
