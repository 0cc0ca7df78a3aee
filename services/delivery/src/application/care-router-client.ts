import { Inject, Injectable } from '@nestjs/common';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { ServiceToken } from './service-token';

/** A care setting's subscription as care-router's `GET /subscriptions/{id}` answers it (the fields delivery reads). */
export interface CareSubscription {
  id: string;
  odsCode: string;
  status: 'REQUESTED' | 'ACTIVE' | 'PAUSED' | 'ENDED';
  topic: string;
  lastEventNumber: number;
}

/** care-router did not answer, or not as it should: the request that needed it can be retried later (503). */
export class CareRouterUnavailableError extends Error {
  override readonly name = 'CareRouterUnavailableError';
}

const TIMEOUT_MS = 5_000;

/** Reads care-router's subscriptions with delivery's own system token. */
@Injectable()
export class CareRouterClient {
  private readonly baseUrl: string;

  constructor(@Inject(DELIVERY_CONFIG) config: Pick<DeliveryConfig, 'careRouterUrl'>, private readonly token: ServiceToken) {
    this.baseUrl = config.careRouterUrl;
  }

  /** The subscription, or null when care-router has none of that id. */
  async subscription(id: string): Promise<CareSubscription | null> {
    const url = `${this.baseUrl}/subscriptions/${encodeURIComponent(id)}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: await this.token.authorization(), accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new CareRouterUnavailableError(`care-router did not answer at ${url}: ${(error as Error).message}`);
    }
    if (response.status === 404) return null;
    if (!response.ok) throw new CareRouterUnavailableError(`care-router answered ${response.status} to GET /subscriptions/${id}`);
    const body = (await response.json().catch(() => null)) as Partial<CareSubscription> | null;
    if (!body || typeof body.odsCode !== 'string' || typeof body.status !== 'string' || typeof body.topic !== 'string' || typeof body.lastEventNumber !== 'number') {
      throw new CareRouterUnavailableError(`care-router answered GET /subscriptions/${id} with a body delivery cannot read`);
    }
    return { id, odsCode: body.odsCode, status: body.status, topic: body.topic, lastEventNumber: body.lastEventNumber };
  }
}
