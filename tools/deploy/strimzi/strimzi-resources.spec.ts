import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  AclRule, careSettingAcls, careSettingUser, declaredServiceAccess, declaredTopicsOf, readTopicsFile, serviceAcls,
} from '@care-events/messaging';
import { KafkaTopicResource, KafkaUserResource, STRIMZI_CLUSTER, STRIMZI_DIR, strimziFiles } from './strimzi-resources';

const root = join(__dirname, '..', '..', '..');
const topics = readTopicsFile(join(root, 'deploy', 'topics.json'));
const services = declaredServiceAccess();
const committed = (file: string) => readFileSync(join(root, STRIMZI_DIR, file), 'utf8');
const documents = <T>(text: string) => parseAllDocuments(text).map((document) => document.toJS() as T);

/** Strimzi's ACLs read back into the rules of kafka-acl-rules.ts. */
const asRules = (user: KafkaUserResource): AclRule[] =>
  user.spec.authorization.acls.map(({ resource, operations }) => ({
    resource: resource.type === 'cluster' ? { type: 'cluster' } : { type: resource.type, name: resource.name, patternType: resource.patternType === 'prefix' ? 'prefixed' : 'literal' },
    operations,
  }) as AclRule);

describe('deploy/kubernetes/strimzi', () => {
  it('is what generation gives from deploy/topics.json and deploy/services.json (npm run strimzi:generate)', () => {
    for (const [path, content] of strimziFiles(topics, services)) expect([path, readFileSync(join(root, path), 'utf8')]).toEqual([path, content]);
  });

  it('has one KafkaTopic per declared topic and per dead-letter topic, with the declared partitions, replicas and config', () => {
    const resources = documents<KafkaTopicResource>(committed('topics.yaml'));
    const expected = declaredTopicsOf(topics, topics.defaults.replicationFactor).flatMap((topic) => [
      { topicName: topic.name, partitions: topic.partitions, replicas: topics.defaults.replicationFactor, config: topic.config },
      ...(topic.deadLetter ? [{ topicName: `${topic.name}.dlq`, partitions: topic.deadLetter.partitions, replicas: topics.defaults.replicationFactor, config: topic.deadLetter.config }] : []),
    ]);
    expect(resources.map(({ spec }) => spec)).toEqual(expected);
    expect(new Set(resources.map(({ metadata }) => metadata.name)).size).toBe(resources.length);
    for (const { kind, metadata } of resources) expect([kind, metadata.labels['strimzi.io/cluster']]).toEqual(['KafkaTopic', STRIMZI_CLUSTER.name]);
  });

  it('has one KafkaUser per service, whose ACLs are the service\'s derived rules', () => {
    const users = documents<KafkaUserResource>(committed('users.yaml'));
    expect(users.map(({ metadata }) => metadata.name)).toEqual(services.map(({ name }) => name));
    for (const user of users) {
      const service = services.find(({ name }) => name === user.metadata.name)!;
      expect(user.spec.authentication.type).toBe('scram-sha-512');
      expect(asRules(user)).toEqual(serviceAcls(topics, service).rules);
    }
  });

  it('has a care setting KafkaUser template that, filled in, gives the setting\'s derived rules', () => {
    const filled = committed('templates/care-setting-user.yaml').replaceAll('${ODS_CODE_LOWER}', 'a81001').replaceAll('${ODS_CODE}', 'A81001');
    const [user] = documents<KafkaUserResource & { metadata: { namespace: string } }>(filled);
    expect(user.metadata).toMatchObject({ name: careSettingUser('A81001'), namespace: STRIMZI_CLUSTER.namespace });
    expect(asRules(user)).toEqual(careSettingAcls(topics, 'A81001').rules);
  });

  it('puts the topics and users, not the template, in the Kafka cluster\'s namespace through its kustomization', () => {
    const [kustomization] = documents<{ namespace: string; resources: string[] }>(committed('kustomization.yaml'));
    expect(kustomization).toMatchObject({ namespace: STRIMZI_CLUSTER.namespace, resources: ['topics.yaml', 'users.yaml'] });
  });
});
