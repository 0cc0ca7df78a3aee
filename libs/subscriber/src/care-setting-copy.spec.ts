import { careSettingTopic, readCopyEnvelope } from './care-setting-copy';
import { MalformedCopyError, SubscriberConfigError } from './subscriber-errors';

const headers = { ce_id: 'e1', ce_type: 'care.events.identity.PatientRegistered', ce_subscriptionid: 's1', ce_eventnumber: '42' };

describe('care-setting copy', () => {
  it('names the topic after the ODS code in upper case', () => {
    expect(careSettingTopic('a81001')).toBe('care-setting.A81001.events.v1');
    expect(() => careSettingTopic('A81.001')).toThrow(SubscriberConfigError);
    expect(() => careSettingTopic('')).toThrow('odsCode');
  });

  it('reads the event number and subscription from the headers', () => {
    expect(readCopyEnvelope(headers)).toEqual({ eventId: 'e1', eventType: headers.ce_type, subscriptionId: 's1', eventNumber: 42 });
  });

  it.each([
    ['ce_eventnumber', undefined],
    ['ce_eventnumber', '0'],
    ['ce_eventnumber', '-1'],
    ['ce_eventnumber', '1.5'],
    ['ce_eventnumber', '99999999999999999999'],
    ['ce_subscriptionid', undefined],
    ['ce_id', undefined],
  ])('refuses a copy whose %s is %s', (name, value) => {
    const broken: Record<string, string> = { ...headers };
    if (value === undefined) delete broken[name];
    else broken[name] = value;
    expect(() => readCopyEnvelope(broken)).toThrow(MalformedCopyError);
    expect(() => readCopyEnvelope(broken)).toThrow(name);
  });
});
