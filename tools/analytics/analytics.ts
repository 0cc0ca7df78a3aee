import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { devTokens } from '@care-events/auth';
import { AvroCodec, SchemaRegistryClient, TopicFollower, TopicRanges } from '@care-events/messaging';
import { cliKafka, cliSettings, CliSettings } from '../platform/cli-settings';
import declared from '../../deploy/services.json';

/**
 * `npm run analytics -- <command>`: what an analyst (and the data-protection officer) sees of the analytics feed,
 * through the service's status endpoint and the recipients' topics read through the schema registry.
 */
const USAGE = `usage:
  npm run analytics -- recipients
  npm run analytics -- preview <recipient> [--limit 20]
  npm run analytics -- stats <recipient>
  npm run analytics -- load-list <file of NHS numbers> --checked-at <ISO time> [--kind national|type1]
Endpoints: ANALYTICS_URL, KAFKA_BROKERS, SCHEMA_REGISTRY_URL; token: ANALYTICS_TOKEN, else the development issuer (AUTH_ISSUER).`;

/** NHS numbers per request of a staged load: 5,000 make about 70 kB of JSON. */
const LIST_PART = 5_000;

const RECORD_TYPES = ['allergy', 'condition', 'encounter', 'medication', 'appointment', 'result', 'withdrawal'];

class UsageError extends Error {}

interface RecipientStatus {
  name: string;
  project: string;
  dataSharingAgreement: string;
  types: string[];
  fields: string[];
  generalisation: { yearOfBirthBand: number; postcode: string };
  k: number;
  nationalDataOptOut: { applies: boolean; basis?: string; reference?: string };
  keyVersion: number;
  emitted: number | null;
  suppressedByK: number | null;
  droppedByOptOut: number | null;
  withdrawn: number | null;
  heldBack: number | null;
  heldBackByReason: Record<string, number | null>;
}

