import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, ResourcePatternTypes } from 'kafkajs';
import { AclOperation, PrincipalAcls } from './kafka-acl-rules';

const OPERATIONS: Record<AclOperation, AclOperationTypes> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Create: AclOperationTypes.CREATE,
  Describe: AclOperationTypes.DESCRIBE,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  AlterConfigs: AclOperationTypes.ALTER_CONFIGS,
  IdempotentWrite: AclOperationTypes.IDEMPOTENT_WRITE,
};

/** Brokers apply ACLs from the metadata log a moment after the controller took them: the longest wait for that. */
const PROPAGATION_TIMEOUT_MS = 15_000;

/**
 * Grants the principals' rules on the cluster (Kafka's CreateAcls; an ACL already present is left as it
 * is), and resolves once the broker answering describes every one of them, i.e. enforces them.
 */
type Binding = { principal: string; host: string; operation: number; permissionType: number; resourceType: number; resourceName: string; resourcePatternType: number };
const bindingKey = (binding: Binding): string =>
  [binding.principal, binding.host, binding.operation, binding.permissionType, binding.resourceType, binding.resourceName, binding.resourcePatternType].join('|');

export async function applyKafkaAcls(kafka: Kafka, principals: PrincipalAcls[]): Promise<number> {
  const acl = principals.flatMap(({ user, rules }) =>
    rules.flatMap(({ resource, operations }) =>
      operations.map((operation) => ({
        principal: `User:${user}`,
        host: '*',
        operation: OPERATIONS[operation],
        permissionType: AclPermissionTypes.ALLOW,
        ...(resource.type === 'cluster'
          ? { resourceType: AclResourceTypes.CLUSTER, resourceName: 'kafka-cluster', resourcePatternType: ResourcePatternTypes.LITERAL }
          : {
              resourceType: resource.type === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
              resourceName: resource.name,
              resourcePatternType: resource.patternType === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
            }),
      })),
    ),
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl });
    const wanted = new Set(acl.map(bindingKey));
    const deadline = Date.now() + PROPAGATION_TIMEOUT_MS;
    for (;;) {
      const { resources } = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY,
      });
      const present = new Set(resources.flatMap((resource) => resource.acls.map((entry) => bindingKey({ ...resource, ...entry }))));
      const missing = [...wanted].filter((key) => !present.has(key));
      if (!missing.length) return acl.length;
      if (Date.now() > deadline) throw new Error(`${missing.length} ACLs created but not in effect after ${PROPAGATION_TIMEOUT_MS / 1000} s, e.g. ${missing[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
