import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { KafkaSecurity, kafkaJsSecurity, kafkaSecurityFromEnvironment } from './kafka-security';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** TLS and SASL; by default this process's KAFKA_SSL* and KAFKA_SASL* variables (`readKafkaSecurity`). */
  security?: KafkaSecurity;
}

/** kafkajs's own log lines go through the service's logger as JSON, not to stdout. */
export type KafkaLogSink = (level: 'error' | 'warn' | 'info', message: string, extra: Record<string, unknown>) => void;

export function createKafka(settings: KafkaSettings, sink?: KafkaLogSink): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ...kafkaJsSecurity(settings.security ?? kafkaSecurityFromEnvironment()),
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => forward(entry, sink),
  });
}

function forward({ level, log }: LogEntry, sink?: KafkaLogSink) {
  if (!sink) return;
  const { message, ...extra } = log;
  sink(level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'info', `kafka: ${message}`, extra);
}

/** True when the cluster answers a metadata request: the readiness test of a broker. */
export async function probeBroker(brokers: string[], timeoutMs = 3_000, security: KafkaSecurity = kafkaSecurityFromEnvironment()): Promise<boolean> {
  const kafka = new Kafka({
    brokers, clientId: 'care-events-probe', connectionTimeout: timeoutMs, retry: { retries: 0 }, logLevel: logLevel.NOTHING, ...kafkaJsSecurity(security),
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const metadata = await admin.describeCluster();
    return metadata.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Number of brokers in the cluster: replication can be no larger. */
export async function clusterSize(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).brokers.length;
  } finally {
    await admin.disconnect();
  }
}
