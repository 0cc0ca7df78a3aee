import { probeBroker } from '@care-events/messaging';
import { JavaProcess, waitUntilReady } from './java-process';
import { KafkaNode, launchKafkaNode, prepareKafkaNode } from './kafka-node';

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
  const node: KafkaNode = {
    nodeId: 1,
    dir: options.dir,
    port: options.port,
    controllerPort: options.controllerPort,
    replicas: 1,
    heapMb: options.heapMb ?? 768,
  };
  await prepareKafkaNode(node, { standalone: true });
  const brokers = [`127.0.0.1:${options.port}`];
  const java = await launchKafkaNode(node);
  await waitUntilReady(java, () => probeBroker(brokers, 1_000), 90_000);
  return { brokers, stop: () => java.stop() };
}

export type { JavaProcess };
