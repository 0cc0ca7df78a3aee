import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { contractFor, IdentityEventType, PatientRegistered } from '@care-events/contracts';
import { groupAtTopicEnds, ServiceProcess, startServiceProcess, ServiceUnderTest } from '@care-events/local-platform';
import { AvroCodec, createKafka, EventProducer, SchemaRegistryClient } from '@care-events/messaging';
import { DeliveryWorld } from './delivery-world';
import { Receiver } from './receiver';

const CARE_RECORD_TOPICS = ['identity.patient.v1', 'records.clinical.v1', 'medications.medication.v1', 'appointments.appointment.v1', 'results.report.v1'];

describe('full-resource notifications on the real platform, the focus read from the real care-record', () => {
  let world: DeliveryWorld;
  let careRecord: ServiceProcess;
  let delivery: ServiceUnderTest;
  const producer = new EventProducer(createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'delivery-full-resource-test' }));
  const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), () => undefined);

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    careRecord = await startServiceProcess('care-record', { CONSUMER_GROUP: await groupAtTopicEnds(CARE_RECORD_TOPICS, 'delivery-full-resource') });
    ({ delivery } = await world.inProcess({ CARE_RECORD_URL: careRecord.url, CARE_RECORD_PUBLIC_URL: 'https://record.example.nhs.uk' }));
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await delivery?.stop();
    await careRecord?.stop();
    await world?.stop();
  });

  it('sends a validated notification whose focus entry holds the Patient as care-record maps it', async () => {
    const feed = await world.setting();
    const receiver = await Receiver.start('full-resource');
    try {
      await world.register(feed, receiver, { format: 'fhir-backport', content: 'full-resource' });
      const { topic, schema } = contractFor(IdentityEventType.PatientRegistered);
      const [eventId, patientId, now] = [randomUUID(), randomUUID(), Date.now()];
      const event: PatientRegistered = {
        metadata: { eventId, occurredAt: now, recordedAt: now, patientId, actor: { type: 'SYSTEM', id: 'delivery-test', odsCode: null }, correlationId: eventId, causationId: null },
        nhsNumber: '9990000026', name: { prefix: null, given: ['Full'], family: 'Resource' }, birthDate: 0, gender: 'FEMALE', address: null, contact: null,
        registeredGpOdsCode: feed.odsCode, nominatedPharmacyOdsCode: null, sensitive: false,
      };
      const value = await codec.encode(topic, IdentityEventType.PatientRegistered, schema, event);
      const headers = {
        ce_specversion: '1.0', ce_id: eventId, ce_source: '/services/identity', ce_type: IdentityEventType.PatientRegistered, ce_time: new Date(now).toISOString(),
        ce_subject: patientId, 'content-type': 'application/avro',
      };
      // The copy may reach delivery before care-record applies the event: delivery holds it (409) until then.
      await producer.send([{ topic: feed.topic, key: patientId, value, headers: { ...headers, ce_subscriptionid: feed.subscriptionId, ce_eventnumber: '1' } }]);
      await producer.send([{ topic, key: patientId, value, headers }]);

      await receiver.waitFor('the event notification', (r) => r.events().length > 0, 90_000);
      const [arrival] = receiver.events();
      expect(arrival.problems).toEqual([]);
      expect(arrival.numbers).toEqual([1]);
      const entries = (JSON.parse(arrival.body) as Bundle).entry ?? [];
      expect(entries).toHaveLength(2);
      expect(entries[1]).toMatchObject<BundleEntry>({
        fullUrl: `https://record.example.nhs.uk/fhir/Patient/${patientId}`,
        resource: { resourceType: 'Patient', id: patientId, gender: 'female' },
        request: { method: 'POST', url: 'Patient' },
        response: { status: '201' },
      });
    } finally {
      await receiver.close();
    }
  });
});
