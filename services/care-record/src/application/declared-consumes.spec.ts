import { consumedTopics } from '@care-events/messaging';
import { PatientAccess } from '@care-events/patient-access';
import { AUDIT_TOPIC, SOURCE_TOPICS } from './source-topics';

describe('what care-record reads', () => {
  it('is declared in deploy/services.json as the topics it folds, the care relationships and the access audit', () => {
    expect(new Set(consumedTopics('care-record'))).toEqual(new Set([...SOURCE_TOPICS, PatientAccess.topic, AUDIT_TOPIC]));
  });
});
