import { strategyOf, subjectFor } from './subject-names';
import { TopicsFile } from './topic-declarations';

describe('subjectFor', () => {
  it.each([
    ['identity.patient.v1', 'care.events.identity.PatientRegistered', 'identity.patient.v1-care.events.identity.PatientRegistered'],
    ['care-setting.A81001.events.v1', 'care.events.identity.PatientRegistered', 'care-setting.A81001.events.v1-care.events.identity.PatientRegistered'],
    ['analytics.population-health.medication.v1', 'care.events.analytics.AnalyticsMedication', 'analytics.population-health.medication.v1-value'],
  ])('names %s with %s as %s (by the strategy deploy/topics.json declares)', (topic, fullName, subject) => {
    expect(subjectFor(topic, fullName)).toBe(subject);
  });

  it('takes a strategy declared on a fixed topic too, and matches a template placeholder within one name segment only', () => {
    const file = {
      defaults: { replicationFactor: 1, minInSyncReplicas: 1, config: {}, deadLetter: { partitions: 1, config: {} } },
      topics: [{ name: 'one.schema.v1', partitions: 1, subjectNameStrategy: 'TopicNameStrategy' }],
      templates: [{ template: 't', name: 'feed.{who}.v1', partitions: 1, subjectNameStrategy: 'TopicNameStrategy' }],
    } as TopicsFile;
    expect([strategyOf('one.schema.v1', file), strategyOf('feed.x.v1', file), strategyOf('feed.x.y.v1', file), strategyOf('other.v1', file)]).toEqual([
      'TopicNameStrategy', 'TopicNameStrategy', 'TopicRecordNameStrategy', 'TopicRecordNameStrategy',
    ]);
  });
});
