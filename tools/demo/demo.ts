import { accessLogTable } from './access-log-table';
import { careSettings } from './care-settings';
import { feedDifferences } from './feed-check';
import { feedTable } from './feed-table';
import { readJourneyFeeds } from './journey-feeds';
import { runPatientJourney } from './patient-journey';
import { endpointsFromEnvironment } from './platform-endpoints';

/**
 * `npm run demo`, against the platform `npm start` runs (or the one KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, AUTH_ISSUER and the <SERVICE>_URL variables name): one patient's journey
 * through the services, every call with its caller's token; who looked at her record, as she reads
 * it; then what each care setting received through the subscriber SDK.
 */
async function main() {
  const say = (line = '') => process.stdout.write(`${line}\n`);
  const endpoints = endpointsFromEnvironment();
  const settings = careSettings();
  say('A patient\'s journey');
  say('─'.repeat(100));
  const outcome = await runPatientJourney(endpoints, settings, (line) => say(line.startsWith(' ') ? `  ${line}` : `• ${line}`));
  say();
  say(`Who looked at ${outcome.patient.name}'s record: her access log (care-record, from audit.access.v1), read with her NHS login`);
  say('─'.repeat(100));
  accessLogTable(outcome.accessLog, settings).forEach((line) => say(`  ${line}`));
  say();
  say('What each care setting received through the subscriber SDK (@care-events/subscriber)');
  say('─'.repeat(100));
  const feeds = await readJourneyFeeds(endpoints, outcome);
  const names = new Map([outcome.patient, outcome.neighbour].map((patient) => [patient.id, patient.name]));
  const differences: string[] = [];
  for (const feed of feeds) {
    feedTable(feed.setting, feed.copies, names, feed.lastEventNumber).forEach((line) => say(line));
    say();
    differences.push(...feedDifferences(feed, outcome.expected.of(feed.setting.role)).map((difference) => `${feed.setting.name}: ${difference}`));
  }
  if (differences.length > 0) {
    say(`Not as the journey expects:\n${differences.map((difference) => `  ${difference}`).join('\n')}`);
    process.exitCode = 1;
    return;
  }
  say('Every care setting received exactly the changes for its patients, numbered from 1 without a gap.');
}

main().catch((error: Error) => {
  process.stderr.write(`npm run demo failed: ${error.message}\n`);
  process.exitCode = 1;
});
