import { withoutUserInfo } from '@care-events/messaging';
import { DeliveryEndpointState } from './delivery-endpoint-metrics';
import { partitionList } from './partition-list';
import { ConsumerGroupState, PlatformStatus, ServiceStatus } from './platform-status';
import { OutboxRelayState, ServiceReadiness } from './service-readiness';

const WIDTH = 110;
const OTHER_GROUPS_NAMED = 4;

/** `platform status` as lines: services' readiness, consumer groups and lag, dead letters, delivery's endpoints. */
export function statusScreen(status: PlatformStatus): string[] {
  return [
    `care-events status at ${status.takenAt.toISOString()}`,
    `Kafka ${status.brokers.join(',')}   schema registry ${withoutUserInfo(status.registryUrl)}`,
    '',
    ...servicesSection(status.services),
    '',
    ...groupsSection(status.services, status.otherGroups),
    '',
    ...deadLettersSection(status.deadLetters),
    '',
    ...deliverySection(status.delivery),
  ];
}

function servicesSection(services: ServiceStatus[]): string[] {
  return [
    heading('SERVICES (GET /health/ready)'),
    row(['SERVICE', 14], ['READY', 18], ['CHECKS', 46], ['OUTBOX RELAY', 0]),
    ...services.flatMap(({ name, url, readiness }) => readinessLines(name, url, readiness)),
  ];
}

function readinessLines(name: string, url: string, readiness: ServiceReadiness): string[] {
  if (!readiness.reachable) return [row([name, 14], ['unreachable', 18], [`${url}: ${readiness.error}`, 0])];
  const checks = Object.entries(readiness.checks).map(([check, state]) => `${check} ${state}`).join(', ');
  const relay = readiness.outbox;
  const outbox = relay
    ? `${relay.leader ? 'leader' : relay.running ? 'standby' : 'stopped'}, ${relay.publishedTotal} published since start, ${relay.stuckRows} stuck, ${unsent(relay.backlog)}`
    : 'not reported';
  return [
    row([name, 14], [`${readiness.status} (${readiness.httpStatus})`, 18], [checks, 46], [outbox, 0]),
    ...(relay?.unregisteredSubjects.length ? [`  ! unregistered schema subjects: ${relay.unregisteredSubjects.join(', ')}`] : []),
    ...(relay?.lastError ? [`  ! outbox relay's last error: ${relay.lastError}`] : []),
    ...readiness.heldPartitions.map((held) => `  ! holds ${held.topic}[${held.partition}] at offset ${held.offset} after ${held.attempts} attempts: ${held.reason}`),
  ];
}

function groupsSection(services: ServiceStatus[], otherGroups: PlatformStatus['otherGroups']): string[] {
  return [
    heading('CONSUMER GROUPS (lag = messages not yet read, per topic)'),
    ...services.flatMap(({ name, group }) => groupLines(name, group)),
    ...('error' in otherGroups ? [`Other groups: not listed (${otherGroups.error})`] : otherGroupsLines(otherGroups)),
  ];
}

/** Readers, taps and test runs leave many groups behind: a few by name, the rest counted. */
function otherGroupsLines(groups: string[]): string[] {
  if (groups.length === 0) return ['Other groups in Kafka: none'];
  const more = groups.length > OTHER_GROUPS_NAMED ? [`and ${groups.length - OTHER_GROUPS_NAMED} more`] : [];
  return wrap(`Other groups in Kafka (${groups.length}): `, [...groups.slice(0, OTHER_GROUPS_NAMED), ...more]);
}

function groupLines(service: string, group: ConsumerGroupState): string[] {
  const label = group.groupId === service ? service : `${service} (group ${group.groupId})`;
  if ('error' in group) return [row([label, 14], [`not read: ${group.error}`, 0])];
  if (!group.found) return [row([label, 14], ['no such group in Kafka: the service consumes nothing, or never joined', 0])];
  const lag = group.lag.length ? group.lag.map(({ topic, messages }) => `${topic} ${messages}`) : ['no committed offsets'];
  const members = group.members.length
    ? group.members.flatMap(({ clientId, clientHost, partitions }) => wrap(`${' '.repeat(36)}${clientId}@${clientHost.replace(/^\//, '')} holds `, holdings(partitions), 38))
    : [`${' '.repeat(36)}no members`];
  return [...wrap(`${label.padEnd(14)} ${group.state.padEnd(20)} `, lag), ...members];
}

function holdings(partitions: Map<string, number[]>): string[] {
  const held = [...partitions].filter(([, numbers]) => numbers.length > 0);
  return held.length ? held.map(([topic, numbers]) => `${topic}[${partitionList(numbers)}]`) : ['no partitions'];
}

function deadLettersSection(deadLetters: PlatformStatus['deadLetters']): string[] {
  if ('error' in deadLetters) return [heading('DEAD LETTERS'), `not read: ${deadLetters.error}`];
  return [
    heading('DEAD LETTERS (messages kept in <topic>.dlq)'),
    ...deadLetters.sizes.map(({ topic, messages }) => row([topic, 40], [String(messages), 0])),
    ...(deadLetters.absent.length ? [`Not in Kafka: ${deadLetters.absent.join(', ')}`] : []),
  ];
}

function deliverySection(delivery: PlatformStatus['delivery']): string[] {
  const title = heading(`DELIVERY ENDPOINTS (${delivery.url}/metrics)`);
  if ('error' in delivery) return [title, `not read: ${delivery.error}`];
  if (delivery.endpoints.length === 0) return [title, 'no endpoints (disabled ones are not in /metrics)'];
  return [
    title,
    row(['ODS CODE', 10], ['ENDPOINT', 38], ['STATUS', 10], ['BACKLOG', 9], ['LAG (S)', 9], ['FAILURES IN A ROW', 0]),
    ...delivery.endpoints.map(endpointLine),
  ];
}

function endpointLine(endpoint: DeliveryEndpointState): string {
  const shown = (value: number | null) => (value === null ? '-' : String(value));
  return row([endpoint.odsCode, 10], [endpoint.endpoint, 38], [endpoint.status ?? '-', 10], [shown(endpoint.backlogMessages), 9],
    [shown(endpoint.lagSeconds), 9], [shown(endpoint.consecutiveFailures), 0]);
}

function heading(title: string): string {
  return `── ${title} ${'─'.repeat(Math.max(3, WIDTH - title.length - 4))}`;
}

/** Columns padded to their widths; the last (width 0) takes the rest of the line. */
function row(...columns: Array<[string, number]>): string {
  return columns.map(([text, width]) => (width ? text.padEnd(width) : text)).join(' ').trimEnd();
}

/** Items after a first-line prefix, wrapped (under the prefix, or at `indent`) so no line runs past WIDTH. */
function wrap(prefix: string, items: string[], indent = prefix.length): string[] {
  const lines: string[] = [];
  let line = prefix;
  let start = prefix.length;
  for (const item of items) {
    const separated = line.length > start ? `, ${item}` : item;
    // >= leaves room for the comma that ends a wrapped line.
    if (line.length > start && line.length + separated.length >= WIDTH) {
      lines.push(`${line},`);
      line = ' '.repeat(indent) + item;
      start = indent;
    } else {
      line += separated;
    }
  }
  lines.push(line);
  return lines;
}

function unsent(backlog: OutboxRelayState['backlog']): string {
  if (!backlog) return 'backlog not reported';
  return backlog.unsent === 0 ? '0 unsent' : `${backlog.unsent} unsent, the oldest ${backlog.oldestUnsentAgeSeconds} s old`;
}
