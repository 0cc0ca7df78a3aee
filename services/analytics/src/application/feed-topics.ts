import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { clusterSize, createKafka, provisionTopics, readTopicsFile, topicFromTemplate } from '@care-events/messaging';
import { SERVICE_CONFIG, ServiceConfig } from '@care-events/service-kit';
import { WITHDRAWAL_TYPE } from '../domain/recipient';
import { AnalyticsSettings } from './analytics-settings';

const TEMPLATE = 'analytics';

/** analytics.<recipient>.<type>.v1, from the template of deploy/topics.json. */
export function feedTopic(recipient: string, type: string): string {
  return topicFromTemplate(readTopicsFile(), TEMPLATE, { recipient, type }, 1).name;
}

/** Creates each recipient's topics at start (provisioning does too): a recipient added to the file needs no other step. */
@Injectable()
export class FeedTopics implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeedTopics.name);

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig, private readonly settings: AnalyticsSettings) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: `${this.config.service}-topics` });
    try {
      const brokers = await clusterSize(kafka);
      const declarations = this.settings.recipients.flatMap((recipient) =>
        [...recipient.types, WITHDRAWAL_TYPE].map((type) => topicFromTemplate(readTopicsFile(), TEMPLATE, { recipient: recipient.name, type }, brokers)),
      );
      await provisionTopics(kafka, declarations);
    } catch (error) {
      // The outbox keeps the records: the relay publishes them once the topics exist.
      this.logger.error(`analytics topics not created: ${(error as Error).message}`);
    }
  }
}
