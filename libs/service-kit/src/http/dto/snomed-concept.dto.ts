import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsSnomedConceptId } from '../validators/clinical-validators';

/** A SNOMED CT concept in a request body; the HTTP shape of care.events.common.SnomedConcept. */
export class SnomedConceptDto {
  @ApiProperty({ example: '91936005', description: 'SNOMED CT concept id (6 to 18 digits, Verhoeff check digit)' })
  @IsSnomedConceptId()
  conceptId!: string;

  @ApiProperty({ example: 'Allergy to penicillin', description: 'The display term, as shown to the user' })
  @IsString()
  @Length(1, 500)
  term!: string;
}
