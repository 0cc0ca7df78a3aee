import { declaredTopicsOf, topicFromTemplate, TopicsFile } from './topic-declarations';

const file: TopicsFile = {
  defaults: {
    replicationFactor: 3,
    minInSyncReplicas: 2,
    config: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
    deadLetter: { partitions: 1, config: { 'retention.ms': '2592000000' } },
  },
  topics: [{ name: 'identity.patient.v1', partitions: 6 }],
  templates: [{ template: 'care-setting', name: 'care-setting.{odsCode}.events.v1', partitions: 1, config: { 'retention.ms': '604800000' } }],
};

describe('topic declarations', () => {
  it.each([
    [1, 1, '1'],
    [2, 2, '2'],
    [5, 3, '2'],
  ])('caps replication at a cluster of %i broker(s): factor %i, min.insync %s', (brokers, factor, minInSync) => {
    const [topic] = declaredTopicsOf(file, brokers);
    expect(topic).toMatchObject({ name: 'identity.patient.v1', partitions: 6, replicationFactor: factor });
    expect(topic.config['min.insync.replicas']).toBe(minInSync);
    expect(topic.deadLetter?.config['min.insync.replicas']).toBe(minInSync);
  });

  it('gives a template\'s topic on the same defaults, its own config keys winning', () => {
    expect(topicFromTemplate(file, 'care-setting', { odsCode: 'A81001' }, 1)).toEqual({
      name: 'care-setting.A81001.events.v1',
      partitions: 1,
      replicationFactor: 1,
      config: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'min.insync.replicas': '1' },
      deadLetter: { partitions: 1, config: { 'retention.ms': '2592000000', 'min.insync.replicas': '1' } },
    });
  });

  it('leaves out the dead-letter topic of a template that declares none', () => {
    const withoutDeadLetter: TopicsFile = { ...file, templates: [{ ...file.templates![0], deadLetter: false }] };
    expect(topicFromTemplate(withoutDeadLetter, 'care-setting', { odsCode: 'A81001' }, 3).deadLetter).toBeUndefined();
  });

  it('refuses an unknown template or a missing placeholder value', () => {
    expect(() => topicFromTemplate(file, 'billing', {}, 1)).toThrow('no topic template "billing"');
    expect(() => topicFromTemplate(file, 'care-setting', {}, 1)).toThrow('needs a value for {odsCode}');
  });
});
