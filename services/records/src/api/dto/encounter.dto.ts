import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant, IsOdsCode, IsPatientId, Nested, PractitionerDto, SnomedConceptDto } from '@care-events/service-kit';
import { ENCOUNTER_SETTINGS, EncounterSetting } from '../../domain/encounter';

export class StartEncounterDto {
  @ApiProperty({ format: 'uuid' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ enum: ENCOUNTER_SETTINGS })
  @IsIn(ENCOUNTER_SETTINGS, { message: `must be one of ${ENCOUNTER_SETTINGS.join(', ')}` })
  setting!: EncounterSetting;

  @ApiProperty({ example: 'RX9', description: 'ODS code of the organisation that saw the patient' })
  @IsOdsCode()
  odsCode!: string;

  @ApiProperty({ example: '2026-11-26T09:30:00Z', format: 'date-time' })
  @IsInstant()
  startedAt!: string;

  @ApiPropertyOptional({ example: '2026-11-26T13:05:00Z', format: 'date-time', description: 'For an encounter recorded after it ended' })
  @IsOptional()
  @IsInstant()
  endedAt?: string;

  @ApiPropertyOptional({ type: SnomedConceptDto, description: 'Why the patient was seen' })
  @IsOptional()
  @Nested(() => SnomedConceptDto)
  reason?: SnomedConceptDto;

  @ApiPropertyOptional({ type: PractitionerDto })
  @IsOptional()
  @Nested(() => PractitionerDto)
  practitioner?: PractitionerDto;
}

export class EndEncounterDto {
  @ApiProperty({ example: '2026-11-26T13:05:00Z', format: 'date-time', description: 'Not before startedAt' })
  @IsInstant()
  endedAt!: string;
}
