import { KafkaCredentials } from './deploy-settings';

const CA_DIR = '/etc/kafka-ca';

/** A container's Kafka settings for `user`: SASL over TLS, the password from the user's Secret, the cluster CA as a file. */
export function kafkaClientOf(user: string, credentials: KafkaCredentials) {
  return {
    env: [
      { name: 'KAFKA_SASL_MECHANISM', value: credentials.saslMechanism },
      { name: 'KAFKA_SASL_USERNAME', value: user },
      { name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name: `${credentials.userSecretPrefix}${user}`, key: 'password' } } },
      { name: 'KAFKA_SSL_CA_FILE', value: `${CA_DIR}/ca.crt` },
    ],
    volumeMounts: [{ name: 'kafka-ca', mountPath: CA_DIR, readOnly: true }],
    volumes: [{ name: 'kafka-ca', secret: { secretName: credentials.caSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }],
  };
}
