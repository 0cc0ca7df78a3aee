/**
 * A rule of the domain said no. `code` is stable and machine-readable; each service maps every
 * one of its codes to an HTTP status in one place (service-kit's domainExceptionFilter). It lives
 * here, free of any framework, so that services' domain/ folders can throw it.
 */
export class DomainException<Code extends string = string> extends Error {
  constructor(readonly code: Code, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
  }
}
