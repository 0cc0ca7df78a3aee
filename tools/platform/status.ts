import { declaredServices, PlatformStatus, statusScreen } from '@care-events/local-platform';
import { probeBroker } from '@care-events/messaging';
import { CliSettings, cliKafka } from './cli-settings';
import { consumerGroups } from './consumer-groups';
import { deadLetterSizes } from './dead-letter-sizes';
import { deliveryEndpoints } from './delivery-endpoints';
import { probeReadiness } from './service-readiness-probe';

/** `platform status`: one screen of every service's readiness, consumer group, dead letters and delivery's endpoints. */
export async function showStatus(settings: CliSettings): Promise<void> {
  const status = await gatherStatus(settings);
  process.stdout.write(`${statusScreen(status).join('\n')}\n`);
}

async function gatherStatus(settings: CliSettings): Promise<PlatformStatus> {
  const services = declaredServices();
  const groupIds = services.map(({ name }) => settings.consumerGroupOf(name));
  const [readiness, kafkaParts, delivery] = await Promise.all([
    Promise.all(services.map(({ name }) => probeReadiness(settings.serviceUrl(name)))),
    kafkaStatus(settings, groupIds),
    deliveryEndpoints(settings.serviceUrl('delivery')),
  ]);
  return {
    takenAt: new Date(),
    brokers: settings.brokers,
    registryUrl: settings.registryUrl,
    services: services.map(({ name }, i) => ({ name, url: settings.serviceUrl(name), readiness: readiness[i], group: kafkaParts.groups[i] })),
    otherGroups: kafkaParts.otherGroups,
    deadLetters: kafkaParts.deadLetters,
    delivery,
  };
}

/** Without a broker answering, the Kafka parts say so at once rather than after the client's retries. */
async function kafkaStatus(settings: CliSettings, groupIds: string[]) {
  if (!(await probeBroker(settings.brokers))) {
    const error = `Kafka unreachable at ${settings.brokers.join(',')}`;
    return { groups: groupIds.map((groupId) => ({ groupId, error })), otherGroups: { error }, deadLetters: { error } };
  }
  const kafka = cliKafka(settings);
  const [{ groups, otherGroups }, deadLetters] = await Promise.all([consumerGroups(kafka, groupIds), deadLetterSizes(kafka)]);
  return { groups, otherGroups, deadLetters };
}
