import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsInstant, IsOdsCode, IsPatientId } from '@care-events/service-kit';

export class FollowPatientDto {
  @ApiProperty({ format: 'uuid', description: 'The patient, as identity knows them' })
  @IsPatientId()
  patientId!: string;

  @ApiProperty({ example: 'AMB01', description: 'ODS code of the care setting that follows the patient' })
  @IsOdsCode()
  odsCode!: string;

  @ApiProperty({ example: 'Ambulance incident 4471: patient in our care', description: 'Why the setting follows the patient; audited and published' })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @Length(1, 500)
  reason!: string;

  @ApiProperty({ example: '2026-11-25T20:00:00Z', description: 'When the follow ends by itself: after now, at most 72 hours ahead' })
  @IsInstant()
  until!: string;
}
