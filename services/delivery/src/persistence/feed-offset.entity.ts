import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number';

/** Where the first copy of a subscription's event number sits on its topic: the index a seek by number starts from. */
@Entity('feed_offset')
export class FeedOffsetEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @PrimaryColumn({ name: 'event_number', type: 'bigint', transformer: bigintNumber })
  eventNumber!: number;

  @Column({ name: 'kafka_offset', type: 'bigint', transformer: bigintNumber })
  kafkaOffset!: number;
}
