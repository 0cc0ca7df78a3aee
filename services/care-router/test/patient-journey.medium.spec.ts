import { EventType, MedicationsEventType } from '@care-events/contracts';
import { declaredServices, groupAtTopicEnds, ServiceProcess, startServiceProcess } from '@care-events/local-platform';
import {
  accessLogTable, careRecordSummary, careSettings, endpointsOf, feedTable, JOURNEY_SERVICES, JourneyOutcome, readJourneyFeeds, ReceivedFeed, runPatientJourney,
  SettingRole, settingOf, uniqueOdsCodes,
} from '@care-events/demo';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
// Every topic a service of the journey reads: the domain topics, care relationships and the access audit.
const PLATFORM_TOPICS = declaredServices().flatMap((service) => (service.publishes ? [service.publishes] : []));
const PRESCRIBING: string[] = Object.values(MedicationsEventType).filter((type) => type !== MedicationsEventType.MedicationsMerged);

/** The service with a consumer group of its own at the current end of the topics, and that group's id. */
async function startService(name: string): Promise<{ service: ServiceProcess; group: string }> {
  const group = await groupAtTopicEnds(PLATFORM_TOPICS, `${name}-journey`);
  return { service: await startServiceProcess(name, { CONSUMER_GROUP: group }), group };
}

const types = (copies: { patientId: string; eventType: string }[], patientId: string) => copies.filter((copy) => copy.patientId === patientId).map((copy) => copy.eventType);

describe('a patient journey through the seven services with every caller\'s token, read by each care setting through the subscriber SDK', () => {
  const processes: ServiceProcess[] = [];
  let outcome: JourneyOutcome;
  let feeds: Map<SettingRole, ReceivedFeed>;

  beforeAll(async () => {
    const started = await Promise.allSettled(JOURNEY_SERVICES.map(startService));
    for (const result of started) if (result.status === 'fulfilled') processes.push(result.value.service);
    const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    const running = started.map((result) => (result as PromiseFulfilledResult<{ service: ServiceProcess; group: string }>).value);
    const endpoints = endpointsOf(Object.fromEntries(JOURNEY_SERVICES.map((name, i) => [name, running[i].service.url])), {
      brokers, registryUrl: process.env.SCHEMA_REGISTRY_URL ?? '', issuer: process.env.AUTH_ISSUER ?? '',
      careRecordGroup: running[JOURNEY_SERVICES.indexOf('care-record')].group,
    });
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

  it('shows the crew the penicillin allergy and the trimethoprim the hospital stopped, with who and why, in the care record read under its follow', () => {
    const hospital = settingOf(outcome.settings, 'hospital').odsCode;
    const record = outcome.crewRead;
    expect(record.patientId).toBe(outcome.patient.id);
    expect(record.allergies).toEqual([expect.objectContaining({ substance: expect.objectContaining({ code: '764146007', display: 'Penicillin' }), criticality: 'HIGH' })]);
    expect(record.medications).toEqual([
      expect.objectContaining({
        medicine: expect.objectContaining({ display: 'Trimethoprim 200mg tablets' }), status: 'STOPPED',
        stoppedBy: expect.objectContaining({ odsCode: hospital }), stopReason: expect.stringContaining('Hyperkalaemia'),
      }),
    ]);
    expect(careRecordSummary(record)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^allergies: +Penicillin: severe, criticality high, reaction urticaria/),
      expect.stringMatching(new RegExp(`^medications: +Trimethoprim 200mg tablets: STOPPED by ${hospital} \\(C7654321\\), reason: Hyperkalaemia`)),
      expect.stringMatching(/^critical results: +Urea and electrolytes: Serum potassium level 6.8 mmol\/L CRITICAL/),
    ]));
  });

  it('refuses the out-of-hours GP with no care relationship, saying how to break glass, and allows the read with a reason', () => {
    expect(outcome.breakGlass.refused).toEqual({
      status: 403, body: expect.objectContaining({ message: expect.stringMatching(/no active care relationship .*X-Break-Glass-Reason/) }),
    });
    expect(outcome.breakGlass.allowed.allergies).toHaveLength(1);
  });

  it('lists for the patient, signed in with NHS login, who looked: the crew for direct care, the GP refused, then by break-glass', () => {
    const { paramedic, outOfHoursGp } = outcome.cast;
    const staffReads = outcome.accessLog
      .filter((entry) => entry.accessor.kind === 'STAFF')
      .sort((a, b) => a.accessedAt.localeCompare(b.accessedAt))
      .map(({ accessor, purpose, breakGlass, breakGlassReason, outcome: result }) => ({ accessor, purpose, breakGlass, breakGlassReason, outcome: result }));
    expect(staffReads).toEqual([
      { accessor: { kind: 'STAFF', id: paramedic.userId, role: 'paramedic', odsCode: paramedic.odsCode }, purpose: 'DIRECT_CARE', breakGlass: false, breakGlassReason: null, outcome: 'ALLOWED' },
      { accessor: { kind: 'STAFF', id: outOfHoursGp.userId, role: 'clinician', odsCode: outOfHoursGp.odsCode }, purpose: 'DIRECT_CARE', breakGlass: false, breakGlassReason: null, outcome: 'DENIED' },
      {
        accessor: { kind: 'STAFF', id: outOfHoursGp.userId, role: 'clinician', odsCode: outOfHoursGp.odsCode }, purpose: 'BREAK_GLASS', breakGlass: true,
        breakGlassReason: expect.stringContaining('Out-of-hours home visit'), outcome: 'ALLOWED',
      },
    ]);
    const table = accessLogTable(outcome.accessLog, outcome.settings);
    expect(table).toContainEqual(expect.stringMatching(new RegExp(`paramedic ${paramedic.userId} +${paramedic.odsCode} Northshire Ambulance Service .*DIRECT_CARE +ALLOWED +no$`)));
    expect(table).toContainEqual(expect.stringMatching(/BREAK_GLASS +ALLOWED +yes: "Out-of-hours home visit/));
  });
});
