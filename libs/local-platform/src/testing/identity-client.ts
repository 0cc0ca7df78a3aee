import { nhsNumbers } from './nhs-numbers';
import { defaultAuthorization } from './tokens';

/**
 * Drives a running identity service over HTTP, for tests of the services that follow its events.
 * Each call checks its status, so a failed setup step fails where it happened. It calls as the
 * default test caller (tokens.ts).
 */
export class IdentityClient {
  private readonly nextNhsNumber = nhsNumbers();

  constructor(readonly url: string) {}

  /**
   * An NHS number this client has not registered and will not: from the same sequence as its
   * registrations, so a test's own number can never be one of the patients it registered.
   */
  newNhsNumber(): string {
    return this.nextNhsNumber();
  }

  /** Registers a new patient with a fresh NHS number; gives its patientId. */
  async register(overrides: Record<string, unknown> = {}): Promise<string> {
    const patient = await this.call('POST', '/patients', {
      nhsNumber: this.nextNhsNumber(),
      name: { given: ['Alex'], family: 'Taylor' },
      birthDate: '1960-05-17',
      gender: 'unknown',
      registeredGpOdsCode: 'A81001',
      ...overrides,
    }, 201);
    return patient.id as string;
  }

  async recordDeath(patientId: string, dateOfDeath: string): Promise<void> {
    await this.call('PUT', `/patients/${patientId}/death`, { dateOfDeath }, 200);
  }

  async merge(supersededPatientId: string, survivingPatientId: string): Promise<void> {
    await this.call('POST', `/patients/${supersededPatientId}/merge`, { survivingPatientId }, 200);
  }

  private async call(method: string, path: string, body: unknown, expected: number): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(await defaultAuthorization()) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== expected) throw new Error(`identity ${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  }
}
