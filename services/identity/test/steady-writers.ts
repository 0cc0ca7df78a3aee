import { defaultAuthorization } from '@care-events/local-platform';
import { nhsNumbers, registration } from './identity-fixtures';

/**
 * Concurrent clients writing to identity at whatever rate it takes: each registers a patient,
 * then keeps changing its registered GP. Counts the writes the service accepted (2xx).
 */
export class SteadyWriters {
  accepted = 0;
  private running = true;
  private readonly workers: Array<Promise<void>>;
  private readonly nextNhsNumber = nhsNumbers();

  constructor(private readonly url: string, concurrency: number) {
    this.workers = Array.from({ length: concurrency }, () => this.work());
  }

  /** Resolves once `count` more writes than now have been accepted. */
  async acceptMore(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.accepted + count;
    const deadline = Date.now() + timeoutMs;
    while (this.accepted < target) {
      if (Date.now() > deadline) throw new Error(`only ${this.accepted} of ${target} writes accepted within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    const created = await send(`${this.url}/patients`, 'POST', registration(this.nextNhsNumber()));
    if (created.status !== 201) throw new Error(`registration answered ${created.status}: ${await created.text()}`);
    this.accepted++;
    const { id } = (await created.json()) as { id: string };
    for (let change = 0; this.running; change++) {
      const response = await send(`${this.url}/patients/${id}/registered-gp`, 'PUT', { registeredGpOdsCode: `B${82000 + (change % 1000)}` });
      if (response.status !== 200) throw new Error(`GP change answered ${response.status}: ${await response.text()}`);
      this.accepted++;
    }
  }
}

const send = async (url: string, method: string, body: unknown) =>
  fetch(url, { method, headers: { 'content-type': 'application/json', ...(await defaultAuthorization()) }, body: JSON.stringify(body) });
