import { PartitionPositions } from './partition-positions';

describe('PartitionPositions', () => {
  it('gives the lag between the fetched high watermark and the next offset to process', () => {
    const positions = new PartitionPositions();
    positions.fetched('identity.patient.v1', 0, '110', '100');
    expect(positions.lags()).toEqual([{ topic: 'identity.patient.v1', partition: 0, lag: 10 }]);
    positions.processed('identity.patient.v1', 0, '104');
    expect(positions.lags()[0].lag).toBe(5);
    positions.processed('identity.patient.v1', 0, '109');
    expect(positions.lags()[0].lag).toBe(0);
  });

  it('never moves back: an offset processed again, or a batch fetched from before it, leaves the position', () => {
    const positions = new PartitionPositions();
    positions.processed('records.clinical.v1', 2, '50');
    positions.processed('records.clinical.v1', 2, '40');
    positions.fetched('records.clinical.v1', 2, '60', '45');
    expect(positions.lags()).toEqual([{ topic: 'records.clinical.v1', partition: 2, lag: 9 }]);
  });

  it('forgets partitions a rebalance gave to other members', () => {
    const positions = new PartitionPositions();
    positions.fetched('identity.patient.v1', 0, '5', '0');
    positions.fetched('identity.patient.v1', 1, '5', '0');
    positions.assigned({ 'identity.patient.v1': [1] });
    expect(positions.lags().map((p) => p.partition)).toEqual([1]);
  });
});
