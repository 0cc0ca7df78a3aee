import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Not } from 'typeorm';
import type { Principal } from '@care-events/auth';
import { Clock } from '@care-events/service-kit';
import { OutboxWriter } from '@care-events/transactional-messaging';
import { SubscriptionErrorCode, SubscriptionException } from '../domain/subscription-error';
import { nextStatus, PAST_TENSE, SettingType, SubscriptionAction, SubscriptionActor, SubscriptionStatus } from '../domain/subscription';
import { CareSubscriptionEntity } from '../persistence/care-subscription.entity';
import { PausedCopyEntity } from '../persistence/paused-copy.entity';
import { SubscriptionTransitionEntity } from '../persistence/subscription-transition.entity';
import { CareSettingTopics } from './care-setting-topics';
import { administratorOf, subscriptionActorOf } from './subscription-administrator';

export interface NewSubscription {
  odsCode: string;
  settingType: SettingType;
  eventTypes: string[];
}

export interface SubscriptionView {
  subscription: CareSubscriptionEntity;
  /** Copies numbered while paused, waiting for the subscription to resume. */
  pausedBacklog: number;
}

/** Paused copies move to the outbox in chunks of this many, in number order. */
const RESUME_CHUNK = 1_000;
const ONE_PER_SETTING = 'care_subscription_one_per_setting';

