import { TopicsFile } from '../topic-declarations';
import { ServiceAccessDeclaration } from './service-declarations';

export type AclOperation = 'Read' | 'Write' | 'Create' | 'Describe' | 'DescribeConfigs' | 'AlterConfigs' | 'IdempotentWrite';

/** What one rule allows: a topic or group by its name or a name prefix, or the cluster. */
export interface AclRule {
  resource: { type: 'topic' | 'group'; name: string; patternType: 'literal' | 'prefixed' } | { type: 'cluster' };
  operations: AclOperation[];
}

/** The Kafka user of a service or a care setting, and everything it is allowed (all else is denied). */
export interface PrincipalAcls {
  user: string;
  rules: AclRule[];
}

/** The topic template whose topics care-router creates, one per subscribed care setting. */
export const CARE_SETTING_TEMPLATE = 'care-setting';

const topic = (name: string, patternType: 'literal' | 'prefixed', operations: AclOperation[]): AclRule => ({ resource: { type: 'topic', name, patternType }, operations });
const group = (prefix: string): AclRule => ({ resource: { type: 'group', name: prefix, patternType: 'prefixed' }, operations: ['Read', 'Describe'] });
// Every producer here is idempotent (kafkajs's InitProducerId); no producer is transactional.
const idempotentProducer: AclRule = { resource: { type: 'cluster' }, operations: ['IdempotentWrite'] };

/**
 * A service's rights, from deploy/topics.json and deploy/services.json: it writes the topics it owns
 * (and audit.access.v1 when it serves patient data), reads what its consumer reads and dead-letters to
 * those topics' `.dlq`, commits offsets in groups named after it (`<service>`, `<service>-…`,
 * `<service>.…`), and creates and writes the topics of the templates it owns.
 */
export function serviceAcls(topics: TopicsFile, service: ServiceAccessDeclaration): PrincipalAcls {
  const declared = new Map(topics.topics.map((entry) => [entry.name, entry]));
  const writes = topics.topics.filter((entry) => ownerOf(entry) === service.name || (service.servesPatientData && isAuditTopic(entry))).map((entry) => entry.name);
  const reads = service.consumes ?? [];
  for (const name of reads) if (!declared.has(name)) throw new Error(`${service.name} reads ${name}, which deploy/topics.json does not declare`);
  const deadLetters = reads.filter((name) => declared.get(name)?.deadLetter !== false).map((name) => `${name}.dlq`);
  const readTemplates = (service.consumesTemplates ?? []).map((template) => templatePrefix(topics, template));
  const ownedTemplates = (topics.templates ?? []).filter((entry) => ownerOf(entry) === service.name).map((entry) => templatePrefix(topics, entry.template));

  const rules: AclRule[] = [
    ...writes.map((name) => topic(name, 'literal', ['Write', 'Describe'])),
    ...reads.map((name) => topic(name, 'literal', ['Read', 'Describe'])),
    ...deadLetters.map((name) => topic(name, 'literal', ['Write', 'Describe'])),
    ...readTemplates.map((prefix) => topic(prefix, 'prefixed', ['Read', 'Describe'])),
    // Creating a setting's topic also sets its declared config on it (provisioning's describe and alter).
    ...ownedTemplates.map((prefix) => topic(prefix, 'prefixed', ['Create', 'Write', 'Describe', 'DescribeConfigs', 'AlterConfigs'])),
  ];
  if (reads.length || readTemplates.length) rules.push(group(service.name));
  if (writes.length || deadLetters.length || ownedTemplates.length) rules.push(idempotentProducer);
  return { user: service.name, rules };
}

/** Every service's rights: one Kafka user each. */
export function servicesAcls(topics: TopicsFile, services: ServiceAccessDeclaration[]): PrincipalAcls[] {
  return services.map((service) => serviceAcls(topics, service));
}

/** The Kafka user of a care setting: Kafka user names are lower case, as Kubernetes names (KafkaUser) must be. */
export const careSettingUser = (odsCode: string): string => `care-setting-${odsCode.toLowerCase()}`;

/**
 * A care setting's rights: it reads its own `care-setting.<ODS>.events.v1` and nothing else, in consumer
 * groups named `care-setting.<ODS>.…`, and keeps its subscriber's dead letters in topics of its own,
 * `care-setting.<ODS>.events.v1.<group>.dlq`, which the subscriber SDK creates.
 */
export function careSettingAcls(topics: TopicsFile, odsCode: string): PrincipalAcls {
  if (!/^[A-Z0-9]{3,10}$/.test(odsCode)) throw new Error(`"${odsCode}" is not an ODS code (3 to 10 capital letters and digits)`);
  return careSettingAclsFor(topics, odsCode, careSettingUser(odsCode));
}

/** The same rules with a placeholder for the ODS code, for a template (e.g. a KafkaUser to fill in). */
export function careSettingAclsTemplate(topics: TopicsFile, odsPlaceholder: string, userPlaceholder: string): PrincipalAcls {
  return careSettingAclsFor(topics, odsPlaceholder, userPlaceholder);
}

function careSettingAclsFor(topics: TopicsFile, odsCode: string, user: string): PrincipalAcls {
  const feed = templateName(topics, CARE_SETTING_TEMPLATE).replace('{odsCode}', odsCode);
  return {
    user,
    rules: [
      topic(feed, 'literal', ['Read', 'Describe']),
      topic(`${feed}.`, 'prefixed', ['Create', 'Write', 'Read', 'Describe']),
      group(`${CARE_SETTING_TEMPLATE}.${odsCode}.`),
      idempotentProducer,
    ],
  };
}

/** A topic with no one owner that names its writers: the access audit, written by every service serving patient data. */
const isAuditTopic = (entry: object): boolean => !ownerOf(entry) && 'writers' in entry;
const ownerOf = (entry: object): string | undefined => ('owner' in entry && typeof entry.owner === 'string' ? entry.owner : undefined);

function templateName(topics: TopicsFile, template: string): string {
  const entry = topics.templates?.find((candidate) => candidate.template === template);
  if (!entry) throw new Error(`deploy/topics.json declares no topic template "${template}"`);
  return entry.name;
}

/** The fixed start of a template's names (care-setting.{odsCode}.events.v1 → care-setting.): what a prefixed ACL matches. */
function templatePrefix(topics: TopicsFile, template: string): string {
  const name = templateName(topics, template);
  return name.slice(0, name.indexOf('{'));
}
