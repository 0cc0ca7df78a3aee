import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsSnomedConceptId } from '@care-events/service-kit';

export class ConceptDto {
  @ApiProperty({ example: '1000981000000109', description: 'SNOMED CT concept id' })
  @IsSnomedConceptId()
  conceptId!: string;

  @ApiProperty({ example: 'Urea and electrolytes', description: 'The display term as shown to the user' })
  @IsString()
  @Length(1, 255)
  term!: string;
}
