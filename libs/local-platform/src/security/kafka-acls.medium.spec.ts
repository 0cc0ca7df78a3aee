import { randomUUID } from 'node:crypto';
import { contractFor, eventContracts, IdentityEventType } from '@care-events/contracts';
import {
  applyKafkaAcls, AvroCodec, careSettingAcls, careSettingUser, createKafka, declaredServiceAccess, declaredTopicsOf, provisionTopics, readKafkaSecurity, readTopicsFile,
  SchemaRegistryClient, servicesAcls, topicFromTemplate, TopicTap,
} from '@care-events/messaging';
import { IdentityClient } from '../testing/identity-client';
import { startServiceProcess } from '../testing/service-process';
import { ClientCredentialsIssuer, startClientCredentialsIssuer } from './client-credentials-issuer';
import { SecuredKafka, startSecuredKafkaBroker } from './secured-kafka-broker';

/**
 * On a broker with a SASL_SSL listener and ACLs on, each service's and care setting's Kafka user may
 * do what kafka-acl-rules.ts derives from deploy/topics.json and deploy/services.json, and no more.
 */
const topics = readTopicsFile();
const services = declaredServiceAccess();
const SETTINGS = ['A81001', 'B86042'];
const feedOf = (ods: string) => topicFromTemplate(topics, 'care-setting', { odsCode: ods }, 1);

let broker: SecuredKafka;
let oauth: ClientCredentialsIssuer;
const kafkaAs = (user: string) => createKafka({ brokers: broker.brokers, clientId: `acl-test-${user}`, security: broker.securityOf(user) });

beforeAll(async () => {
  // A managed cluster's identity provider: the same Kafka users, as OAuth clients whose token's `sub` names them.
  oauth = await startClientCredentialsIssuer(['identity']);
  broker = await startSecuredKafkaBroker({
    users: [...services.map(({ name }) => name), ...SETTINGS.map(careSettingUser)],
    oauth: { jwksUrl: oauth.jwksUrl, issuer: oauth.issuer, audience: oauth.audience },
    mutualTls: true,
  });
  const admin = kafkaAs(broker.admin.name);
  await provisionTopics(admin, declaredTopicsOf(topics, 1));
  await applyKafkaAcls(admin, [...servicesAcls(topics, services), ...SETTINGS.map((ods) => careSettingAcls(topics, ods))]);
}, 120_000);

afterAll(async () => {
  await broker?.stop();
  await oauth?.stop();
});

/** Kafka's name for the error (TOPIC_AUTHORIZATION_FAILED …), which kafkajs may wrap in errors of its own. */
function kafkaErrorType(error: unknown): string {
  for (let cause = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined; cause; cause = (cause.cause ?? cause.originalError) as typeof cause) {
    if (cause.type && cause.type !== 'UNKNOWN') return cause.type;
  }
  return (error as Error).message;
}

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return kafkaErrorType(error);
  }
  return 'allowed';
}

/**
 * A group the user may not use: the broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED,
 * which kafkajs reports only as this (the same user finds the coordinator of its own groups above).
 */
const GROUP_REFUSED = 'Failed to find group coordinator';

async function produce(user: string, topic: string, kafka = kafkaAs(user)): Promise<string> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    return await refusal(producer.send({ topic, acks: -1, messages: [{ key: 'p', value: `${user} was here` }] }).then(() => 'allowed'));
  } finally {
    await producer.disconnect();
  }
}

/** Joins a group as `user` on the topics and gives the first value read, or Kafka's refusal. */
async function readFirst(user: string, groupId: string, subscribed: string[]): Promise<string> {
  const consumer = kafkaAs(user).consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    const subscribing = await refusal(consumer.subscribe({ topics: subscribed, fromBeginning: true }).then(() => 'allowed'));
    if (subscribing !== 'allowed') return subscribing;
    return await new Promise<string>((resolve, reject) => {
      // A refused group join ends the consumer: kafkajs reports it as a crash, not as run()'s failure.
      consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => restart || resolve(kafkaErrorType(error)));
      consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }).catch((error: Error) => resolve(kafkaErrorType(error)));
      setTimeout(() => reject(new Error(`nothing read from ${subscribed.join(', ')} within 20 s`)), 20_000);
    });
  } finally {
    await consumer.disconnect();
  }
}

