import { Inject, Injectable } from '@nestjs/common';
import type { BundleEntry, Resource } from '@medplum/fhirtypes';
import { fullResourceEntry } from '../domain/full-resource-entry';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { FeedCopy, FocusResources, NotificationBuildError, NotificationHeldError } from './notification-format';
import { ServiceToken } from './service-token';

const TIMEOUT_MS = 5_000;

/**
 * The focus resources of full-resource notifications, read from care-record (only it holds a
 * resource's whole state) with delivery's system token, so care-record audits each read. Asking
 * with `appliedEvent` guarantees the resource already reflects the event; until it does (409), or
 * while care-record is unreachable, the notification is held, never counted against the receiver.
 */
@Injectable()
export class CareRecordClient implements FocusResources {
  constructor(@Inject(DELIVERY_CONFIG) private readonly config: Pick<DeliveryConfig, 'careRecordUrl' | 'careRecordPublicUrl'>, private readonly token: ServiceToken) {}

  async entryFor(copy: FeedCopy, focus: { resourceType: string; id: string }): Promise<BundleEntry> {
    const path = `/fhir/${focus.resourceType}/${encodeURIComponent(focus.id)}?appliedEvent=${encodeURIComponent(copy.eventId)}`;
    let response: Response;
    try {
      response = await fetch(`${this.config.careRecordUrl}${path}`, { headers: { authorization: await this.token.authorization(), accept: 'application/fhir+json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new NotificationHeldError(`care-record did not answer GET ${path}: ${(error as Error).message}`);
    }
    const base = `${this.config.careRecordPublicUrl}/fhir`;
    if (response.status === 404 || response.status === 410) return fullResourceEntry(base, copy.eventType, focus, null);
    if (response.status === 409 || response.status === 429 || response.status >= 500) throw new NotificationHeldError(`care-record answered ${response.status} to GET ${path}`);
    if (!response.ok) throw new NotificationBuildError(`care-record answered ${response.status} to GET ${path}`);
    const resource = (await response.json().catch(() => null)) as Resource | null;
    if (resource?.resourceType !== focus.resourceType || resource.id !== focus.id) throw new NotificationHeldError(`care-record answered GET ${path} with a body delivery cannot read`);
    return fullResourceEntry(base, copy.eventType, focus, resource);
  }
}
