import { readTopicsFile } from '../topic-declarations';
import { AclRule, careSettingAcls, careSettingUser, serviceAcls, servicesAcls } from './kafka-acl-rules';
import { declaredServiceAccess } from './service-declarations';

const topics = readTopicsFile();
const services = declaredServiceAccess();

/** A rule as one line: `topic identity.patient.v1 (literal): Write Describe`. */
const line = ({ resource, operations }: AclRule) =>
  resource.type === 'cluster' ? `cluster: ${operations.join(' ')}` : `${resource.type} ${resource.name} (${resource.patternType}): ${operations.join(' ')}`;
const rulesOf = (name: string) => serviceAcls(topics, services.find((service) => service.name === name)!).rules.map(line);

describe('Kafka ACLs derived from deploy/topics.json and deploy/services.json', () => {
  it.each([
    ['identity', [
      'topic identity.patient.v1 (literal): Write Describe',
      'topic audit.access.v1 (literal): Write Describe',
      'topic care-router.relationship.v1 (literal): Read Describe',
      'topic care-router.relationship.v1.dlq (literal): Write Describe',
      'group identity (prefixed): Read Describe',
      'cluster: IdempotentWrite',
    ]],
    ['medications', [
      'topic medications.medication.v1 (literal): Write Describe',
      'topic audit.access.v1 (literal): Write Describe',
      'topic identity.patient.v1 (literal): Read Describe',
      'topic care-router.relationship.v1 (literal): Read Describe',
      'topic records.clinical.v1 (literal): Read Describe',
      'topic identity.patient.v1.dlq (literal): Write Describe',
      'topic care-router.relationship.v1.dlq (literal): Write Describe',
      'topic records.clinical.v1.dlq (literal): Write Describe',
      'group medications (prefixed): Read Describe',
      'cluster: IdempotentWrite',
    ]],
    ['care-router', [
      'topic care-router.relationship.v1 (literal): Write Describe',
      'topic identity.patient.v1 (literal): Read Describe',
      'topic records.clinical.v1 (literal): Read Describe',
      'topic medications.medication.v1 (literal): Read Describe',
      'topic appointments.appointment.v1 (literal): Read Describe',
      'topic results.report.v1 (literal): Read Describe',
      'topic identity.patient.v1.dlq (literal): Write Describe',
      'topic records.clinical.v1.dlq (literal): Write Describe',
      'topic medications.medication.v1.dlq (literal): Write Describe',
      'topic appointments.appointment.v1.dlq (literal): Write Describe',
      'topic results.report.v1.dlq (literal): Write Describe',
      'topic care-setting. (prefixed): Create Write Describe DescribeConfigs AlterConfigs',
      'group care-router (prefixed): Read Describe',
      'cluster: IdempotentWrite',
    ]],
    ['delivery', [
      'topic care-setting. (prefixed): Read Describe',
      'group delivery (prefixed): Read Describe',
    ]],
  ])('%s', (name, expected) => {
    expect(rulesOf(name)).toEqual(expected);
  });

  it('lets every service serving patient data, and only those, write the access audit', () => {
    const auditWriters = servicesAcls(topics, services)
      .filter(({ rules }) => rules.map(line).includes('topic audit.access.v1 (literal): Write Describe'))
      .map(({ user }) => user);
    expect(auditWriters).toEqual(['identity', 'records', 'medications', 'appointments', 'results', 'care-record']);
  });

  it('gives each declared topic exactly one owning writer besides the audit writers', () => {
    for (const { name, owner } of topics.topics as Array<{ name: string; owner?: string }>) {
      if (!owner) continue;
      const writers = servicesAcls(topics, services).filter(({ rules }) => rules.map(line).includes(`topic ${name} (literal): Write Describe`));
      expect(writers.map(({ user }) => user)).toEqual([owner]);
    }
  });

  it('has every service serving patient data read the care relationships its access rules ask', () => {
    for (const service of services.filter(({ servesPatientData }) => servesPatientData)) expect([service.name, service.consumes]).toEqual([service.name, expect.arrayContaining(['care-router.relationship.v1'])]);
  });

  it('keeps service group prefixes apart: no service name starts another', () => {
    for (const a of services) for (const b of services) if (a !== b) expect(b.name.startsWith(a.name)).toBe(false);
  });

  it('refuses a service reading a topic that is not declared', () => {
    expect(() => serviceAcls(topics, { name: 'x', consumes: ['nowhere.v1'] })).toThrow('x reads nowhere.v1, which deploy/topics.json does not declare');
  });

  it('lets a care setting read only its own feed, in its own groups, with dead letters of its own', () => {
    expect(careSettingAcls(topics, 'A81001')).toEqual({
      user: 'care-setting-a81001',
      rules: [
        { resource: { type: 'topic', name: 'care-setting.A81001.events.v1', patternType: 'literal' }, operations: ['Read', 'Describe'] },
        { resource: { type: 'topic', name: 'care-setting.A81001.events.v1.', patternType: 'prefixed' }, operations: ['Create', 'Write', 'Read', 'Describe'] },
        { resource: { type: 'group', name: 'care-setting.A81001.', patternType: 'prefixed' }, operations: ['Read', 'Describe'] },
        { resource: { type: 'cluster' }, operations: ['IdempotentWrite'] },
      ],
    });
    expect(careSettingUser('RXH01')).toBe('care-setting-rxh01');
  });

  it('refuses what is not an ODS code, whose prefix could reach other settings', () => {
    expect(() => careSettingAcls(topics, 'A8*')).toThrow('"A8*" is not an ODS code');
    expect(() => careSettingAcls(topics, '')).toThrow('is not an ODS code');
  });
});
