import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThan, MoreThan } from 'typeorm';
import type { Principal } from '@care-events/auth';
import { actorOf, Clock } from '@care-events/service-kit';
import type { Backlog, EndpointState } from '../api/endpoint.response';
import type { RegisterEndpointDto } from '../api/dto/register-endpoint.dto';
import type { AttemptsQuery } from '../api/dto/endpoint-queries.dto';
import type { SkipDto } from '../api/dto/endpoint-commands.dto';
import { classify } from '../domain/delivery-outcome';
import { EndpointAction, EndpointActor, EndpointStatus, nextEndpointStatus } from '../domain/endpoint';
import { endpointAccess, EndpointUse, organisationOf } from '../domain/endpoint-access';
import { EndpointError, EndpointErrorCode } from '../domain/endpoint-error';
import { newSigningSecret } from '../domain/webhook-signature';
import { DeliveryAttemptEntity } from '../persistence/delivery-attempt.entity';
import { DeliveryEndpointEntity } from '../persistence/delivery-endpoint.entity';
import { DeliverySkipEntity } from '../persistence/delivery-skip.entity';
import { EndpointSecretEntity } from '../persistence/endpoint-secret.entity';
import { EndpointTransitionEntity } from '../persistence/endpoint-transition.entity';
import { CareRouterClient, CareRouterUnavailableError, CareSubscription } from './care-router-client';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { EndpointChannels, snapshotOf } from './endpoint-channels';
import { EndpointSupervisor } from './endpoint-supervisor';
import { FeedAccess } from './feed-access';
import { FeedRange } from './feed-range';
import type { ChannelSend, HttpChannel } from './http-channel';
import { SecretBox } from './secret-box';
import { WorkerResults } from './worker-results';

const HOUR_MS = 3_600_000;

/** A change of an endpoint made through the API, written under its row lock. */
interface Change {
  action: string;
  /** The status it moves to, or the same. */
  to?: EndpointStatus;
  set?: Partial<DeliveryEndpointEntity>;
  details?: Record<string, unknown>;
}

/**
 * The endpoints of care settings, as their staff and systems manage them: registration (checked
 * with care-router), the handshake that activates them, resume, disable, resend from a number,
 * an administrator's audited skip, signing-secret rotation, and the record of attempts. Every change
 * is made under the endpoint's row lock, bumps its control version (which fences the worker's
 * commits made meanwhile), is recorded in endpoint_transition and signals the local worker.
 */
