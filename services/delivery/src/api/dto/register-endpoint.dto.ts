import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { IsRecordId, Nested } from '@care-events/service-kit';
import { CONTENT_LEVELS, ContentLevel, ENDPOINT_FORMATS, EndpointFormat } from '../../domain/endpoint';
import {
  IsCertificatePem, IsEndpointUrl, IsExtraHeaders, IsHeartbeatPeriod, IsPrivateKeyOf, MAX_EXTRA_HEADERS, MAX_NUMBER, OnlyForFormat, WholeNumber,
} from './endpoint-validators';

export class ClientTlsDto {
  @ApiProperty({ description: 'The client certificate presented to the receiver (PEM)' })
  @IsString({ message: 'must be a string' })
  @IsCertificatePem()
  certificatePem!: string;

  @ApiProperty({ description: 'Its private key (PEM, unencrypted); stored sealed, never shown again' })
  @IsString({ message: 'must be a string' })
  @IsPrivateKeyOf('certificatePem')
  privateKeyPem!: string;

  @ApiPropertyOptional({ description: 'CA certificates the receiver\'s certificate is checked against, when not a public CA (PEM)' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @IsCertificatePem()
  caPem?: string;
}

export class RegisterEndpointDto {
  @ApiProperty({ format: 'uuid', description: 'The care setting\'s subscription at care-router (ACTIVE or PAUSED); its ODS code must be the caller\'s' })
  @IsRecordId('a subscription')
  subscriptionId!: string;

  @ApiProperty({ enum: ENDPOINT_FORMATS, description: 'fhir-backport: FHIR R4 backport notifications; standard-webhooks: signed JSON, one event per request' })
  @IsIn(ENDPOINT_FORMATS, { message: `must be one of ${ENDPOINT_FORMATS.join(', ')}` })
  format!: EndpointFormat;

  @ApiProperty({ example: 'https://ehr.example.nhs.uk/care-events', description: 'Where notifications are POSTed (https)' })
  @IsEndpointUrl()
  url!: string;

  @ApiPropertyOptional({ enum: CONTENT_LEVELS, default: 'id-only', description: 'fhir-backport only: what each notification carries' })
  @IsOptional()
  @IsIn(CONTENT_LEVELS, { message: `must be one of ${CONTENT_LEVELS.join(', ')}` })
  @OnlyForFormat('fhir-backport')
  content?: ContentLevel;

  @ApiPropertyOptional({ example: 300, default: 300, description: 'Seconds of silence before a heartbeat; 0 for none, else 10 to 86400' })
  @IsOptional()
  @IsHeartbeatPeriod()
  heartbeatPeriodSeconds?: number;

  @ApiPropertyOptional({ example: 15, default: 15, minimum: 1, maximum: 60, description: 'Seconds to wait for the receiver\'s answer' })
  @IsOptional()
  @WholeNumber(1, 60)
  timeoutSeconds?: number;

  @ApiPropertyOptional({ example: 1, default: 1, minimum: 1, maximum: 100, description: 'fhir-backport only: events batched in one notification' })
  @IsOptional()
  @WholeNumber(1, 100)
  @OnlyForFormat('fhir-backport')
  maxEventsPerNotification?: number;

  @ApiPropertyOptional({ example: 100, default: 100, minimum: 1, maximum: 1000, description: 'Requests per second at most' })
  @IsOptional()
  @WholeNumber(1, 1_000)
  rateLimitPerSecond?: number;

  @ApiPropertyOptional({ example: 0, default: 0, minimum: 0, description: 'The event number the feed starts after (0: from the first event)' })
  @IsOptional()
  @WholeNumber(0, MAX_NUMBER)
  startAfterNumber?: number;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: { type: 'string' }, example: { authorization: 'Bearer receiver-api-key' },
    description: `At most ${MAX_EXTRA_HEADERS} extra request headers (not webhook-*, content-type or host); stored sealed, never shown again`,
  })
  @IsOptional()
  @IsExtraHeaders()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ type: ClientTlsDto, description: 'A client certificate for mutual TLS' })
  @IsOptional()
  @Nested(() => ClientTlsDto)
  clientTls?: ClientTlsDto;
}
