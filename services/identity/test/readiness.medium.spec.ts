import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { ServiceUnderTest, startServiceUnderTest } from '@care-events/local-platform';
import { IdentityModule } from '../src/identity.module';

/** Kubernetes gives up on a readiness probe after this (deploy/kubernetes: timeoutSeconds 5). */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * A schema registry that accepts connections and never answers (a hung registry, a firewall
 * dropping packets): readiness must still answer in time, the registry reported down.
 */
describe('identity readiness while its schema registry hangs', () => {
  let hung: Server;
  const sockets = new Set<Socket>();
  let service: ServiceUnderTest;

  beforeAll(async () => {
    hung = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const registryUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
    service = await startServiceUnderTest('identity', IdentityModule, { SCHEMA_REGISTRY_URL: registryUrl });
  });

  afterAll(async () => {
    await service?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung.close(resolve));
  });

  it('answers /health/ready well within the probe timeout: 200, degraded, the registry down', async () => {
    const started = performance.now();
    const response = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(15_000) });
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'degraded', checks: { database: 'up', kafka: 'up', schemaRegistry: 'down' } });
    expect(elapsed).toBeLessThan(PROBE_TIMEOUT_MS * 0.8);
  });
});