/**
 * Subscriptions of care settings: requested by a setting, activated by an administrator once its
 * topic exists, paused (copies kept), resumed (kept copies published first, in number order) and
 * ended. Every change is stored with who made it and when, and logged.
 */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger('Subscriptions');

  constructor(
    private readonly dataSource: DataSource,
    private readonly topics: CareSettingTopics,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async request(wanted: NewSubscription, caller: Principal): Promise<SubscriptionView> {
    const actor = subscriptionActorOf(caller);
    const now = this.clock.now();
    const subscription = Object.assign(new CareSubscriptionEntity(), {
      id: randomUUID(),
      odsCode: wanted.odsCode,
      settingType: wanted.settingType,
      eventTypes: wanted.eventTypes,
      status: 'REQUESTED' as const,
      topic: this.topics.topicOf(wanted.odsCode),
      lastEventNumber: '0',
      requestedAt: now,
      requestedBy: actor,
    });
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(CareSubscriptionEntity, subscription);
        await this.audit(manager, subscription, 'request', null, now, actor);
      });
    } catch (error) {
      if (violated(error) === ONE_PER_SETTING) throw await this.alreadySubscribed(wanted.odsCode);
      throw error;
    }
    this.logger.log({ msg: 'subscription requested', subscriptionId: subscription.id, odsCode: subscription.odsCode, eventTypes: subscription.eventTypes, actor, at: now.toISOString() });
    return { subscription: await this.load(this.dataSource.manager, subscription.id), pausedBacklog: 0 };
  }

  /** The topic is created before the status changes: an ACTIVE subscription always has its topic. */
  async activate(id: string, caller: Principal): Promise<SubscriptionView> {
    const actor = administratorOf(caller, 'activate');
    const current = await this.load(this.dataSource.manager, id);
    nextStatus(current.status, 'activate');
    try {
      await this.topics.provision(current.odsCode);
    } catch (error) {
      this.logger.error({ msg: 'care-setting topic could not be provisioned', subscriptionId: id, topic: current.topic, error: (error as Error).message });
      throw new SubscriptionException(SubscriptionErrorCode.TopicNotProvisioned, `topic ${current.topic} could not be provisioned: ${(error as Error).message}`, {
        status: current.status,
      });
    }
    return this.change(id, 'activate', actor);
  }

  async pause(id: string, caller: Principal): Promise<SubscriptionView> {
    return this.change(id, 'pause', administratorOf(caller, 'pause'));
  }

  async resume(id: string, caller: Principal): Promise<SubscriptionView> {
    return this.change(id, 'resume', administratorOf(caller, 'resume'));
  }

  async end(id: string, caller: Principal): Promise<SubscriptionView> {
    return this.change(id, 'end', administratorOf(caller, 'end'));
  }

  async get(id: string): Promise<SubscriptionView> {
    return this.view(this.dataSource.manager, await this.load(this.dataSource.manager, id));
  }

  async find(odsCode?: string): Promise<SubscriptionView[]> {
    const found = await this.dataSource.manager.find(CareSubscriptionEntity, { where: odsCode ? { odsCode } : {}, order: { requestedAt: 'ASC' } });
    return Promise.all(found.map((subscription) => this.view(this.dataSource.manager, subscription)));
  }

  /**
   * One transaction under the subscription's row lock, the lock routing takes to number a copy:
   * no copy is numbered while the status changes, so each copy lands on the right side of it.
   */
  private async change(id: string, action: SubscriptionAction, actor: SubscriptionActor): Promise<SubscriptionView> {
    const now = this.clock.now();
    const { view, from, details } = await this.dataSource.transaction(async (manager) => {
      const subscription = await this.load(manager, id, true);
      const from = subscription.status;
      const to = nextStatus(from, action);
      const details: Record<string, number> = {};
      if (action === 'resume') details.deliveredPausedCopies = await this.releasePausedCopies(manager, id);
      if (action === 'end') details.discardedPausedCopies = await this.discardPausedCopies(manager, id);
      await manager.update(CareSubscriptionEntity, { id }, { status: to, ...stamp(action, now, actor) });
      await this.audit(manager, { ...subscription, status: to }, action, from, now, actor, details);
      return { view: await this.view(manager, await this.load(manager, id)), from, details };
    });
    this.logger.log({
      msg: `subscription ${PAST_TENSE[action]}`, subscriptionId: id, odsCode: view.subscription.odsCode, from, to: view.subscription.status, actor, at: now.toISOString(), ...details,
    });
    return view;
  }

  /** The kept copies go to the outbox in number order, ahead of any copy numbered after the resume. */
  private async releasePausedCopies(manager: EntityManager, id: string): Promise<number> {
    let released = 0;
    for (let after = '0'; ; ) {
      const rows: PausedCopyRow[] = await manager.query(
        `select event_number, outbox_event_id, event_type, topic, message_key, value, headers, occurred_at
           from paused_copy where subscription_id = $1 and event_number > $2 order by event_number limit $3`,
        [id, after, RESUME_CHUNK],
      );
      if (rows.length === 0) break;
      await this.outbox.appendCopies(manager, rows.map((row) => ({
        outboxEventId: row.outbox_event_id,
        eventType: row.event_type,
        topic: row.topic,
        key: row.message_key,
        value: row.value,
        headers: row.headers,
        occurredAt: row.occurred_at,
      })));
      released += rows.length;
      after = rows[rows.length - 1].event_number;
    }
    await manager.query('delete from paused_copy where subscription_id = $1', [id]);
    return released;
  }

  private async discardPausedCopies(manager: EntityManager, id: string): Promise<number> {
    const [, deleted]: [unknown, number] = await manager.query('delete from paused_copy where subscription_id = $1', [id]);
    return deleted;
  }

  private async audit(
    manager: EntityManager, subscription: CareSubscriptionEntity, action: SubscriptionAction | 'request', from: SubscriptionStatus | null, at: Date,
    actor: SubscriptionActor, details: Record<string, number> = {},
  ): Promise<void> {
    await manager.insert(SubscriptionTransitionEntity, { subscriptionId: subscription.id, action, fromStatus: from, toStatus: subscription.status, actor, at, details });
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<CareSubscriptionEntity> {
    const found = await manager.findOne(CareSubscriptionEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!found) throw new SubscriptionException(SubscriptionErrorCode.NotFound, `no subscription ${id}`);
    return found;
  }

  private async view(manager: EntityManager, subscription: CareSubscriptionEntity): Promise<SubscriptionView> {
    return { subscription, pausedBacklog: await manager.count(PausedCopyEntity, { where: { subscriptionId: subscription.id } }) };
  }

  private async alreadySubscribed(odsCode: string): Promise<SubscriptionException> {
    const existing = await this.dataSource.manager.findOne(CareSubscriptionEntity, { where: { odsCode, status: Not('ENDED') } });
    return new SubscriptionException(SubscriptionErrorCode.AlreadySubscribed, `${odsCode} already has a subscription that has not ended`, {
      subscriptionId: existing?.id ?? null,
      status: existing?.status ?? null,
    });
  }
}

interface PausedCopyRow {
  event_number: string;
  outbox_event_id: string;
  event_type: string;
  topic: string;
  message_key: string;
  value: Buffer;
  headers: Record<string, string>;
  occurred_at: Date;
}

function stamp(action: SubscriptionAction, at: Date, by: SubscriptionActor): Partial<CareSubscriptionEntity> {
  switch (action) {
    case 'activate':
      return { activatedAt: at, activatedBy: by };
    case 'pause':
      return { pausedAt: at, pausedBy: by };
    case 'resume':
      return { resumedAt: at, resumedBy: by };
    case 'end':
      return { endedAt: at, endedBy: by };
  }
}

/** The constraint a failed insert broke (TypeORM keeps the driver's error beside its own fields). */
const violated = (error: unknown): string | undefined =>
  (error as { driverError?: { constraint?: string } }).driverError?.constraint ?? (error as { constraint?: string }).constraint;
