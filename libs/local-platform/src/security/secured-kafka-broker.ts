import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaSecurity, probeBroker } from '@care-events/messaging';
import { freePort } from '../free-port';
import { waitUntilReady } from '../java-process';
import { RunningKafka } from '../kafka-broker';
import { KafkaNodeSecurity, launchKafkaNode, prepareKafkaNode } from '../kafka-node';
import { makeBrokerCertificates, makeClientCertificate } from './broker-certificates';

export interface SecuredKafka extends RunningKafka {
  /** The CA certificate (PEM file) the broker's certificate is signed by. */
  caFile: string;
  /** The super user: provisioning and ACL administration. */
  admin: { name: string; password: string };
  /** TLS with the CA and SCRAM-SHA-512 as `user` (the admin or one of the users the broker was started with). */
  securityOf(user: string): KafkaSecurity;
  /** The same as the variables a service reads (KAFKA_SSL_CA_FILE, KAFKA_SASL_*), with KAFKA_BROKERS. */
  environmentOf(user: string): Record<string, string>;
  /** With `mutualTls`: the listener that takes client certificates instead of SASL. */
  mutualTlsBrokers?: string[];
  /** With `mutualTls`: a certificate and key (PEM files) for `user`, signed by the CA. */
  clientCertificate(user: string): Promise<{ certFile: string; keyFile: string }>;
}

const ADMIN = 'care-events-admin';

/**
 * A single-node KRaft broker on 127.0.0.1 whose only client listener is SASL_SSL: a CA and broker
 * certificate made for this run, SCRAM-SHA-512 credentials for `users` (random passwords) and the
 * admin, with `oauth` also OAUTHBEARER tokens of that issuer, with `mutualTls` a second listener taking
 * client certificates, and ACLs enforced. Nothing but the admin
 * may do anything until ACLs are granted.
 */
export async function startSecuredKafkaBroker(options: { users: string[]; oauth?: KafkaNodeSecurity['oauth']; mutualTls?: boolean; heapMb?: number }): Promise<SecuredKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'secured-kafka-'));
  try {
    const certificates = await makeBrokerCertificates(join(dir, 'tls'));
    const password = () => randomBytes(12).toString('hex');
    const admin = { name: ADMIN, password: password() };
    const users = options.users.map((name) => ({ name, password: password() }));
    const passwords = new Map([admin, ...users].map(({ name, password: secret }) => [name, secret]));
    const mutualTlsPort = options.mutualTls ? await freePort() : undefined;
    const node = {
      nodeId: 1, dir: join(dir, 'kafka'), port: await freePort(), controllerPort: await freePort(), replicas: 1, heapMb: options.heapMb ?? 768,
      security: { keystoreFile: certificates.keystoreFile, keystorePassword: certificates.password, superUser: admin, users, oauth: options.oauth, mutualTlsPort },
    };
    await prepareKafkaNode(node, { standalone: true });
    const brokers = [`127.0.0.1:${node.port}`];
    const ca = readFileSync(certificates.caFile, 'utf8');
    const secretOf = (user: string): string => {
      const secret = passwords.get(user);
      if (secret === undefined) throw new Error(`the secured broker has no user "${user}"`);
      return secret;
    };
    const securityOf = (user: string): KafkaSecurity => ({ tls: { ca }, sasl: { mechanism: 'scram-sha-512', username: user, password: secretOf(user) } });
    const java = await launchKafkaNode(node);
    await waitUntilReady(java, () => probeBroker(brokers, 1_000, securityOf(ADMIN)), 90_000);
    return {
      brokers,
      caFile: certificates.caFile,
      admin,
      securityOf,
      environmentOf: (user) => ({
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: certificates.caFile,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: user,
        KAFKA_SASL_PASSWORD: secretOf(user),
      }),
      mutualTlsBrokers: mutualTlsPort ? [`127.0.0.1:${mutualTlsPort}`] : undefined,
      clientCertificate: (user) => makeClientCertificate(certificates, join(dir, 'tls'), user),
      stop: async () => {
        await java.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
