import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const CARE_RECORD_FORMATS = ['json', 'fhir'] as const;
export type CareRecordFormat = (typeof CARE_RECORD_FORMATS)[number];

export class CareRecordQuery {
  @ApiPropertyOptional({ enum: CARE_RECORD_FORMATS, default: 'json', description: 'fhir: a FHIR R4 Bundle (application/fhir+json)' })
  @IsOptional()
  @IsIn(CARE_RECORD_FORMATS, { message: `must be one of ${CARE_RECORD_FORMATS.join(', ')}` })
  format?: CareRecordFormat;
}

export class AccessLogQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'How many of the latest reads' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(500, { message: 'must be at most 500' })
  limit?: number;
}
