import { Inject, Injectable } from '@nestjs/common';
import { clusterSize, createKafka, provisionTopics, readTopicsFile, topicFromTemplate, TopicsFile } from '@care-events/messaging';
import { SERVICE_CONFIG, ServiceConfig } from '@care-events/service-kit';

/**
 * The topic of each care setting, declared by the `care-setting` template of deploy/topics.json
 * and created (with its dead-letter topic) when the setting's subscription is activated.
 */
@Injectable()
export class CareSettingTopics {
  private readonly kafka;
  private readonly topics: TopicsFile = readTopicsFile();

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.kafka = createKafka({ brokers: config.kafkaBrokers, clientId: `${config.service}-topics` });
  }

  topicOf(odsCode: string): string {
    return topicFromTemplate(this.topics, 'care-setting', { odsCode }, 1).name;
  }

  /** Creates the topic, or brings an existing one to its declared config; refuses one whose partitions would break numbering order. */
  async provision(odsCode: string): Promise<void> {
    const declaration = topicFromTemplate(this.topics, 'care-setting', { odsCode }, await clusterSize(this.kafka));
    const report = await provisionTopics(this.kafka, [declaration]);
    if (report.morePartitionsThanDeclared.includes(declaration.name)) {
      throw new Error(`${declaration.name} exists with more than ${declaration.partitions} partition(s): copies would not stay in event-number order`);
    }
  }
}
