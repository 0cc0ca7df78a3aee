import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { IsOdsCode } from '@care-events/service-kit';
import { SETTING_TYPES, SettingType } from '../../domain/subscription';
import { DOMAIN_EVENT_TYPES } from '../../events/domain-events.consumer';

export class RequestSubscriptionDto {
  @ApiProperty({ example: 'A81001', description: 'ODS code of the care setting; its topic is care-setting.<ODS>.events.v1' })
  @IsOdsCode()
  odsCode!: string;

  @ApiProperty({ enum: SETTING_TYPES })
  @IsIn(SETTING_TYPES, { message: `must be one of ${SETTING_TYPES.join(', ')}` })
  settingType!: SettingType;

  @ApiProperty({ type: [String], example: ['care.events.medications.MedicationStopped'], description: 'Record full names of the domain events wanted' })
  @IsArray({ message: 'must be a list of event types' })
  @ArrayNotEmpty({ message: 'must name at least one event type' })
  @ArrayUnique({ message: 'must not name an event type twice' })
  @IsIn(DOMAIN_EVENT_TYPES, { each: true, message: 'each must be the record full name of a domain event, e.g. care.events.medications.MedicationStopped' })
  eventTypes!: string[];
}

export class SubscriptionQuery {
  @ApiPropertyOptional({ example: 'A81001' })
  @IsOptional()
  @IsOdsCode()
  odsCode?: string;
}
