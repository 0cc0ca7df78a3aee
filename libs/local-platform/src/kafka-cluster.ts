import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from '@care-events/messaging';
import { freePort } from './free-port';
import { JavaProcess, waitUntilReady } from './java-process';
import { RunningKafka } from './kafka-broker';
import { KafkaNode, launchKafkaNode, newClusterId, prepareKafkaNode } from './kafka-node';

export interface KafkaClusterOptions {
  brokers: number;
  /** Kept across runs when given (npm start); a temporary folder removed on stop otherwise. */
  dir?: string;
  /** Client port of the first node; each node takes two ports from there (client, controller). Free ports when absent. */
  basePort?: number;
  heapMb?: number;
}

export interface RunningKafkaCluster extends RunningKafka {
  nodeIds: number[];
  /** SIGKILL of one node, broker and controller alike. */
  kill(nodeId: number): Promise<void>;
  /** SIGSTOP of one node: requests to it hang until it is killed. */
  suspend(nodeId: number): void;
  /** Starts a killed node again on its own storage and waits until the cluster counts it. */
  restart(nodeId: number): Promise<void>;
  /** Node id leading the partition now, as the cluster's metadata says (-1 while none does). */
  leaderOf(topic: string, partition: number): Promise<number>;
}

/**
 * A KRaft cluster of `brokers` nodes, each broker and controller in one JVM, so a node can be
 * killed and the remaining majority keeps the quorum. Internal topics get a copy on every node
 * (up to 3) and need two in sync.
 */
export async function startKafkaCluster(options: KafkaClusterOptions): Promise<RunningKafkaCluster> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kafka-cluster-'));
  const nodes = await planNodes(options, dir);
  const clusterId = newClusterId();
  await Promise.all(nodes.map((node) => prepareKafkaNode(node, { standalone: false, clusterId })));
  const brokers = nodes.map((node) => `127.0.0.1:${node.port}`);
  const running = new Map<number, JavaProcess>();
  const launch = async (node: KafkaNode) => running.set(node.nodeId, await launchKafkaNode(node));
  const nodeOf = (nodeId: number) => nodes.find((node) => node.nodeId === nodeId) ?? fail(`no node ${nodeId}`);
  const stop = async () => {
    await Promise.allSettled([...running.values()].map((java) => java.stop()));
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map(launch));
    await Promise.all([...running.values()].map((java) => waitUntilReady(java, () => countsBrokers(brokers, nodes.length), 120_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    brokers,
    nodeIds: nodes.map((node) => node.nodeId),
    stop,
    kill: async (nodeId) => running.get(nodeId)?.kill(),
    suspend: (nodeId) => running.get(nodeId)?.suspend(),
    async restart(nodeId) {
      await launch(nodeOf(nodeId));
      await waitUntilReady(running.get(nodeId) as JavaProcess, () => countsBrokers(brokers, nodes.length), 120_000);
    },
    leaderOf: (topic, partition) => leaderOf(brokers, topic, partition),
  };
}

async function planNodes(options: KafkaClusterOptions, dir: string): Promise<KafkaNode[]> {
  const ids = Array.from({ length: options.brokers }, (_, i) => i + 1);
  const ports = await Promise.all(ids.map(async (id) => ({
    port: options.basePort ? options.basePort + 2 * (id - 1) : await freePort(),
    controllerPort: options.basePort ? options.basePort + 2 * (id - 1) + 1 : await freePort(),
  })));
  const voters = ids.map((id, i) => `${id}@127.0.0.1:${ports[i].controllerPort}`).join(',');
  return ids.map((nodeId, i) => {
    const nodeDir = join(dir, `node-${nodeId}`);
    mkdirSync(nodeDir, { recursive: true });
    return { nodeId, dir: nodeDir, ...ports[i], voters, replicas: Math.min(3, options.brokers), heapMb: options.heapMb ?? 448 };
  });
}

/** Ready when some node answers metadata listing every broker as registered and unfenced. */
async function countsBrokers(brokers: string[], expected: number): Promise<boolean> {
  const admin = createKafka({ brokers, clientId: 'care-events-cluster-probe' }).admin();
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length === expected;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function leaderOf(brokers: string[], topic: string, partition: number): Promise<number> {
  const admin = createKafka({ brokers, clientId: 'care-events-cluster-probe' }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader ?? -1;
  } finally {
    await admin.disconnect();
  }
}

function fail(message: string): never {
  throw new Error(message);
}
