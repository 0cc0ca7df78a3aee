import { cliSettings } from './cli-settings';
import { ReplaySelection, ReplaySelectionError } from '@care-events/local-platform';
import { listDeadLetters, replayDeadLetters } from './dead-letters';
import { rewindService } from './rewind';
import { showStatus } from './status';
import { tail } from './tail';

const USAGE = [
  'npm run platform -- <command>',
  ...[
    ['status', 'services\' readiness, consumer groups and lag, dead letters, delivery endpoints'],
    ['dlq list <topic>', 'the dead letters of <topic>.dlq, counted by error type'],
    ['dlq replay <topic> (--id <eventId>... | --all)', 'puts dead letters back on <topic>; add --group <group> to take'],
    ['  [--group <group>] [--dry-run]', 'only that group\'s, --dry-run to list without sending'],
    ['tail <topic> [--patient <id>] [--from-beginning]', 'decoded events, one line each, until Ctrl-C'],
    ['rewind <service>', 'the stopped service\'s group back to the start of what it consumes'],
  ].map(([command, what]) => `  ${command.padEnd(50)} ${what}`),
  'Settings: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, <SERVICE>_URL, <SERVICE>_CONSUMER_GROUP or CONSUMER_GROUP (npm start\'s defaults).',
].join('\n');

/** `npm run platform -- <command>`: what platform teams look at on a running care-events. */
async function main(args: string[]): Promise<void> {
  const settings = cliSettings();
  const [command, ...rest] = args;
  if (command === 'status' && rest.length === 0) return showStatus(settings);
  if (command === 'dlq' && rest[0] === 'list' && rest.length === 2) return listDeadLetters(settings, rest[1]);
  if (command === 'dlq' && rest[0] === 'replay' && rest.length >= 2) {
    const { selection, dryRun } = replayOptions(rest.slice(2));
    return replayDeadLetters(settings, rest[1], selection, dryRun);
  }
  if (command === 'rewind' && rest.length === 1) return rewindService(settings, rest[0]);
  if (command === 'tail' && rest.length >= 1) return tail(settings, rest[0], tailOptions(rest.slice(1)));
  throw new UsageError(command === undefined || command === 'help' || command === '--help' ? '' : `unknown command: ${args.join(' ')}`);
}

function tailOptions(args: string[]): { patient?: string; fromBeginning: boolean } {
  const options: { patient?: string; fromBeginning: boolean } = { fromBeginning: false };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split('=', 2);
    if (flag === '--from-beginning' && inline === undefined) options.fromBeginning = true;
    else if (flag === '--patient' && (inline ?? args[i + 1])) options.patient = inline ?? args[++i];
    else throw new UsageError(`unknown option for tail: ${args[i]}`);
  }
  return options;
}

function replayOptions(args: string[]): { selection: ReplaySelection; dryRun: boolean } {
  const selection: ReplaySelection = { eventIds: [], all: false };
  let dryRun = false;
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split('=', 2);
    const value = () => inline ?? args[++i];
    if (flag === '--all' && inline === undefined) selection.all = true;
    else if (flag === '--dry-run' && inline === undefined) dryRun = true;
    else if (flag === '--id' && (inline ?? args[i + 1])) selection.eventIds.push(value());
    else if (flag === '--group' && (inline ?? args[i + 1])) selection.group = value();
    else throw new UsageError(`unknown option for dlq replay: ${args[i]}`);
  }
  return { selection, dryRun };
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  // The Kafka clients' sockets would keep a finished command waiting.
  () => process.exit(0),
  (error: Error) => {
    if (error instanceof ReplaySelectionError) {
      process.stderr.write(`platform dlq replay: ${error.message}; nothing was sent\n`);
      process.exit(2);
    }
    if (error instanceof UsageError) {
      if (error.message) process.stderr.write(`${error.message}\n\n`);
      process.stderr.write(`${USAGE}\n`);
      process.exit(error.message ? 2 : 0);
    }
    process.stderr.write(`platform: ${error.message}\n`);
    process.exit(1);
  },
);