@Injectable()
export class EndpointsService {
  private readonly logger = new Logger('Endpoints');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly careRouter: CareRouterClient,
    private readonly channels: EndpointChannels,
    private readonly results: WorkerResults,
    private readonly supervisor: EndpointSupervisor,
    private readonly feeds: FeedAccess,
    private readonly range: FeedRange,
    @Inject(DELIVERY_CONFIG) private readonly config: Pick<DeliveryConfig, 'allowHttp'>,
  ) {}

  /** A new endpoint for the caller's care setting; it is handshaken at once. The secret is shown here only. */
  async register(body: RegisterEndpointDto, caller: Principal): Promise<{ state: EndpointState; secret: string }> {
    const own = organisationOf(caller);
    if (own === null) throw forbidden(caller.kind === 'patient' ? 'a patient may not register delivery endpoints' : 'the caller acts for no care setting (its token names no organisation)');
    this.checkUrl(body.url);
    const content = body.format === 'fhir-backport' ? (body.content ?? 'id-only') : null;
    const subscription = await this.subscription(body.subscriptionId);
    const access = endpointAccess(caller, 'manage', subscription.odsCode);
    if (!access.allowed) throw forbidden(`subscriptionId: ${access.reason}`);
    if (subscription.status !== 'ACTIVE' && subscription.status !== 'PAUSED') {
      throw new EndpointError(EndpointErrorCode.SubscriptionNotReceiving, `subscriptionId: the subscription is ${subscription.status}; endpoints are registered for ACTIVE or PAUSED subscriptions`);
    }
    const startAfter = body.startAfterNumber ?? 0;
    if (startAfter > subscription.lastEventNumber) {
      throw badValue(`startAfterNumber: must be at most ${subscription.lastEventNumber}, the last event number of the subscription`);
    }

    const now = this.clock.now();
    const actor = actorFor(caller);
    const secret = newSigningSecret();
    const endpoint = Object.assign(new DeliveryEndpointEntity(), {
      id: randomUUID(), subscriptionId: subscription.id, odsCode: subscription.odsCode, topic: subscription.topic, format: body.format, url: body.url, content,
      status: 'handshaking' as const, statusReason: null, cursorNumber: startAfter, cursorOffset: null, lastSeenNumber: startAfter,
      blockedNumber: null, blockedReason: null, blockedSince: null, consecutiveFailures: 0, failingSince: null, nextAttemptAt: null, lastError: null,
      heartbeatPeriodSeconds: body.heartbeatPeriodSeconds ?? 300, timeoutSeconds: body.timeoutSeconds ?? 15,
      maxEventsPerNotification: body.maxEventsPerNotification ?? 1, rateLimitPerSecond: body.rateLimitPerSecond ?? 100,
      requestHeadersCiphertext: body.headers && Object.keys(body.headers).length ? this.box.sealJson(body.headers) : null,
      clientTlsCiphertext: body.clientTls ? this.box.sealJson({ ...body.clientTls }) : null,
      lastNotificationAt: null, lastDeliveredAt: null, leaseOwner: null, leaseUntil: null, leaseEpoch: 0,
      createdAt: now, createdBy: actor, updatedAt: now, controlVersion: 0,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.save(endpoint);
      await manager.insert(EndpointSecretEntity, { endpointId: endpoint.id, version: 1, secretCiphertext: this.box.seal(secret), createdAt: now, createdBy: actor, expiresAt: null });
      const transition = { endpointId: endpoint.id, fromCursor: null, toCursor: startAfter, actor, at: now };
      await manager.save(transitionOf({ ...transition, action: 'register', fromStatus: null, toStatus: 'requested', details: { url: body.url, format: body.format, content } }));
      await manager.save(transitionOf({ ...transition, action: 'handshake', fromStatus: 'requested', toStatus: 'handshaking', details: {} }));
    });
    this.logger.log({ msg: 'endpoint registered', endpointId: endpoint.id, odsCode: endpoint.odsCode, format: endpoint.format, url: endpoint.url, actor });
    await this.shakeHands(endpoint, actor);
    return { state: await this.state(endpoint.id), secret };
  }

  /** The endpoints of a care setting: the caller's own unless `odsCode` names another (which only an administrator may). */
  async list(odsCode: string | undefined, caller: Principal): Promise<EndpointState[]> {
    // A caller of no setting naming none is refused by the access rules, as for any setting not its own.
    const setting = odsCode ?? organisationOf(caller) ?? '';
    this.allow(caller, 'read', setting);
    const rows = await this.dataSource.getRepository(DeliveryEndpointEntity).find({ where: { odsCode: setting }, order: { createdAt: 'ASC' } });
    return this.states(rows);
  }

  async get(id: string, caller: Principal): Promise<EndpointState> {
    await this.endpointFor(id, caller, 'read');
    return this.state(id);
  }

  /** The endpoint, once the caller may `use` it (404 before 403: an unknown id says nothing of settings). */
  async endpointFor(id: string, caller: Principal, use: EndpointUse): Promise<DeliveryEndpointEntity> {
    const endpoint = await this.dataSource.getRepository(DeliveryEndpointEntity).findOneBy({ id });
    if (!endpoint) throw new EndpointError(EndpointErrorCode.NotFound, `id: no endpoint ${id}`);
    this.allow(caller, use, endpoint.odsCode);
    return endpoint;
  }

  /** From requested, error or disabled: one handshake, answered with its outcome (active, or error with the reason). */
  async handshake(id: string, caller: Principal): Promise<EndpointState> {
    await this.endpointFor(id, caller, 'manage');
    const actor = actorFor(caller);
    const endpoint = await this.change(id, actor, (row) => ({ action: 'handshake', to: nextEndpointStatus(row.status, 'handshake') }));
    await this.shakeHands(endpoint, actor);
    return this.state(id);
  }

  async resume(id: string, caller: Principal): Promise<EndpointState> {
    await this.endpointFor(id, caller, 'manage');
    await this.change(id, actorFor(caller), (row) => ({
      action: 'resume', to: nextEndpointStatus(row.status, 'resume'),
      set: { statusReason: null, consecutiveFailures: 0, failingSince: null, nextAttemptAt: null },
    }));
    return this.state(id);
  }

  async disable(id: string, reason: string, caller: Principal): Promise<EndpointState> {
    await this.endpointFor(id, caller, 'manage');
    await this.change(id, actorFor(caller), (row) => ({ action: 'disable', to: nextEndpointStatus(row.status, 'disable'), set: { statusReason: reason }, details: { reason } }));
    return this.state(id);
  }

  /**
   * Delivers again from `fromNumber` on (at most the next undelivered number): the cursor moves back
   * and the worker reads again from before that number's first copy. The events go again with the
   * same webhook-ids.
   */
  async resend(id: string, fromNumber: number, caller: Principal, field = 'fromNumber'): Promise<EndpointState> {
    const endpoint = await this.endpointFor(id, caller, 'manage');
    const start = await this.range.startFor(endpoint.subscriptionId, fromNumber);
    await this.change(id, actorFor(caller), (row) => {
      if (fromNumber > row.cursorNumber + 1) {
        throw badValue(`${field}: must be at most ${row.cursorNumber + 1}, the next event number not yet delivered`);
      }
      return {
        action: 'resend',
        // The worker reads on from just before fromNumber's first copy: a bound the index gives exactly.
        set: { cursorNumber: fromNumber - 1, cursorOffset: start - 1, consecutiveFailures: 0, failingSince: null, nextAttemptAt: null },
        details: { fromNumber },
      };
    });
    return this.state(id);
  }

  /**
   * An administrator's decision never to deliver `eventNumber` (through `throughNumber`): only the
   * next undelivered number, and only while the endpoint is blocked, paused or failing at it. The
   * decision is recorded (delivery_skip, endpoint_transition) and logged; delivery resumes after it.
   */
  async skip(id: string, skip: SkipDto, caller: Principal): Promise<EndpointState> {
    const { subscriptionId } = await this.endpointFor(id, caller, 'skip');
    const start = await this.range.startFor(subscriptionId, skip.eventNumber);
    const actor = actorFor(caller);
    const through = skip.throughNumber ?? skip.eventNumber;
    let record: DeliverySkipEntity | undefined;
    const endpoint = await this.change(id, actor, (row) => {
      const next = row.cursorNumber + 1;
      if (skip.eventNumber !== next) throw nothingToSkip(`eventNumber: the next event number not yet delivered is ${next}, not ${skip.eventNumber}`);
      const stuck = row.blockedNumber === next || row.status === 'paused' || row.consecutiveFailures > 0;
      if (!stuck) throw nothingToSkip(`eventNumber: the endpoint is not blocked, paused or failing at ${next}; only such an event can be skipped`);
      if (through < skip.eventNumber) throw badValue(`throughNumber: must be at least eventNumber (${skip.eventNumber})`);
      const last = Math.max(row.lastSeenNumber, next);
      if (through > last) throw badValue(`throughNumber: must be at most ${last}, the last event number read from the feed`);
      record = Object.assign(new DeliverySkipEntity(), {
        endpointId: id, eventNumber: skip.eventNumber, throughNumber: through, eventId: null,
        blockedReason: row.blockedReason ?? row.lastError ?? row.statusReason ?? `${row.status} at ${next}`, reason: skip.reason, actor, at: this.clock.now(),
      });
      return {
        action: 'skip', to: statusAfterSkip(row.status),
        set: {
          // Reading goes on from where it was: the skipped numbers' copies (if any) pass as duplicates, and
          // a number missing from the topic moves nothing the next one's position depends on.
          cursorNumber: through, cursorOffset: row.cursorOffset ?? start - 1, statusReason: null, blockedNumber: null, blockedReason: null, blockedSince: null,
          consecutiveFailures: 0, failingSince: null, nextAttemptAt: null, lastError: null,
        },
        details: { eventNumber: skip.eventNumber, throughNumber: through, reason: skip.reason },
      };
    }, async (manager) => {
      if (record) await manager.insert(DeliverySkipEntity, record);
    });
    this.logger.warn({ msg: 'events skipped', endpointId: id, odsCode: endpoint.odsCode, eventNumber: skip.eventNumber, throughNumber: through, reason: skip.reason, blockedReason: record?.blockedReason, actor });
    return this.state(id);
  }

  async attempts(id: string, query: AttemptsQuery, caller: Principal): Promise<DeliveryAttemptEntity[]> {
    await this.endpointFor(id, caller, 'read');
    return this.dataSource.getRepository(DeliveryAttemptEntity).find({
      where: { endpointId: id, ...(query.eventNumber ? { eventNumber: query.eventNumber } : {}), ...(query.beforeId ? { id: LessThan(String(query.beforeId)) } : {}) },
      order: { id: 'DESC' },
      take: query.limit ?? 50,
    });
  }

  /** A new signing secret (shown here only); the older ones keep signing beside it for `overlapHours`. */
  async rotateSecret(id: string, overlapHours: number, caller: Principal): Promise<{ version: number; secret: string; previousExpireAt: string }> {
    await this.endpointFor(id, caller, 'manage');
    const actor = actorFor(caller);
    const secret = newSigningSecret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + overlapHours * HOUR_MS);
    let version = 0;
    await this.change(id, actor, () => ({ action: 'rotate-secret', details: { overlapHours } }), async (manager) => {
      const newest = await manager.findOne(EndpointSecretEntity, { where: { endpointId: id }, order: { version: 'DESC' } });
      version = (newest?.version ?? 0) + 1;
      await manager.update(EndpointSecretEntity, { endpointId: id, expiresAt: IsNull() }, { expiresAt });
      await manager.update(EndpointSecretEntity, { endpointId: id, expiresAt: MoreThan(expiresAt) }, { expiresAt });
      await manager.insert(EndpointSecretEntity, { endpointId: id, version, secretCiphertext: this.box.seal(secret), createdAt: now, createdBy: actor, expiresAt: null });
    });
    this.logger.log({ msg: 'signing secret rotated', endpointId: id, version, previousExpireAt: expiresAt.toISOString(), actor });
    return { version, secret, previousExpireAt: expiresAt.toISOString() };
  }

  /** Ends an older secret now; the newest one always stays. */
  async endSecret(id: string, version: number, caller: Principal): Promise<EndpointState> {
    await this.endpointFor(id, caller, 'manage');
    const now = this.clock.now();
    await this.change(id, actorFor(caller), () => ({ action: 'end-secret', details: { version } }), async (manager) => {
      const secrets = await manager.find(EndpointSecretEntity, { where: { endpointId: id }, order: { version: 'DESC' } });
      const secret = secrets.find((s) => s.version === version);
      if (!secret) throw new EndpointError(EndpointErrorCode.SecretNotFound, `version: the endpoint has no secret version ${version}`);
      if (secret === secrets[0]) throw new EndpointError(EndpointErrorCode.NewestSecret, `version: ${version} is the newest secret; rotate first, then end the older one`);
      if (!secret.expiresAt || secret.expiresAt > now) await manager.update(EndpointSecretEntity, { endpointId: id, version }, { expiresAt: now });
    });
    return this.state(id);
  }

  async state(id: string): Promise<EndpointState> {
    const row = await this.dataSource.getRepository(DeliveryEndpointEntity).findOneByOrFail({ id });
    const [state] = await this.states([row]);
    return state;
  }

  private async states(rows: DeliveryEndpointEntity[]): Promise<EndpointState[]> {
    if (!rows.length) return [];
    const ids = rows.map((row) => row.id);
    const now = this.clock.now();
    const [secrets, skips, backlogs] = await Promise.all([
      this.dataSource.getRepository(EndpointSecretEntity).find({ where: { endpointId: In(ids) }, order: { version: 'DESC' } }),
      this.dataSource.getRepository(DeliverySkipEntity).find({ where: { endpointId: In(ids) }, order: { id: 'ASC' } }),
      this.backlogs(rows),
    ]);
    return rows.map((endpoint, i) => ({
      endpoint,
      secrets: secrets.filter((s) => s.endpointId === endpoint.id && (!s.expiresAt || s.expiresAt > now)),
      skips: skips.filter((s) => s.endpointId === endpoint.id),
      backlog: backlogs[i],
    }));
  }

  /**
   * Messages on the topic past the cursor's (an upper bound before the first delivery, when its
   * offset is not known yet), and when the next undelivered event reached the topic, as far as this
   * instance's worker has read it.
   */
  private async backlogs(rows: DeliveryEndpointEntity[]): Promise<Backlog[]> {
    const ranges = await this.feeds.ranges(rows.map((row) => row.topic)).catch(() => new Map<string, { low: bigint; high: bigint }>());
    return rows.map((row) => {
      const range = ranges.get(row.topic);
      const after = row.cursorOffset !== null ? row.cursorOffset + 1 : Math.max(row.cursorNumber, Number(range?.low ?? 0));
      const lag = this.supervisor.workerOf(row.id)?.lagSeconds();
      return {
        messages: range ? Math.max(0, Number(range.high) - after) : null,
        oldestUndeliveredAt: lag ? new Date(Date.now() - lag * 1_000).toISOString() : null,
      };
    });
  }

  /**
   * One API change under the row lock: `decide` reads the locked row and says what changes (or
   * throws), `more` writes beside it in the same transaction. The control version moves on, so a
   * worker's commit made meanwhile misses and the worker reads the row again.
   */
  private async change(
    id: string,
    actor: EndpointActor,
    decide: (row: DeliveryEndpointEntity) => Change,
    more?: (manager: EntityManager) => Promise<void>,
  ): Promise<DeliveryEndpointEntity> {
    const now = this.clock.now();
    const changed = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(DeliveryEndpointEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new EndpointError(EndpointErrorCode.NotFound, `id: no endpoint ${id}`);
      const change = decide(row);
      await more?.(manager);
      const to = change.to ?? row.status;
      const set = { ...change.set, status: to, updatedAt: now, controlVersion: row.controlVersion + 1 };
      await manager.update(DeliveryEndpointEntity, { id }, set);
      await manager.save(transitionOf({
        endpointId: id, action: change.action, fromStatus: row.status, toStatus: to, fromCursor: row.cursorNumber,
        toCursor: set.cursorNumber ?? row.cursorNumber, details: change.details ?? {}, actor, at: now,
      }));
      return { ...row, ...set };
    });
    void this.supervisor.changed(id);
    return changed;
  }

  /** The handshake of an endpoint in `handshaking`: one request with its timeout; 2xx makes it active, anything else error. */
  private async shakeHands(endpoint: DeliveryEndpointEntity, actor: EndpointActor): Promise<void> {
    const startedAt = this.clock.now();
    let sent: ChannelSend;
    let refusal: string | null;
    let channel: HttpChannel | undefined;
    try {
      channel = await this.channels.open(endpoint);
      const notification = await this.channels.formatOf(endpoint.format).handshake(snapshotOf(endpoint));
      sent = await this.results.sendLimited(channel, notification, endpoint.timeoutSeconds * 1_000);
      refusal = refusalOf(sent);
    } catch (error) {
      sent = { result: { kind: 'connection-error', error: (error as Error).message }, latencyMs: 0 };
      refusal = `the handshake could not be sent: ${(error as Error).message}`;
    } finally {
      channel?.close();
    }
    const classified = classify(sent.result, this.clock.now());
    const action: EndpointAction = refusal === null ? 'handshake-accepted' : 'handshake-refused';
    await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(DeliveryEndpointEntity, { where: { id: endpoint.id }, lock: { mode: 'pessimistic_write' } });
      await manager.insert(DeliveryAttemptEntity, {
        endpointId: endpoint.id, kind: 'handshake', eventNumber: null, eventCount: 0, eventId: null, kafkaOffset: null, attempt: 1, startedAt,
        latencyMs: sent.latencyMs, outcome: classified.outcome, httpStatus: classified.httpStatus, retryAfterMs: classified.retryAfterMs, error: refusal,
      });
      // Disabled (or handshaken again) meanwhile: that change stands.
      if (!row || row.status !== 'handshaking' || row.controlVersion !== endpoint.controlVersion) return;
      const to = nextEndpointStatus(row.status, action);
      const now = this.clock.now();
      const accepted = refusal === null;
      await manager.update(DeliveryEndpointEntity, { id: row.id }, {
        status: to, statusReason: accepted ? null : `handshake refused: ${refusal}`, updatedAt: now, controlVersion: row.controlVersion + 1,
        ...(accepted ? { consecutiveFailures: 0, failingSince: null, nextAttemptAt: null, lastError: null, blockedNumber: null, blockedReason: null, blockedSince: null, lastNotificationAt: now } : {}),
      });
      await manager.save(transitionOf({
        endpointId: row.id, action, fromStatus: row.status, toStatus: to, fromCursor: row.cursorNumber, toCursor: row.cursorNumber,
        details: accepted ? { httpStatus: classified.httpStatus } : { refusal }, actor, at: now,
      }));
    });
    this.logger.log({ msg: refusal === null ? 'endpoint handshake accepted' : 'endpoint handshake refused', endpointId: endpoint.id, odsCode: endpoint.odsCode, refusal });
    if (refusal === null) await this.supervisor.changed(endpoint.id);
  }

  private async subscription(id: string): Promise<CareSubscription> {
    let subscription: CareSubscription | null;
    try {
      subscription = await this.careRouter.subscription(id);
    } catch (error) {
      if (error instanceof CareRouterUnavailableError) throw new EndpointError(EndpointErrorCode.CareRouterUnavailable, error.message);
      throw error;
    }
    if (!subscription) throw new EndpointError(EndpointErrorCode.SubscriptionNotFound, `subscriptionId: care-router has no subscription ${id}`);
    return subscription;
  }

  private checkUrl(url: string): void {
    if (new URL(url).protocol !== 'https:' && !this.config.allowHttp) throw badValue('url: must be an https URL');
  }

  private allow(caller: Principal, use: EndpointUse, odsCode: string): void {
    const access = endpointAccess(caller, use, odsCode);
    if (!access.allowed) throw forbidden(access.reason);
  }
}

/** Delivery goes on after a skip: a blocked (error) or paused endpoint is active again. */
function statusAfterSkip(status: EndpointStatus): EndpointStatus {
  return status === 'error' || status === 'paused' ? 'active' : status;
}

/** Why a handshake was refused, or null for a 2xx. */
function refusalOf({ result, latencyMs }: ChannelSend): string | null {
  if (result.kind === 'timeout') return `no answer within ${Math.round(latencyMs / 1_000)} s`;
  if (result.kind === 'connection-error') return `connection failed: ${result.error}`;
  return result.status >= 200 && result.status < 300 ? null : `HTTP ${result.status}`;
}

const transitionOf = (fields: Omit<EndpointTransitionEntity, 'id'>): EndpointTransitionEntity => Object.assign(new EndpointTransitionEntity(), fields);

function actorFor(caller: Principal): EndpointActor {
  return { ...actorOf(caller), role: caller.kind === 'staff' ? caller.role : null };
}

const forbidden = (reason: string) => new EndpointError(EndpointErrorCode.Forbidden, reason);
const badValue = (message: string) => new EndpointError(EndpointErrorCode.BadValue, message);
const nothingToSkip = (message: string) => new EndpointError(EndpointErrorCode.NothingToSkip, message);

