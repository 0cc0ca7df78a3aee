import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JavaProcess, startJava, writeLog4jConfig } from './java-process';
import { kafkaClasspath } from './maven-artifacts';
import { runCommand } from './run-command';

/** One KRaft node that is broker and controller in one JVM, on 127.0.0.1. */
export interface KafkaNode {
  nodeId: number;
  dir: string;
  port: number;
  controllerPort: number;
  /** `id@host:port` of every controller of a cluster; without it the node is a cluster of its own. */
  voters?: string;
  /** Copies of each internal topic and of topics created without a replication factor. */
  replicas: number;
  heapMb: number;
  /** A SASL_SSL client listener with SCRAM users and ACLs, instead of PLAINTEXT. */
  security?: KafkaNodeSecurity;
}

/** What a secured node needs: its keystore, its SCRAM users (the first is the super user it talks to itself as). */
export interface KafkaNodeSecurity {
  /** PKCS12 with the broker's key and certificate chain and the CA as a trusted entry. */
  keystoreFile: string;
  keystorePassword: string;
  superUser: { name: string; password: string };
  /** Every other user; SCRAM credentials live in the cluster metadata, written here when the storage is formatted. */
  users: Array<{ name: string; password: string }>;
  /** OAUTHBEARER beside SCRAM: tokens are JWTs the issuer signs, checked against its key set; the user is their `sub`. */
  oauth?: { jwksUrl: string; issuer: string; audience: string };
  /** A second client listener, SSL, that requires a client certificate signed by the CA; the user is its CN. */
  mutualTlsPort?: number;
}

/** Writes the node's configuration, and formats its storage on first start. */
export async function prepareKafkaNode(node: KafkaNode, format: { standalone: boolean; clusterId?: string }): Promise<void> {
  mkdirSync(node.dir, { recursive: true });
  writeFileSync(configFile(node), serverProperties(node));
  if (existsSync(join(storageDir(node), 'meta.properties'))) return;
  const scram = node.security ? [node.security.superUser, ...node.security.users].flatMap(({ name, password }) => ['--add-scram', `SCRAM-SHA-512=[name=${name},password=${password}]`]) : [];
  const args = ['-cp', await kafkaClasspath(), 'kafka.tools.StorageTool', 'format', '-t', format.clusterId ?? newClusterId(), '-c', configFile(node), ...scram];
  await runCommand(process.env.JAVA ?? 'java', format.standalone ? [...args, '--standalone'] : args);
}

export async function launchKafkaNode(node: KafkaNode): Promise<JavaProcess> {
  // Kafka fetches an OAuth key set only from URLs this property allows.
  const oauth = node.security?.oauth ? [`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${node.security.oauth.jwksUrl}`] : [];
  return startJava(`Kafka node ${node.nodeId}`, [
    `-Xmx${node.heapMb}m`, '-XX:+UseG1GC', ...oauth,
    `-Dlog4j2.configurationFile=${writeLog4jConfig(node.dir, { kafka: 'kafka' })}`,
    '-cp', await kafkaClasspath(), 'kafka.Kafka', configFile(node),
  ], join(node.dir, 'broker.log'));
}

/**
 * KRaft cluster ids are 16 random bytes in URL-safe base64 without padding. One that starts with "-"
 * is taken for an option by StorageTool's argument parser, so such ids are drawn again (as Kafka's own
 * Uuid.randomUuid does).
 */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const configFile = (node: KafkaNode) => join(node.dir, 'server.properties');
const storageDir = (node: KafkaNode) => join(node.dir, 'storage');

function serverProperties(node: KafkaNode): string {
  const { nodeId, port, controllerPort, voters, replicas } = node;
  const minInSync = Math.min(2, replicas);
  const listener = node.security ? 'SASL_SSL' : 'PLAINTEXT';
  const clientListeners = [`${listener}://127.0.0.1:${port}`, ...(node.security?.mutualTlsPort ? [`SSL://127.0.0.1:${node.security.mutualTlsPort}`] : [])];
  return [
    'process.roles=broker,controller',
    `node.id=${nodeId}`,
    voters ? `controller.quorum.voters=${voters}` : `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
    `listeners=${[...clientListeners, `CONTROLLER://127.0.0.1:${controllerPort}`].join(',')}`,
    `advertised.listeners=${clientListeners.join(',')}`,
    'controller.listener.names=CONTROLLER',
    `inter.broker.listener.name=${listener}`,
    `listener.security.protocol.map=${listener}:${listener},${node.security?.mutualTlsPort ? 'SSL:SSL,' : ''}CONTROLLER:PLAINTEXT`,
    ...(node.security ? securedListener(node.security) : []),
    `log.dirs=${storageDir(node)}`,
    'num.partitions=1',
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minInSync}`,
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=6',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minInSync}`,
    `share.coordinator.state.topic.replication.factor=${replicas}`,
    `share.coordinator.state.topic.min.isr=${minInSync}`,
    'group.initial.rebalance.delay.ms=0',
    // A killed node loses its leaderships within seconds, not the default 9 s, as a tuned cluster would.
    'broker.session.timeout.ms=4000',
    'broker.heartbeat.interval.ms=500',
    // Topics are declared in deploy/topics.json and provisioned; nothing may appear by accident.
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

/**
 * SASL_SSL with SCRAM-SHA-512 and Kafka's KRaft authorizer: nothing is allowed without an ACL but to
 * the super user (whose credentials the broker also uses on its own listener). The controller listener
 * stays plaintext on 127.0.0.1; its connections are the node's own, as User:ANONYMOUS, which must be a
 * super user for the broker to register with its controller.
 */
function securedListener({ keystoreFile, keystorePassword, superUser, oauth, mutualTlsPort }: KafkaNodeSecurity): string[] {
  return [
    `ssl.keystore.location=${keystoreFile}`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.password=${keystorePassword}`,
    `ssl.key.password=${keystorePassword}`,
    `ssl.truststore.location=${keystoreFile}`,
    'ssl.truststore.type=PKCS12',
    `ssl.truststore.password=${keystorePassword}`,
    `sasl.enabled.mechanisms=SCRAM-SHA-512${oauth ? ',OAUTHBEARER' : ''}`,
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${superUser.name}" password="${superUser.password}";`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:${superUser.name};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found=false',
    ...(oauth
      ? [
          'listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
          'listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
          `sasl.oauthbearer.jwks.endpoint.url=${oauth.jwksUrl}`,
          `sasl.oauthbearer.expected.issuer=${oauth.issuer}`,
          `sasl.oauthbearer.expected.audience=${oauth.audience}`,
        ]
      : []),
    // The user of a certificate is its CN (CN=identity is User:identity), as SCRAM's is its name.
    ...(mutualTlsPort ? ['listener.name.ssl.ssl.client.auth=required', 'ssl.principal.mapping.rules=RULE:^CN=([^,]+)$/$1/,DEFAULT'] : []),
  ];
}

