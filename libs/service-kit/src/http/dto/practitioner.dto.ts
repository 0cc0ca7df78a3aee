import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsOdsCode } from '../validators/clinical-validators';

/** A clinician acting for an organisation, in a request body; the HTTP shape of care.events.common.Practitioner. */
export class PractitionerDto {
  @ApiProperty({ example: 'G8123456', description: 'Professional identifier, e.g. a GMC, NMC or GPhC number, or the local user id' })
  @IsString()
  @Length(1, 100)
  practitionerId!: string;

  @ApiPropertyOptional({ example: 'Dr A Clinician', description: 'Display name, when known' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiProperty({ example: 'A81001', description: 'ODS code of the organisation the practitioner acted for' })
  @IsOdsCode()
  odsCode!: string;
}
