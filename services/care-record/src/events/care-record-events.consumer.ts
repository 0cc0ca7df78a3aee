import { Controller } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { AuditEventType, CareRelationshipEnded, CareRelationshipStarted, CareRouterEventType, PatientDataAccessed } from '@care-events/contracts';
import { ConsumedEvent } from '@care-events/messaging';
import { RelationshipEventsConsumer } from '@care-events/patient-access';
import { EVENT_BATCH, EventBatchContext, EventContext } from '@care-events/transactional-messaging';
import { CARE_EVENT_TYPES, CareRecordProjection } from '../application/care-record-projection';
import { AccessLogRepository } from '../persistence/access-log.repository';

/**
 * The service's consumer: domain events fold into care records, audit events fill the access log.
 * Batches of one partition run in one transaction with their inbox claims; an event of a failed
 * batch runs alone. As the batch handler takes every topic the service reads, the care relationships
 * of PatientAccess come here in batches too, and go on to its own handler one by one.
 */
@Controller()
export class CareRecordEventsConsumer {
  constructor(private readonly projection: CareRecordProjection, private readonly accessLog: AccessLogRepository, private readonly modules: ModuleRef) {}

  @EventPattern(EVENT_BATCH)
  handleBatch(@Ctx() batch: EventBatchContext): Promise<void> {
    return this.handleInOrder(batch.manager, batch.events);
  }

  @EventPattern([...CARE_EVENT_TYPES, AuditEventType.PatientDataAccessed])
  handle(@Ctx() ctx: EventContext): Promise<void> {
    return this.handleInOrder(ctx.manager, [ctx.event]);
  }

  /** A batch holds one partition's events, so one topic's: at most one of these steps has work. */
  private async handleInOrder(manager: EntityManager, events: ConsumedEvent[]): Promise<void> {
    await this.projection.apply(manager, events);
    await this.accessLog.addAll(manager, events.filter((e) => e.eventType === AuditEventType.PatientDataAccessed).map((e) => e.value as PatientDataAccessed));
    await this.relationships(manager, events.filter((e) => e.eventType.startsWith('care.events.carerouter.')));
  }

  private async relationships(manager: EntityManager, events: ConsumedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const consumer = this.modules.get(RelationshipEventsConsumer, { strict: false });
    for (const event of events) {
      const ctx = new EventContext(event, manager);
      if (event.eventType === CareRouterEventType.CareRelationshipStarted) await consumer.started(event.value as CareRelationshipStarted, ctx);
      if (event.eventType === CareRouterEventType.CareRelationshipEnded) await consumer.ended(event.value as CareRelationshipEnded, ctx);
    }
  }
}
