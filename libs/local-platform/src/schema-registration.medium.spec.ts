import { randomUUID } from 'node:crypto';
import { eventContracts } from '@care-events/contracts';
import { SchemaRegistryClient, SchemaRegistryError, subjectFor } from '@care-events/messaging';
import { registerEventSchemas } from './provisioning';

const registryUrl = () => process.env.SCHEMA_REGISTRY_URL as string;

describe('schemas registered at deploy time', () => {
  beforeAll(async () => {
    await registerEventSchemas(registryUrl());
  });

  it('registers every event schema, so services only look their ids up', async () => {
    const registry = new SchemaRegistryClient(registryUrl());
    const ids = await Promise.all(Object.values(eventContracts).map((contract) => registry.lookup(subjectFor(contract.topic, contract.fullName), contract.schema)));
    expect(ids.every((id) => Number.isInteger(id) && id >= 0)).toBe(true);
  });

  it('makes BACKWARD_TRANSITIVE the registry-wide default: the registry itself refuses a breaking schema on any subject', async () => {
    const global = (await (await fetch(`${registryUrl()}/config`)).json()) as { compatibilityLevel?: string; compatibility?: string };
    expect(global.compatibilityLevel ?? global.compatibility).toBe('BACKWARD_TRANSITIVE');

    // A subject no provisioning step configured, e.g. one a team adds by hand.
    const name = `care.events.test.Observed${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const subject = subjectFor('test.compatibility.v1', name);
    const original = { type: 'record', name, fields: [{ name: 'value', type: 'int' }] };
    const breaking = { type: 'record', name, fields: [{ name: 'value', type: 'string' }] };
    await new SchemaRegistryClient(registryUrl()).register(subject, original);

    const refused = await fetch(`${registryUrl()}/subjects/${encodeURIComponent(subject)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify(breaking) }),
    });
    expect(refused.status).toBe(409);
    await expect(new SchemaRegistryClient(registryUrl()).register(subject, breaking)).rejects.toMatchObject({ status: 409 });
    await expect(new SchemaRegistryClient(registryUrl()).register(subject, breaking)).rejects.toBeInstanceOf(SchemaRegistryError);
  });
});
