import { readTopicsFile, topicFromTemplate } from '@care-events/messaging';
import { declaredServices } from './declared-services';
import { declaredTopics, templatedTopics } from './platform-provisioning';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('declared topic retention (deploy/topics.json)', () => {
  const topics = declaredTopics(3);
  const retentionOf = (name: string) => topics.find((topic) => topic.name === name)?.config['retention.ms'];

  it('keeps every event of the domain topics for ever, for rebuilds and new subscribers', () => {
    const domainTopics = declaredServices().flatMap((service) => (service.publishes && service.publishes !== 'audit.access.v1' ? [service.publishes] : []));
    expect(domainTopics).toHaveLength(6);
    for (const topic of domainTopics) expect({ topic, retention: retentionOf(topic), cleanup: topics.find((t) => t.name === topic)?.config['cleanup.policy'] }).toEqual({ topic, retention: '-1', cleanup: 'delete' });
  });

  it('keeps the access audit 8 years, dead letters and care settings\' copies 30 days', () => {
    expect(retentionOf('audit.access.v1')).toBe(String(2922 * DAY_MS));
    for (const topic of topics) expect(topic.deadLetter?.config['retention.ms']).toBe(String(30 * DAY_MS));
    expect(topicFromTemplate(readTopicsFile(), 'care-setting', { odsCode: 'A81001' }, 3).config['retention.ms']).toBe(String(30 * DAY_MS));
  });
});

describe('topics made from a template', () => {
  it('are recognised by name, with the template\'s config, and nothing else is', () => {
    const made = templatedTopics(readTopicsFile(), ['care-setting.A81001.events.v1', 'identity.patient.v1', 'care-setting.A81001.events.v1.dlq', 'care-setting.events.v1'], 1);
    expect(made).toEqual([topicFromTemplate(readTopicsFile(), 'care-setting', { odsCode: 'A81001' }, 1)]);
  });
});
