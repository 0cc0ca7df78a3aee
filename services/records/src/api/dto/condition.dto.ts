import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsCalendarDate, IsPatientId, Nested, PractitionerDto, SnomedConceptDto } from '@care-events/service-kit';

export class RecordConditionDto {
  @ApiProperty({ format: 'uuid' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ type: SnomedConceptDto, description: 'The problem, e.g. 38341003 Hypertensive disorder' })
  @Nested(() => SnomedConceptDto)
  code!: SnomedConceptDto;

  @ApiPropertyOptional({ example: '2020-03-01', format: 'date', description: 'Not in the future' })
  @IsOptional()
  @IsCalendarDate()
  onsetDate?: string;

  @ApiProperty({ type: PractitionerDto })
  @Nested(() => PractitionerDto)
  recordedBy!: PractitionerDto;
}

export class ResolveConditionDto {
  @ApiProperty({ example: '2026-11-20', format: 'date', description: 'Not before the onset, not in the future' })
  @IsCalendarDate()
  resolvedDate!: string;

  @ApiPropertyOptional({ example: 'Controlled by diet' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}
