import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBooleanString, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate, IsPatientId, PatientQuery, Nested, PractitionerDto, SnomedConceptDto } from '@care-events/service-kit';
import {
  ALLERGY_CRITICALITIES, ALLERGY_SEVERITIES, ALLERGY_TYPES, AllergyCriticality, AllergySeverity, AllergyType, VERIFICATION_STATUSES, VerificationStatus,
} from '../../domain/allergy';

const oneOf = (values: readonly string[]) => IsIn(values, { message: `must be one of ${values.join(', ')}` });

export class AllergyReactionDto {
  @ApiProperty({ type: SnomedConceptDto, description: 'The sign or symptom, e.g. 126485001 Urticaria' })
  @Nested(() => SnomedConceptDto)
  manifestation!: SnomedConceptDto;

  @ApiPropertyOptional({ example: 'Hives over the trunk within an hour' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  description?: string;
}

export class RecordAllergyDto {
  @ApiProperty({ format: 'uuid' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ type: SnomedConceptDto })
  @Nested(() => SnomedConceptDto)
  substance!: SnomedConceptDto;

  @ApiPropertyOptional({ enum: ALLERGY_TYPES, default: 'allergy' })
  @IsOptional()
  @oneOf(ALLERGY_TYPES)
  type?: AllergyType;

  @ApiPropertyOptional({ type: AllergyReactionDto })
  @IsOptional()
  @Nested(() => AllergyReactionDto)
  reaction?: AllergyReactionDto;

  @ApiProperty({ enum: ALLERGY_SEVERITIES })
  @oneOf(ALLERGY_SEVERITIES)
  severity!: AllergySeverity;

  @ApiProperty({ enum: ALLERGY_CRITICALITIES })
  @oneOf(ALLERGY_CRITICALITIES)
  criticality!: AllergyCriticality;

  @ApiProperty({ enum: VERIFICATION_STATUSES })
  @oneOf(VERIFICATION_STATUSES)
  verificationStatus!: VerificationStatus;

  @ApiProperty({ type: PractitionerDto })
  @Nested(() => PractitionerDto)
  recordedBy!: PractitionerDto;

  @ApiPropertyOptional({ example: '2001-04-01', format: 'date', description: 'Not in the future' })
  @IsOptional()
  @IsCalendarDate()
  onsetDate?: string;
}

export class EnterInErrorDto {
  @ApiProperty({ example: 'Recorded against the wrong patient' })
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @Length(1, 1000)
  reason!: string;
}

export class AllergyQuery extends PatientQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Include allergies entered in error' })
  @IsOptional()
  @IsBooleanString({ message: 'must be true or false' })
  includeEnteredInError?: string;
}
