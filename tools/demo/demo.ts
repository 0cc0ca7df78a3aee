import { accessLogTable } from './access-log-table';
import { releaseToAnalytics } from './analytics-feed';
import { careSettings, SettingRole } from './care-settings';
import { DeliveredEvent, fhirEvents, webhookEvents } from './delivered-events';
import { deliveryDifferences, untilDelivered } from './delivery-check';
import { connectReceivers, DeliveryReceivers, disconnectReceivers } from './delivery-receivers';
import { deliveryTable, DeliveryHeading } from './delivery-table';
import { feedDifferences } from './feed-check';
import { feedTable } from './feed-table';
import { readJourneyFeeds, ReceivedFeed } from './journey-feeds';
import { JourneyOutcome, runPatientJourney } from './patient-journey';
import { deliveryUrlFromEnvironment, endpointsFromEnvironment } from './platform-endpoints';

/** How long the receivers may take to hold every event of their setting's feed. */
const DELIVERY_TIMEOUT_MS = 60_000;

type Say = (line?: string) => void;

/**
 * `npm run demo`, against the platform `npm start` runs (or the one KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, AUTH_ISSUER and the <SERVICE>_URL variables name): one patient's journey
 * through the services, every call with its caller's token; the GP practice and the hospital
 * register HTTP endpoints with delivery, their receivers running in this process; who looked at her
 * record, as she reads it; what each care setting received through the subscriber SDK; then what
 * the two receivers received from delivery, checked against those feeds.
 */
async function main() {
  const say: Say = (line = '') => process.stdout.write(`${line}\n`);
  const endpoints = endpointsFromEnvironment();
  const delivery = deliveryUrlFromEnvironment();
  const settings = careSettings();
  say('A patient\'s journey');
  say('─'.repeat(100));
  const outcome = await runPatientJourney(endpoints, settings, (line) => say(line.startsWith(' ') ? `  ${line}` : `• ${line}`));
  say();
  say('Care settings without a Kafka client register HTTP endpoints with delivery (receivers in this process)');
  say('─'.repeat(100));
  const receivers = await connectReceivers(delivery, outcome, (line) => say(`• ${line}`));
  try {
    say();
    say(`Who looked at ${outcome.patient.name}'s record: her access log (care-record, from audit.access.v1), read with her NHS login`);
    say('─'.repeat(100));
    accessLogTable(outcome.accessLog, settings).forEach((line) => say(`  ${line}`));
    say();
    say('What each care setting received through the subscriber SDK (@care-events/subscriber)');
    say('─'.repeat(100));
    const feeds = await readJourneyFeeds(endpoints, outcome);
    const feedProblems = showFeeds(feeds, outcome, say);
    say('What the GP practice and the hospital received over HTTP from delivery, against their feeds as the SDK read them');
    say('─'.repeat(100));
    const deliveryProblems = await showDeliveries(receivers, feeds, say);
    say('Analysts: the journey\'s records, pseudonymised, once the patients are on the national data opt-out allow-list');
    say('─'.repeat(100));
    await releaseToAnalytics(outcome, say);
    say();
    const problems = [...feedProblems, ...deliveryProblems];
    if (problems.length > 0) {
      say(`Not as the journey expects:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
      process.exitCode = 1;
      return;
    }
    say('Every care setting received exactly the changes for its patients, numbered from 1 without a gap;');
    say('the GP practice and the hospital received the same events over HTTP, each once and in order, every signature verified.');
  } finally {
    await disconnectReceivers(delivery, receivers);
  }
}

/** Each setting's SDK feed as a table; what is not as the journey expects. */
function showFeeds(feeds: ReceivedFeed[], outcome: JourneyOutcome, say: Say): string[] {
  const names = new Map([outcome.patient, outcome.neighbour].map((patient) => [patient.id, patient.name]));
  const problems: string[] = [];
  for (const feed of feeds) {
    feedTable(feed.setting, feed.copies, names, feed.lastEventNumber).forEach((line) => say(line));
    say();
    problems.push(...feedDifferences(feed, outcome.expected.of(feed.setting.role)).map((difference) => `${feed.setting.name}: ${difference}`));
  }
  return problems;
}

/** Waits for each receiver to hold its setting's feed, shows what it took, and says how it differs from the feed. */
async function showDeliveries(receivers: DeliveryReceivers, feeds: ReceivedFeed[], say: Say): Promise<string[]> {
  const copiesOf = (role: SettingRole) => feeds.find((feed) => feed.setting.role === role)?.copies ?? [];
  const deliveries: Array<{ heading: DeliveryHeading; delivered: () => DeliveredEvent[]; role: SettingRole }> = [
    { role: 'gp', heading: headingOf(receivers.gp, 'Standard Webhooks'), delivered: () => webhookEvents(receivers.gp.receiver) },
    { role: 'hospital', heading: headingOf(receivers.hospital, 'FHIR R4 backport notifications, id-only'), delivered: () => fhirEvents(receivers.hospital.receiver) },
  ];
  const complete = await Promise.all(deliveries.map(({ delivered, role }) => untilDelivered(delivered, copiesOf(role), DELIVERY_TIMEOUT_MS)));
  const problems: string[] = [];
  deliveries.forEach(({ heading, delivered, role }, i) => {
    const events = delivered();
    const copies = copiesOf(role);
    deliveryTable(heading, events, copies).forEach((line) => say(line));
    const differences = deliveryDifferences(events, copies);
    if (!complete[i]) differences.push(`still incomplete after ${DELIVERY_TIMEOUT_MS / 1000} s`);
    const feed = copies.length === 0 ? 'the feed is empty' : `all ${copies.length} events of the feed, ${copies[0].eventNumber} to ${copies[copies.length - 1].eventNumber},`;
    if (differences.length === 0) say(`  ${feed} arrived once, in number order, none missing`);
    differences.forEach((difference) => say(`  ✗ ${difference}`));
    say();
    problems.push(...differences.map((difference) => `${heading.settingName} over HTTP: ${difference}`));
  });
  return problems;
}

function headingOf(connected: DeliveryReceivers['gp'] | DeliveryReceivers['hospital'], format: string): DeliveryHeading {
  return { settingName: connected.setting.name, odsCode: connected.setting.odsCode, format, url: connected.receiver.url };
}

main().catch((error: Error) => {
  process.stderr.write(`npm run demo failed: ${error.message}\n`);
  process.exitCode = 1;
});
