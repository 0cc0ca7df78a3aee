import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startJava, waitUntilReady, writeLog4jConfig } from './java-process';
import { connectClasspath, connectPluginPath } from './maven-artifacts';

export interface KafkaConnectOptions {
  /** Holds the worker's properties, its offsets file and its log. */
  dir: string;
  brokers: string[];
  /** Port of the worker's REST API on 127.0.0.1. */
  port: number;
  /** Connector properties files, e.g. deploy/analytics/connect/iceberg-sink.properties, as committed. */
  connectorFiles: string[];
  /** The variables those files name as ${env:NAME}. */
  env: Record<string, string>;
  heapMb?: number;
  /** The worker's plugin.path; by default the Iceberg sink and the Avro converter (connectPluginPath). */
  pluginPath?: string;
}

export interface RunningKafkaConnect {
  /** Base of the worker's REST API, e.g. http://127.0.0.1:8083 */
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

interface ConnectorStatus {
  status: { connector: { state: string; trace?: string }; tasks: Array<{ id: number; state: string; trace?: string }> };
}

/**
 * A Kafka Connect worker in standalone mode (source offsets in a local file), from the broker's Kafka
 * release, with the Iceberg sink and the Avro converter on its plugin path unless given another. Ready
 * once every connector and task runs; a connector or task that fails at start fails the start, with its stack trace.
 */
export async function startKafkaConnect(options: KafkaConnectOptions): Promise<RunningKafkaConnect> {
  const classpath = await connectClasspath();
  const pluginPath = options.pluginPath ?? (await connectPluginPath());
  mkdirSync(options.dir, { recursive: true });
  const url = `http://127.0.0.1:${options.port}`;
  const worker = writeWorkerProperties(options, pluginPath);
  const logFile = join(options.dir, 'connect.log');
  const java = startJava('Kafka Connect', [
    `-Xmx${options.heapMb ?? 512}m`,
    // The sink's commits (which files, which offsets) are what to read when files are late.
    `-Dlog4j2.configurationFile=${writeLog4jConfig(options.dir, { iceberg: 'org.apache.iceberg', worker: 'org.apache.kafka.connect.runtime.Worker' })}`,
    '-cp', classpath, 'org.apache.kafka.connect.cli.ConnectStandalone', worker, ...options.connectorFiles,
  ], logFile, options.dir, options.env);
  let statuses: Record<string, ConnectorStatus> = {};
  await waitUntilReady(java, async () => {
    statuses = (await (await fetch(`${url}/connectors?expand=status`)).json()) as Record<string, ConnectorStatus>;
    const states = Object.values(statuses).flatMap(({ status }) => [status.connector.state, ...status.tasks.map((task) => task.state)]);
    const started = Object.values(statuses).every(({ status }) => status.tasks.length > 0);
    return Object.keys(statuses).length === options.connectorFiles.length && started && states.every((state) => state !== 'UNASSIGNED');
  }, 180_000);
  const failures = Object.entries(statuses).flatMap(([name, { status }]) =>
    [{ id: 'connector', ...status.connector }, ...status.tasks].filter((part) => part.state !== 'RUNNING').map((part) => `${name} ${part.id}: ${part.state}\n${part.trace ?? ''}`),
  );
  if (failures.length) {
    await java.stop();
    throw new Error(`Kafka Connect started, but not every connector runs (log: ${logFile}):\n${failures.join('\n')}`);
  }
  return { url, logFile, stop: () => java.stop() };
}

function writeWorkerProperties(options: KafkaConnectOptions, pluginPath: string): string {
  const file = join(options.dir, 'worker.properties');
  writeFileSync(file, [
    `bootstrap.servers=${options.brokers.join(',')}`,
    `listeners=http://127.0.0.1:${options.port}`,
    `offset.storage.file.filename=${join(options.dir, 'connect.offsets')}`,
    'offset.flush.interval.ms=5000',
    `plugin.path=${pluginPath}`,
    // Connectors name their settings as ${env:NAME}, so the files in deploy/ run here unchanged.
    'config.providers=env',
    'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    'key.converter=org.apache.kafka.connect.converters.ByteArrayConverter',
    'value.converter=org.apache.kafka.connect.converters.ByteArrayConverter',
    '',
  ].join('\n'));
  return file;
}