interface Status {
  feed: { state: string; reasons: string[]; lists: Record<string, { checkedAt: string; ageDays: number; stale: boolean; entries: number } | null> };
  recipients: RecipientStatus[];
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const settings = cliSettings();
  const url = process.env.ANALYTICS_URL ?? `http://127.0.0.1:${declared.services.find((s) => s.name === 'analytics')?.port ?? 3009}`;
  if (command === 'recipients') return printRecipients(await status(url));
  if (command === 'preview' && rest[0]) return preview(settings, rest[0], Number(option(rest, '--limit') ?? 20));
  if (command === 'stats' && rest[0]) return stats(settings, url, rest[0]);
  if (command === 'load-list' && rest[0]) return loadList(url, rest[0], option(rest, '--checked-at'), option(rest, '--kind') ?? 'national');
  throw new UsageError(USAGE);
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function authorization(): Promise<string> {
  if (process.env.ANALYTICS_TOKEN) return `Bearer ${process.env.ANALYTICS_TOKEN}`;
  const issuer = process.env.AUTH_ISSUER ?? `http://127.0.0.1:${declared.devIssuer.port}`;
  return `Bearer ${await devTokens(issuer).system({ clientId: 'analytics-cli', scopes: ['patient-data:write', 'analytics:opt-out-lists'] })}`;
}

async function call<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: await authorization(), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((error: Error) => {
    throw new Error(`the analytics service does not answer at ${url} (${error.message}): is it running (npm start)?`);
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

const status = (url: string) => call<Status>(url, 'GET', '/analytics/status');
const shown = (count: number | null) => (count === null ? '<8' : String(count));

function printRecipients({ feed, recipients }: Status): void {
  console.log(`feed ${feed.state}${feed.reasons.length ? `: ${feed.reasons.join('; ')}` : ''}`);
  for (const [kind, list] of Object.entries(feed.lists)) console.log(`  ${kind} list: ${list ? `checked ${list.checkedAt} (${list.ageDays} days ago${list.stale ? ', STALE' : ''})` : 'none loaded'}`);
  for (const r of recipients) {
    const rule = r.nationalDataOptOut.applies ? 'national data opt-out applies' : `exempt from the opt-out: ${r.nationalDataOptOut.basis} (${r.nationalDataOptOut.reference})`;
    console.log(`\n${r.name}  ${r.project}\n  agreement ${r.dataSharingAgreement}; ${rule}; k = ${r.k}; key version ${r.keyVersion}`);
    console.log(`  types ${r.types.join(', ')}; fields ${r.fields.join(', ')} (year of birth in ${r.generalisation.yearOfBirthBand}-year bands, postcode ${r.generalisation.postcode})`);
    console.log(`  topics analytics.${r.name}.<type>.v1, subjects <topic>-value`);
  }
}

async function preview(settings: CliSettings, recipient: string, limit: number): Promise<void> {
  const kafka = cliKafka(settings);
  const topics = RECORD_TYPES.map((type) => `analytics.${recipient}.${type}.v1`);
  const ranges = new TopicRanges(kafka);
  const existing = await ranges.ranges(topics).finally(() => ranges.close());
  if (existing.size === 0) throw new Error(`Kafka has no topics of recipient ${recipient} (analytics.${recipient}.<type>.v1)`);
  const total = [...existing.values()].flatMap((partitions) => [...partitions.values()]).reduce((sum, range) => sum + Number(range.high - range.low), 0);
  const wanted = Math.min(limit, total);
  // Feed records are not in this checkout's event contracts: each is decoded with the schema its id names.
  const codec = new AvroCodec(new SchemaRegistryClient(settings.registryUrl), () => undefined);
  const follower = new TopicFollower(kafka, { groupId: `analytics-preview-${randomUUID()}`, topics: [...existing.keys()], fromBeginning: true });
  let printed = 0;
  const done = new Promise<void>((resolve) => {
    if (wanted === 0) resolve();
    void follower.start(async ({ topic, key, value }) => {
      if (printed >= wanted || !value) return;
      const decoded = await codec.decode(value).then((d) => d.value, (error: Error) => ({ error: error.message }));
      console.log(JSON.stringify({ topic, key: key && `${key.slice(0, 12)}…`, value: decoded }));
      if (++printed >= wanted) resolve();
    });
  });
  await done;
  await follower.stop();
  console.error(`${printed} of ${total} records of ${recipient}`);
}

async function stats(settings: CliSettings, url: string, recipient: string): Promise<void> {
  const kafka = cliKafka(settings);
  const topics = RECORD_TYPES.map((type) => `analytics.${recipient}.${type}.v1`);
  const ranges = new TopicRanges(kafka);
  const published = async () => [...(await ranges.ranges(topics)).values()].flatMap((p) => [...p.values()]).reduce((sum, range) => sum + Number(range.high), 0);
  const sampleSeconds = 5;
  try {
    const before = await published();
    await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1000));
    const after = await published();
    const { feed, recipients } = await status(url);
    const mine = recipients.find((r) => r.name === recipient);
    if (!mine) throw new Error(`the analytics service has no recipient ${recipient}`);
    const state = mine.nationalDataOptOut.applies ? `${feed.state}${feed.reasons.length ? ` (${feed.reasons.join('; ')})` : ''}` : 'running (exempt from the opt-out)';
    console.log(`${recipient}: feed ${state}`);
    console.log(`  records/s over ${sampleSeconds} s: ${((after - before) / sampleSeconds).toFixed(1)}`);
    console.log(`  emitted ${shown(mine.emitted)}; held back by the opt-out gate ${shown(mine.heldBack)} ${JSON.stringify(mine.heldBackByReason)}`);
    console.log(`  suppressed by k (${mine.k}) ${shown(mine.suppressedByK)}; dropped (opted out) ${shown(mine.droppedByOptOut)}; withdrawn ${shown(mine.withdrawn)}`);
    console.log('  counts: 1-7 shown as <8, others rounded to the nearest 5');
  } finally {
    await ranges.close();
  }
}

async function loadList(url: string, file: string, checkedAt: string | undefined, kind: string): Promise<void> {
  if (!checkedAt) throw new UsageError('load-list needs --checked-at: when the national service checked the list (ISO 8601)');
  // The national service's answer: one NHS number a line (a header line or blank lines are skipped).
  const nhsNumbers = readFileSync(file, 'utf8').split(/\r?\n/).map((line) => line.split(',')[0].replace(/\s+/g, '')).filter((line) => /^\d{10}$/.test(line));
  // Staged in parts: a request body is at most 100 kB, a national list millions of numbers.
  const { loadId } = await call<{ loadId: string }>(url, 'POST', `/opt-out-lists/${kind}/loads`, { checkedAt });
  for (let at = 0; at < nhsNumbers.length; at += LIST_PART) {
    await call(url, 'POST', `/opt-out-lists/loads/${loadId}/entries`, { nhsNumbers: nhsNumbers.slice(at, at + LIST_PART) });
  }
  console.log(JSON.stringify(await call(url, 'POST', `/opt-out-lists/loads/${loadId}/complete`)));
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
