import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsInstant, IsOdsCode, IsPatientId, Nested, PractitionerDto, SnomedConceptDto } from '@care-events/service-kit';
import { ReportStatus } from '../../domain/report';
import { ObservationDto } from './observation.dto';
import { ObservationsField, STATUSES, StatusField } from './report-fields';

export class ReportResultDto {
  @ApiProperty({ format: 'uuid', description: 'The patient, as identity knows them' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ type: SnomedConceptDto, description: 'The test or panel performed' })
  @Nested(() => SnomedConceptDto)
  testCode!: SnomedConceptDto;

  @ApiProperty({ enum: STATUSES })
  @StatusField()
  status!: ReportStatus;

  @ApiProperty({ example: 'RX9', description: 'ODS code of the laboratory or department that performed the test' })
  @IsOdsCode()
  performingLabOdsCode!: string;

  @ApiProperty({ example: 'A81001', description: 'ODS code of the requesting organisation' })
  @IsOdsCode()
  requestingOdsCode!: string;

  @ApiPropertyOptional({ example: '2026-11-25T08:30:00Z', description: 'When the specimen was taken; not in the future' })
  @IsOptional()
  @IsInstant()
  effectiveAt?: string;

  @ApiProperty({ type: [ObservationDto] })
  @ObservationsField()
  observations!: ObservationDto[];
}

export class AmendReportDto {
  @ApiProperty({ example: 1, description: 'The current version, which this amendment replaces' })
  @IsInt()
  amendsVersion!: number;

  @ApiProperty({ example: 'Haemolysed sample: potassium repeated' })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @Length(1, 1000)
  reason!: string;

  @ApiProperty({ enum: STATUSES, description: 'A final report stays final' })
  @StatusField()
  status!: ReportStatus;

  @ApiProperty({ type: [ObservationDto], description: 'Every observation of the new version' })
  @ObservationsField()
  observations!: ObservationDto[];
}

export class ReleaseReportDto {
  @ApiProperty({ type: PractitionerDto })
  @Nested(() => PractitionerDto)
  releasedBy!: PractitionerDto;
}