describe('Kafka ACLs on a SASL_SSL broker', () => {
  it.each(services.filter(({ name }) => name !== 'delivery').map(({ name }) => name))('%s writes its own topics and is refused on others', async (name) => {
    const servesPatientData = services.find((service) => service.name === name)?.servesPatientData;
    const own = topics.topics.filter((entry) => (entry as { owner?: string }).owner === name).map((entry) => entry.name).concat(servesPatientData ? ['audit.access.v1'] : []);
    const others = topics.topics.map((entry) => entry.name).filter((topic) => !own.includes(topic) && topic !== 'audit.access.v1');
    for (const topic of own) expect([topic, await produce(name, topic)]).toEqual([topic, 'allowed']);
    expect(await produce(name, others[0])).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('refuses the access audit to a service that serves no patient data', async () => {
    expect(await produce('care-router', 'audit.access.v1')).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it.each(services.filter(({ consumes }) => consumes?.length).map(({ name, consumes }) => [name, consumes!] as const))(
    '%s reads what it consumes, in its own groups, and is refused on the rest',
    async (name, consumes) => {
      // care-record reads every declared topic: it may still not read the dead letters it writes.
      const notConsumed = topics.topics.map((entry) => entry.name).find((topic) => !consumes.includes(topic)) ?? `${consumes[0]}.dlq`;
      expect(await produce(broker.admin.name, consumes[0])).toBe('allowed');
      expect(await readFirst(name, `${name}-acl-test-${randomUUID()}`, consumes)).toMatch(/ was here$/);
      expect(await readFirst(name, `${name}-acl-test-${randomUUID()}`, [notConsumed])).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await readFirst(name, `someone-else-${randomUUID()}`, consumes)).toBe(GROUP_REFUSED);
    },
  );

  it('lets care-router create a setting\'s topic and write it; each setting reads its own feed and is refused on another\'s', async () => {
    await provisionTopics(kafkaAs('care-router'), SETTINGS.map(feedOf));
    for (const ods of SETTINGS) expect(await produce('care-router', feedOf(ods).name)).toBe('allowed');
    expect(await produce('identity', feedOf('A81001').name)).toBe('TOPIC_AUTHORIZATION_FAILED');

    const a81001 = careSettingUser('A81001');
    expect(await readFirst(a81001, 'care-setting.A81001.gp-system', [feedOf('A81001').name])).toBe('care-router was here');
    expect(await readFirst(a81001, 'care-setting.A81001.gp-system-2', [feedOf('B86042').name])).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await readFirst(a81001, 'care-setting.B86042.stolen', [feedOf('A81001').name])).toBe(GROUP_REFUSED);
    expect(await produce(a81001, feedOf('A81001').name)).toBe('TOPIC_AUTHORIZATION_FAILED');
    // The subscriber SDK's default dead-letter topic: the setting creates and writes it itself.
    const deadLetters = `${feedOf('A81001').name}.care-setting.A81001.gp-system.dlq`;
    const settingAdmin = kafkaAs(a81001).admin();
    await settingAdmin.connect();
    await settingAdmin.createTopics({ topics: [{ topic: deadLetters, numPartitions: 1 }], waitForLeaders: true }).finally(() => settingAdmin.disconnect());
    expect(await produce(a81001, deadLetters)).toBe('allowed');
    expect(await readFirst('delivery', 'delivery.endpoint.acl-test', [feedOf('B86042').name])).toBe('care-router was here');
  });
});

describe('OAUTHBEARER on the SASL_SSL broker', () => {
  it('takes a client-credentials token from the variables a service reads, and applies the ACLs of the user it names', async () => {
    const { security, problems } = readKafkaSecurity({
      KAFKA_SSL_CA_FILE: broker.caFile, KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_OAUTHBEARER_TOKEN_URL: oauth.tokenUrl,
      KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'identity', KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET: oauth.secretOf('identity'), KAFKA_SASL_OAUTHBEARER_SCOPE: 'kafka',
    });
    expect(problems).toEqual([]);
    const identity = createKafka({ brokers: broker.brokers, clientId: 'acl-test-oauth', security });
    expect(await produce('identity', 'identity.patient.v1', identity)).toBe('allowed');
    expect(await produce('identity', 'records.clinical.v1', identity)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });
});

describe('mutual TLS', () => {
  it('takes a client certificate from the variables a service reads, and applies the ACLs of the user its CN names', async () => {
    const { certFile, keyFile } = await broker.clientCertificate('records');
    const { security, problems } = readKafkaSecurity({ KAFKA_SSL_CA_FILE: broker.caFile, KAFKA_SSL_CERT_FILE: certFile, KAFKA_SSL_KEY_FILE: keyFile });
    expect(problems).toEqual([]);
    const records = createKafka({ brokers: broker.mutualTlsBrokers!, clientId: 'acl-test-mtls', security });
    expect(await produce('records', 'records.clinical.v1', records)).toBe('allowed');
    expect(await produce('records', 'identity.patient.v1', records)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });
});

describe('a service on the SASL_SSL broker', () => {
  it('identity, as its own Kafka user from KAFKA_SSL_CA_FILE and KAFKA_SASL_*, publishes a registered patient through its outbox', async () => {
    const identity = await startServiceProcess('identity', broker.environmentOf('identity'));
    const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), (fullName) => (Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined));
    const tap = await new TopicTap(kafkaAs(broker.admin.name), codec, `acl-test-tap-${randomUUID()}`).start(['identity.patient.v1']);
    try {
      const patientId = await new IdentityClient(identity.url).register();
      const [event] = await tap.waitFor((message) => message.key === patientId);
      expect(event.decoded).toMatchObject({ fullName: contractFor(IdentityEventType.PatientRegistered).fullName, value: { metadata: { patientId }, registeredGpOdsCode: 'A81001' } });
    } finally {
      await tap.stop();
      await identity.stop();
    }
  });
});
