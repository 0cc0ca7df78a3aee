import { Presets, SingleBar } from 'cli-progress';
import { declaredDevIssuerPort } from '@care-events/local-platform';
import { CareRecordRunningError, rebuildCareRecord } from '../../services/care-record/src/rebuild/care-record-rebuild';

/**
 * `npm run care-record:rebuild`: empties the care record and folds it again from every message on
 * its topics, with a progress bar, then prints how many events it applied and how fast. Refuses
 * while care-record runs (stop it first, then start it again afterwards). Settings as the
 * service's: CARE_RECORD_DATABASE_URL or DATABASE_URL, KAFKA_BROKERS, CONSUMER_GROUP, ...
 */
async function main() {
  const bar = new SingleBar({ format: 'care-record rebuild [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | {duration}s', hideCursor: true }, Presets.shades_classic);
  const startedAt = performance.now();
  const rate = (applied: number) => Math.round(applied / Math.max((performance.now() - startedAt) / 1000, 0.001));
  // The rebuild runs the service's consumer in this process; it answers no requests, but every service needs a token issuer.
  const env: Record<string, string> = process.env.AUTH_ISSUER ? {} : { AUTH_ISSUER: `http://127.0.0.1:${declaredDevIssuerPort()}` };
  const result = await rebuildCareRecord(
    {
      started: (total) => bar.start(total, 0, { rate: 0 }),
      progressed: (applied) => bar.update(applied, { rate: rate(applied) }),
    },
    env,
  ).finally(() => bar.stop());
  process.stdout.write(`Rebuilt the care record: ${result.events} events in ${result.seconds.toFixed(1)} s, ${Math.round(result.eventsPerSecond)} events/s\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(error instanceof CareRecordRunningError ? `${error.message}\n` : `care-record rebuild failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
