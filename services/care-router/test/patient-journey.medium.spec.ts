import { EventType, MedicationsEventType } from '@care-events/contracts';
import { declaredServices, groupAtTopicEnds, ServiceProcess, startServiceProcess } from '@care-events/local-platform';
import {
  careSettings, endpointsOf, feedTable, JOURNEY_SERVICES, JourneyOutcome, readJourneyFeeds, ReceivedFeed, runPatientJourney, SettingRole, settingOf, uniqueOdsCodes,
} from '@care-events/demo';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const DOMAIN_TOPICS = declaredServices().filter((service) => service.name !== 'care-router').map((service) => service.publishes);
const PRESCRIBING: string[] = Object.values(MedicationsEventType).filter((type) => type !== MedicationsEventType.MedicationsMerged);

async function startService(name: string): Promise<ServiceProcess> {
  return startServiceProcess(name, { CONSUMER_GROUP: await groupAtTopicEnds(DOMAIN_TOPICS, `${name}-journey`) });
}

const types = (copies: { patientId: string; eventType: string }[], patientId: string) => copies.filter((copy) => copy.patientId === patientId).map((copy) => copy.eventType);

describe('a patient journey through the six services, read by each care setting through the subscriber SDK', () => {
  const processes: ServiceProcess[] = [];
  let outcome: JourneyOutcome;
  let feeds: Map<SettingRole, ReceivedFeed>;

  beforeAll(async () => {
    const started = await Promise.allSettled(JOURNEY_SERVICES.map(startService));
    for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
    const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    const endpoints = endpointsOf(Object.fromEntries(JOURNEY_SERVICES.map((name, i) => [name, processes[i].url])), brokers, process.env.SCHEMA_REGISTRY_URL ?? '');
    outcome = await runPatientJourney(endpoints, careSettings(uniqueOdsCodes()));
    feeds = new Map((await readJourneyFeeds(endpoints, outcome, 60_000)).map((feed) => [feed.setting.role, feed]));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(processes.map((service) => service.stop()));
  }, 60_000);

  const feedOf = (role: SettingRole) => feeds.get(role) as ReceivedFeed;

  it.each<SettingRole>(['gp', 'ambulance', 'hospital', 'pharmacy', 'otherGp'])('gives %s exactly its expected event types, in each patient\'s order', (role) => {
    const received = feedOf(role).copies;
    const expected = outcome.expected.of(role);
    for (const patient of [outcome.patient, outcome.neighbour]) {
      expect({ patient: patient.name, types: types(received, patient.id) }).toEqual({ patient: patient.name, types: types(expected, patient.id) });
    }
    expect(received).toHaveLength(expected.length);
  });

  it.each<SettingRole>(['gp', 'ambulance', 'hospital', 'pharmacy'])('numbers %s\'s copies 1, 2, 3 … without a gap, as the router counted them', (role) => {
    const feed = feedOf(role);
    expect(feed.copies.length).toBeGreaterThan(0);
    expect(feed.copies.map((copy) => copy.eventNumber)).toEqual(feed.copies.map((_, i) => i + 1));
    expect(feed.lastEventNumber).toBe(feed.copies.length);
    expect(new Set(feed.copies.map((copy) => copy.subscriptionId))).toEqual(new Set([outcome.subscriptionIds[role]]));
    expect(feed.gaps).toEqual([]);
  });

  it('gives the GP practice the medication the hospital stopped, with who stopped it and why', () => {
    const stopped = feedOf('gp').copies.filter((copy) => copy.eventType === MedicationsEventType.MedicationStopped);
    expect(stopped).toHaveLength(1);
    expect(stopped[0].patientId).toBe(outcome.patient.id);
    expect(stopped[0].event).toMatchObject({
      medicine: { term: 'Trimethoprim 200mg tablets' },
      reason: expect.stringContaining('Hyperkalaemia'),
      metadata: { actor: { odsCode: settingOf(outcome.settings, 'hospital').odsCode } },
    });
  });

  it('gives the nominated pharmacy prescribing events of its own patient only', () => {
    const copies = feedOf('pharmacy').copies;
    expect(new Set(copies.map((copy) => copy.patientId))).toEqual(new Set([outcome.patient.id]));
    expect(copies.every((copy) => PRESCRIBING.includes(copy.eventType))).toBe(true);
    expect(types(feedOf('gp').copies, outcome.neighbour.id)).toContain(MedicationsEventType.MedicationPrescribed);
  });

  it('gives the unrelated GP practice nothing', () => {
    expect(feedOf('otherGp').copies).toEqual([]);
    expect(feedOf('otherGp').lastEventNumber).toBe(0);
  });

  it('gives the ambulance service nothing recorded after its follow ended, though others received later events', () => {
    const recordedAt = (event: unknown) => (event as { metadata: { recordedAt: number } }).metadata.recordedAt;
    const ambulance = feedOf('ambulance').copies;
    expect(ambulance.length).toBeGreaterThan(0);
    expect(ambulance.filter((copy) => recordedAt(copy.event) >= outcome.followEndedAt.getTime())).toEqual([]);
    const later = feedOf('gp').copies.filter((copy) => recordedAt(copy.event) >= outcome.followEndedAt.getTime()).map((copy) => copy.eventType as EventType);
    expect(later).toEqual([MedicationsEventType.MedicationPrescribed, MedicationsEventType.MedicationDispensed]);
  });

  it('prints each feed as the demo does: a line of meaning per copy, and "received nothing" for the unrelated practice', () => {
    const names = new Map([[outcome.patient.id, outcome.patient.name], [outcome.neighbour.id, outcome.neighbour.name]]);
    const print = (role: SettingRole) => feedTable(settingOf(outcome.settings, role), feedOf(role).copies, names, feedOf(role).lastEventNumber);
    const hospital = settingOf(outcome.settings, 'hospital').odsCode;
    expect(print('gp')).toContainEqual(expect.stringMatching(new RegExp(`^ +8  Ruth Evans +MedicationStopped +Trimethoprim 200mg tablets: stopped by ${hospital}, reason: Hyperkalaemia`)));
    expect(print('gp')).toHaveLength(1 + 1 + outcome.expected.of('gp').length + 1);
    expect(print('otherGp')[1]).toMatch(/received nothing/);
  });
});
