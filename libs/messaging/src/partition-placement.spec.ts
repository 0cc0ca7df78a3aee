import { PartitionMetadata, Partitioners } from 'kafkajs';
import { placeOnPartitions } from './partition-placement';

const partitions = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] }));
const message = (topic: string, key: string) => ({ topic, key, value: Buffer.from(key), headers: {} });

describe('placeOnPartitions', () => {
  const keys = ['3f1d9a52-7c1b-4c55-9d0e-2b0f6e4b1a01', '9b2e4c11-5a7d-4f3e-8c21-6d4a0b9e7f02', 'a', 'patient'];

  it('places each key where the Java-compatible partitioner does', () => {
    const java = Partitioners.DefaultPartitioner();
    const placed = placeOnPartitions(keys.map((key) => message('t', key)), () => partitions(6));
    expect(placed.map((m) => m.partition)).toEqual(keys.map((key) => java({ topic: 't', partitionMetadata: partitions(6), message: { key, value: key } })));
  });

  it('puts every message of a one-partition topic on that partition', () => {
    expect(placeOnPartitions(keys.map((key) => message('care-setting.A81001.events.v1', key)), () => partitions(1)).map((m) => m.partition)).toEqual([0, 0, 0, 0]);
  });

  it('refuses a topic whose partitions it does not know', () => {
    expect(() => placeOnPartitions([message('t', 'a')], () => [])).toThrow(/no partitions known for topic t/);
  });
});
