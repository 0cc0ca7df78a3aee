import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PartitionRange } from '@care-events/messaging';
import { EndpointStatus } from '../domain/endpoint';
import { DeliveryMetrics, EndpointGauges } from './delivery-metrics';
import { EndpointSupervisor } from './endpoint-supervisor';
import { FeedAccess } from './feed-access';

interface EndpointRow {
  id: string;
  ods_code: string;
  status: EndpointStatus;
  topic: string;
  cursor_number: string;
  cursor_offset: string | null;
  consecutive_failures: number;
}

/** Reads, at each scrape, every endpoint not disabled: its status and failures, its backlog on Kafka, its worker's lag. */
@Injectable()
export class EndpointGaugesReader implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: DeliveryMetrics,
    private readonly feeds: FeedAccess,
    private readonly supervisor: EndpointSupervisor,
  ) {}

  onModuleInit(): void {
    this.metrics.readEndpointsWith(() => this.read());
  }

  private async read(): Promise<EndpointGauges[]> {
    const rows: EndpointRow[] = await this.dataSource.query(
      `select id, ods_code, status, topic, cursor_number, cursor_offset, consecutive_failures from delivery_endpoint where status <> 'disabled' order by id`,
    );
    // Without Kafka, or for a topic it does not have, there is no backlog series; the rest still answers.
    const ranges = await this.feeds.ranges(rows.map((row) => row.topic)).catch(() => new Map<string, PartitionRange>());
    return rows.map((row) => this.gauges(row, ranges.get(row.topic)));
  }

  private gauges(row: EndpointRow, range: PartitionRange | undefined): EndpointGauges {
    const worker = this.supervisor.workerOf(row.id);
    return {
      id: row.id, odsCode: row.ods_code, status: row.status, consecutiveFailures: row.consecutive_failures,
      backlogMessages: range ? backlog(row, range) : null,
      lagSeconds: worker ? worker.lagSeconds() : null,
    };
  }
}

/** Messages after the cursor's copy; before the first delivery, after the cursor's number at the earliest. */
function backlog(row: EndpointRow, { low, high }: PartitionRange): number {
  const next = row.cursor_offset !== null ? BigInt(row.cursor_offset) + 1n : BigInt(row.cursor_number);
  const from = next > low ? next : low;
  return Number(high > from ? high - from : 0n);
}
