import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@care-events/service-kit';
import { ENDPOINT_FORMATS, EndpointFormat } from '../domain/endpoint';
import { DeliveryEndpointEntity } from '../persistence/delivery-endpoint.entity';
import { EndpointSecretEntity } from '../persistence/endpoint-secret.entity';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { ClientTls, HttpChannel } from './http-channel';
import { EndpointSnapshot, NotificationBuildError, NotificationFormat } from './notification-format';
import { SecretBox } from './secret-box';

/** The format of each kind of endpoint, provided by the module. */
export const NOTIFICATION_FORMATS = Symbol('NOTIFICATION_FORMATS');
export type NotificationFormats = Record<EndpointFormat, NotificationFormat>;

/** What a format needs of an endpoint row. */
export function snapshotOf(row: DeliveryEndpointEntity): EndpointSnapshot {
  return {
    id: row.id, subscriptionId: row.subscriptionId, odsCode: row.odsCode, format: row.format, url: row.url, content: row.content, status: row.status,
    cursorNumber: row.cursorNumber, lastSeenNumber: row.lastSeenNumber, maxEventsPerNotification: row.format === 'fhir-backport' ? row.maxEventsPerNotification : 1,
  };
}

/**
 * Opens the channel of an endpoint: its URL, its extra headers and client certificate unsealed, and
 * its signing secrets (each used until it expires on the service's clock). For the workers and for
 * the handshake the API sends.
 */
@Injectable()
export class EndpointChannels {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    @Inject(DELIVERY_CONFIG) private readonly config: Pick<DeliveryConfig, 'allowHttp'>,
    @Inject(NOTIFICATION_FORMATS) private readonly formats: NotificationFormats,
  ) {}

  formatOf(format: EndpointFormat): NotificationFormat {
    if (!ENDPOINT_FORMATS.includes(format)) throw new NotificationBuildError(`no notification format ${format}`);
    return this.formats[format];
  }

  async open(row: DeliveryEndpointEntity): Promise<HttpChannel> {
    if (new URL(row.url).protocol !== 'https:' && !this.config.allowHttp) {
      throw new NotificationBuildError(`${row.url} is not https, and DELIVERY_ALLOW_HTTP is off`);
    }
    const secrets = await this.dataSource.getRepository(EndpointSecretEntity).find({ where: { endpointId: row.id }, order: { version: 'DESC' } });
    const opened = secrets.map((secret) => ({ secret: this.box.open(secret.secretCiphertext), expiresAt: secret.expiresAt }));
    return new HttpChannel({
      url: row.url,
      headers: row.requestHeadersCiphertext ? this.box.openJson<Record<string, string>>(row.requestHeadersCiphertext) : {},
      tls: row.clientTlsCiphertext ? this.box.openJson<ClientTls>(row.clientTlsCiphertext) : null,
      signingSecrets: () => {
        const now = this.clock.now();
        return opened.filter(({ expiresAt }) => !expiresAt || expiresAt > now).map(({ secret }) => secret);
      },
    });
  }
}
