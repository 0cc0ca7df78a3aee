import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { PublicRoute } from '../auth/route-access.decorator';
import { OutboxBacklog } from '@care-events/transactional-messaging';
import { MessagingRuntime } from '../messaging/messaging-runtime';
import { ReadinessReports } from './readiness-reports';

/**
 * Liveness says the process answers. Readiness says it can accept writes: that needs its
 * database only, answering within READINESS_CHECK_TIMEOUT_MS. Kafka and the registry are reported too, but their outage only delays
 * publishing (the outbox holds the events), so it must not take the service out of rotation.
 * Both answer without a token: the platform probing them has none.
 */
@ApiExcludeController()
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    private readonly reports: ReadinessReports,
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const [database, kafka, registry, backlog, own] = await Promise.all([
      within(this.dataSource.query('select 1').then(() => true, () => false), false),
      within(this.messaging.kafkaReachable(), false),
      within(this.messaging.registry.isReachable(), false),
      within(this.messaging.outboxBacklog().catch(() => null), null),
      within(this.reports.collect(), {}),
    ]);
    response.status(database ? 200 : 503);
    // A held partition delays this service's view of other services; its own writes still work.
    const consumer = this.messaging.consumerStatus();
    // A stuck outbox row (e.g. its schema is not registered) holds back only its patient's events.
    const outboxRelay = { ...this.messaging.relay.status(), backlog: backlog && backlogOf(backlog) };
    const ownOk = Object.values(own).every((report) => report.ok);
    return {
      status: !database ? 'unavailable' : kafka && registry && consumer?.state !== 'degraded' && outboxRelay.stuck.length === 0 && ownOk ? 'ok' : 'degraded',
      checks: { database: up(database), kafka: up(kafka), schemaRegistry: up(registry) },
      outboxRelay,
      ...(consumer && { consumer }),
      ...own,
    };
  }
}

const up = (ok: boolean) => (ok ? 'up' : 'down');

/** Rows waiting for Kafka and the age of the oldest: how far publishing is behind (null when not read in time). */
function backlogOf({ unsent, oldestUnsentAt }: OutboxBacklog) {
  return { unsent, oldestUnsentAgeSeconds: oldestUnsentAt ? Math.max(0, Math.round((Date.now() - oldestUnsentAt.getTime()) / 1000)) : 0 };
}

/**
 * A check that has not answered within this time counts as down: the whole answer must come well
 * inside the orchestrator's probe timeout (2 s in deploy/kubernetes), or the probe fails for want
 * of an answer whatever the checks would have said (a registry request alone may wait 10 s).
 */
export const READINESS_CHECK_TIMEOUT_MS = 1_500;

function within<T>(check: Promise<T>, whenLate: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(whenLate), READINESS_CHECK_TIMEOUT_MS);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}
