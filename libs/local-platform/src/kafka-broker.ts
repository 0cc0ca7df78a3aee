import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeBroker } from '@care-events/messaging';
import { JavaProcess, startJava, waitUntilReady } from './java-process';
import { kafkaClasspath } from './maven-artifacts';
import { runCommand } from './run-command';

export interface KafkaBrokerOptions {
  /** Holds server.properties, the log and the KRaft storage; formatted on first start. */
  dir: string;
  port: number;
  controllerPort: number;
  heapMb?: number;
}

export interface RunningKafka {
  brokers: string[];
  stop(): Promise<void>;
}

/** A single-node KRaft cluster (broker and controller in one JVM) on 127.0.0.1. */
export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<RunningKafka> {
  const classpath = await kafkaClasspath();
  mkdirSync(options.dir, { recursive: true });
  const config = join(options.dir, 'server.properties');
  writeFileSync(config, serverProperties(options));
  const storage = join(options.dir, 'storage');
  if (!existsSync(join(storage, 'meta.properties'))) {
    await runCommand(process.env.JAVA ?? 'java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', clusterId(), '-c', config]);
  }
  const brokers = [`127.0.0.1:${options.port}`];
  const java = startJava('Kafka broker', [
    `-Xmx${options.heapMb ?? 768}m`, '-XX:+UseG1GC',
    `-Dlog4j2.configurationFile=${writeLog4j(options.dir)}`,
    '-cp', classpath, 'kafka.Kafka', config,
  ], join(options.dir, 'broker.log'));
  await waitUntilReady(java, () => probeBroker(brokers, 1_000), 90_000);
  return { brokers, stop: () => java.stop() };
}

export type { JavaProcess };

function serverProperties({ dir, port, controllerPort }: KafkaBrokerOptions): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(dir, 'storage')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics are declared in deploy/topics.json and provisioned; nothing may appear by accident.
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

/** KRaft cluster ids are 16 random bytes in URL-safe base64 without padding. */
function clusterId(): string {
  return randomBytes(16).toString('base64url');
}

function writeLog4j(dir: string): string {
  const file = join(dir, 'log4j2.properties');
  writeFileSync(file, [
    'rootLogger.level=WARN',
    'rootLogger.appenderRef.stdout.ref=STDOUT',
    'appender.stdout.type=Console',
    'appender.stdout.name=STDOUT',
    'appender.stdout.layout.type=PatternLayout',
    'appender.stdout.layout.pattern=[%d] %p %m (%c)%n',
    'logger.kafka.name=kafka',
    'logger.kafka.level=INFO',
    '',
  ].join('\n'));
  return file;
}
